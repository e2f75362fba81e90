/**
 * Rust's `char::is_whitespace` is the Unicode `White_Space` property. It differs from what
 * JavaScript's `String.prototype.trim` strips: Rust strips U+0085 and keeps U+FEFF, JavaScript the
 * reverse. The Jazz server trims `sub` and `iss` with `str::trim`
 * (garden-co/jazz crates/jazz-tools/src/middleware/auth.rs), so a user id that must equal the
 * server's is computed with {@link rustTrim}, never with `trim()`.
 */
const RUST_WHITE_SPACE: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Whether `char` (one UTF-16 code unit of the BMP) is white space to Rust's `char::is_whitespace`. */
export function isRustWhiteSpace(codeUnit: number): boolean {
  return RUST_WHITE_SPACE.has(codeUnit);
}

/** `s` trimmed as Rust's `str::trim` trims it (linear time; every `White_Space` is in the BMP). */
export function rustTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && RUST_WHITE_SPACE.has(s.charCodeAt(start))) start++;
  while (end > start && RUST_WHITE_SPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}
