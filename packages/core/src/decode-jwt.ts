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
  const segments = typeof token === "string" ? token.split(".") : [];
  const problem =
    segments.length !== 3
      ? `it has ${segments.length} dot-separated segments, not 3`
      : (segmentProblem(segments[0], "header") ?? segmentProblem(segments[1], "payload"));
  if (problem !== undefined) {
    // The cause names what is wrong, never the value: an opaque access token must not reach app logs.
    throw new JazzAuthError("ERR_MALFORMED_TOKEN", "Not a JWT (three base64url segments, JSON header and payload).", {
      cause: new Error(`Not a JWT: ${problem}.`),
    });
  }
  return { header: readObject(segments[0]), payload: readObject(segments[1]) };
}

/** What is wrong with one segment, in words that quote nothing from it; `undefined` when it reads. */
function segmentProblem(segment = "", name: string): string | undefined {
  if (!/^[\w-]+$/.test(segment)) return `the ${name} is not base64url`;
  let value: unknown;
  try {
    value = readJson(segment);
  } catch {
    return `the ${name} is not base64url-encoded UTF-8 JSON`;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? undefined
    : `the ${name} is not a JSON object`;
}

function readJson(segment: string): unknown {
  const binary = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function readObject(segment = ""): Record<string, unknown> {
  return readJson(segment) as Record<string, unknown>;
}
