const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;

/** RFC 4122's DNS namespace, which Jazz uses to turn a non-UUID app id into one. */
const DNS_NAMESPACE = uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
/** The namespace of Jazz user ids: the 16 ASCII bytes `jazz-auth-key-v1`. */
const JAZZ_KEY_NAMESPACE = new TextEncoder().encode("jazz-auth-key-v1");

/**
 * Reads a UUID in any form Rust's `uuid` crate parses (hyphenated, 32 hex digits,
 * `{hyphenated}` or `urn:uuid:hyphenated`, hex in either case) and returns it lower-case
 * hyphenated; `null` for anything else.
 */
export function parseUuid(text: string): string | null {
  let body = text;
  if (body.length === 45 && body.startsWith("urn:uuid:")) body = body.slice(9);
  else if (body.length === 38 && body.startsWith("{") && body.endsWith("}")) body = body.slice(1, -1);
  if (body.length === 32 && SIMPLE.test(body)) {
    body = `${body.slice(0, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}-${body.slice(16, 20)}-${body.slice(20)}`;
  }
  return HYPHENATED.test(body) ? body.toLowerCase() : null;
}

/** A UUID string's 16 bytes. */
function uuidBytes(uuid: string): Uint8Array {
  return Uint8Array.from(uuid.replace(/-/g, "").match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** A name-based UUID (version 5, SHA-1) of `name` in `namespace`, lower-case hyphenated. */
export async function uuidV5(namespace: Uint8Array, name: Uint8Array): Promise<string> {
  const input = new Uint8Array(namespace.length + name.length);
  input.set(namespace);
  input.set(name, namespace.length);
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The audience a Jazz identity proof carries for an app id or audience string, as Jazz computes
 * it: a UUID in any form the Rust `uuid` crate reads becomes lower-case hyphenated; anything else
 * becomes the UUIDv5 of the string in the DNS namespace.
 *
 * @example
 * ```ts
 * await normalizeJazzAudience("betterauth-signup"); // a UUIDv5
 * ```
 */
export async function normalizeJazzAudience(audience: string): Promise<string> {
  return parseUuid(audience) ?? uuidV5(DNS_NAMESPACE, new TextEncoder().encode(audience));
}

/**
 * The Jazz user id of an Ed25519 public key: the UUIDv5 of its 32 bytes in the namespace made of
 * the ASCII bytes `jazz-auth-key-v1`.
 */
export async function jazzUserIdForPublicKey(publicKey: Uint8Array): Promise<string> {
  return uuidV5(JAZZ_KEY_NAMESPACE, publicKey);
}
