/**
 * The characters untrusted text never shows as they are, as a regular-expression class body (use
 * with the `u` flag): control (C0, DEL, C1, so ESC sequences), format (bidi overrides, zero-width,
 * BOM, tags), line and paragraph separators, and lone surrogates. The verifier's messages and the
 * CLI's output escape the same set.
 */
export const INVISIBLE_CHARACTER_CLASS = "\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}";
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARACTER_CLASS}]`, "gu");

/** The longest piece of untrusted text an error message carries, in UTF-16 code units. */
const MAX_QUOTED = 64;

/**
 * A value from a token or a key set, fit for an error message: quoted, cut to 64 characters
 * (marked `…`), with quotes, backslashes and every invisible or control character (C0, C1, ESC,
 * bidi overrides, zero-width, BOM, lone surrogates) written as a `\u` escape. Messages built with
 * it can be printed to a terminal or a log without the value taking over either.
 */
export function quoteUntrusted(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  const escaped = cut.replace(/["\\]/g, "\\$&").replace(INVISIBLE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}
