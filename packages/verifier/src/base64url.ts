const ALPHABET = /^[A-Za-z0-9_-]*$/;
const VALUES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NodeBuffer = (
  globalThis as {
    Buffer?: {
      from(text: string, encoding: "base64url"): Uint8Array & { toString(encoding: "base64url"): string };
      from(bytes: Uint8Array): { toString(encoding: "base64url"): string };
    };
  }
).Buffer;

/**
 * True when `text` is canonical unpadded base64url (RFC 7515 §2): only the URL-safe alphabet, no
 * padding or whitespace, a possible length, and no set bits in the unused trailing positions, so
 * no two strings decode to the same bytes.
 */
export function isCanonicalBase64Url(text: string): boolean {
  if (!ALPHABET.test(text)) return false;
  const rest = text.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const last = VALUES.indexOf(text.charAt(text.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Node's `Buffer.byteLength`, where `Buffer` is global. */
const byteLength = (NodeBuffer as { byteLength?: (text: string, encoding: "utf8") => number } | undefined)?.byteLength;

/** The value (0-63) of a base64url character known to be in the alphabet. */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a-z
  if (code >= 65) return code - 65; // A-Z
  if (code >= 48) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // - _
}

/**
 * Decodes canonical unpadded base64url; `null` for anything {@link isCanonicalBase64Url} refuses.
 *
 * On Node, one native decode and three cheap facts, without encoding back: Node's decoder skips any
 * byte outside its alphabet and stops at `=`, so the decoded length is the canonical one exactly when
 * nothing was skipped; it also takes `+` and `/` and reads only the low byte of a character above
 * U+00FF (so `ţ` decodes as `c`), hence the search for `+` and `/` and the UTF-8 length, which
 * equals the string's length only for ASCII. The trailing bits are checked on the last character.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (NodeBuffer && byteLength) {
    const { length } = text;
    const rest = length & 3;
    if (rest === 1 || byteLength(text, "utf8") !== length) return null;
    const bytes = NodeBuffer.from(text, "base64url");
    if (bytes.length !== (length >> 2) * 3 + (rest === 0 ? 0 : rest - 1)) return null;
    if (text.indexOf("+") !== -1 || text.indexOf("/") !== -1) return null;
    if (rest !== 0 && (sextet(text.charCodeAt(length - 1)) & (rest === 2 ? 0x0f : 0x03)) !== 0) return null;
    // A plain Uint8Array over the same memory: a Buffer's `slice` would be a view, not a copy.
    return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }
  if (!isCanonicalBase64Url(text)) return null;
  return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0));
}

/** Encodes bytes as unpadded base64url (RFC 7515 §2). */
export function encodeBase64Url(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes).toString("base64url");
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
