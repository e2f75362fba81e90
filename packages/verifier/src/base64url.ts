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

/** Decodes canonical unpadded base64url; `null` for anything {@link isCanonicalBase64Url} refuses. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (NodeBuffer) {
    // Node's decoder skips what is not base64url; encoding back gives the canonical form, so the
    // round trip equals the text exactly when the text is canonical (one native pass each way).
    const bytes = NodeBuffer.from(text, "base64url");
    if (bytes.toString("base64url") !== text) return null;
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
