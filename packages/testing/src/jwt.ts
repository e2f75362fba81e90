/** Claims for {@link mintUnsignedJwt}; `undefined` leaves a claim out. */
export interface UnsignedJwtClaims {
  readonly sub?: unknown;
  /** Seconds since the epoch; any other value makes a malformed token on purpose. */
  readonly iat?: unknown;
  readonly exp?: unknown;
  readonly [claim: string]: unknown;
}

const encode = (value: unknown): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/**
 * A JWT-shaped string with a placeholder signature, for client-side tests: the client never
 * verifies signatures, so these exercise decoding, scheduling and principal handling. Use the
 * verifier's test issuer for anything a server must accept.
 */
export function mintUnsignedJwt(claims: UnsignedJwtClaims, header: Record<string, unknown> = {}): string {
  return `${encode({ alg: "ES256", typ: "JWT", kid: "test", ...header })}.${encode(claims)}.c2lnbmF0dXJl`;
}
