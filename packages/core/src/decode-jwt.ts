import { JazzAuthError } from "./errors";

/** The registered claims jazz-auth reads, plus whatever else the token carries. */
export interface JwtPayload {
  readonly sub?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
  readonly iss?: unknown;
  readonly aud?: unknown;
  readonly nbf?: unknown;
  /** The only claims a Jazz permission policy can see (`session.claims`). */
  readonly claims?: unknown;
  readonly [claim: string]: unknown;
}

/** A JWT's header and payload, read without any signature check. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: JwtPayload;
}

/**
 * Reads a compact JWT's header and payload **without verifying it**: use it to schedule
 * refreshes and show who is signed in, never to make an authorisation decision (that is the
 * verifier's job, `@jazz-auth/verifier`).
 *
 * @throws {JazzAuthError} `ERR_MALFORMED_TOKEN` when the value is not three dot-separated
 * segments whose first two are base64url-encoded JSON objects (an opaque access token, say).
 *
 * @example
 * ```ts
 * const { payload } = decodeJwt(token);
 * console.log(payload.sub, payload.exp);
 * ```
 */
export function decodeJwt(token: string): DecodedJwt {
  try {
    const [header, payload, signature, extra] = token.split(".");
    if (signature === undefined || extra !== undefined) throw token;
    return { header: readObject(header), payload: readObject(payload) };
  } catch (cause) {
    throw new JazzAuthError("ERR_MALFORMED_TOKEN", "Not a JWT (three base64url segments, JSON header and payload).", {
      cause,
    });
  }
}

function readObject(segment = ""): Record<string, unknown> {
  if (!/^[\w-]+$/.test(segment)) throw segment;
  const binary = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
  const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
  if (typeof value !== "object" || !value || Array.isArray(value)) throw value;
  return value as Record<string, unknown>;
}
