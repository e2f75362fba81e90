const VALUES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Decodes as Node's `Buffer.from(text, "base64")` does, which the TS backend uses for the payload
 * (garden-co/jazz packages/jazz-tools/src/runtime/client-session.ts:48-63): both alphabets,
 * characters outside them skipped, decoding stops at the first `=`, leftover bits dropped.
 * Checked against `Buffer` itself in the tests.
 */
export function nodeBase64Decode(text: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const char of text) {
    if (char === "=") break;
    const value = char === "-" ? 62 : char === "_" ? 63 : VALUES.indexOf(char);
    if (value < 0 || char.length !== 1) continue;
    acc = (acc << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}
