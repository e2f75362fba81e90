import {
  type JazzClaims,
  type JazzClientSession,
  jazzClientSession,
  VerificationError,
  type VerificationErrorCode,
  type Verifier,
} from "@jazz-auth/verifier";

/**
 * What every middleware attaches to an authenticated request: the verifier's verdict and the
 * session Jazz's TypeScript backend would build for the same token.
 */
export interface JazzRequestAuth {
  /** `sub` as the Jazz server reads it (`session.user_id`); see `VerifiedToken.userId`. */
  readonly userId: string;
  /** Exactly what the Jazz server puts in `session.claims` for this token (frozen). */
  readonly claims: JazzClaims;
  /** The token's `iss`, or `null`. */
  readonly issuer: string | null;
  /** The configured issuer that verified it (`VerifiedToken.issuerName`): with `issuers`, which entry matched. */
  readonly issuerName: string | null;
  /**
   * The session Jazz's backend derives from the token (`resolveRequestSession`,
   * packages/jazz-tools/src/backend/request-auth.ts:357-382): pass it to `context.forSession(session)`.
   */
  readonly session: JazzClientSession;
  /** When the token expires (`null` only with `requireExp: false` and no `exp`). */
  readonly expiresAt: Date | null;
}

/** Options every middleware entry takes. */
export interface JazzAuthOptions {
  /** The strict verifier the app built with `createVerifier`. */
  readonly verifier: Verifier;
  /** The `realm` of the `WWW-Authenticate` challenge (default `"jazz"`): printable ASCII without `"` or `\`. */
  readonly realm?: string;
}

/**
 * Why a request carries no usable bearer token, from a closed set:
 * - `ERR_NO_CREDENTIALS`: no `Authorization` header, or one with another scheme (`Basic ...`).
 * - `ERR_BEARER_SCHEME`: the Bearer scheme, but not as Jazz reads it: exactly `Bearer` followed by
 *   one space (`bearer x`, `BEARER x` and `Bearer\tx` are refused).
 * - `ERR_EMPTY_TOKEN`: `Bearer` followed by nothing but white space.
 */
export type JazzRequestErrorCode = "ERR_NO_CREDENTIALS" | "ERR_BEARER_SCHEME" | "ERR_EMPTY_TOKEN";

/** Every code a refusal can carry: the request's own, or the verifier's. */
export type JazzAuthErrorCode = JazzRequestErrorCode | VerificationErrorCode;

/** The JSON body of a refusal: the code only (never the token, never the verifier's message). */
export interface JazzAuthErrorBody {
  readonly error: "unauthorized" | "invalid_request" | "invalid_token" | "temporarily_unavailable";
  readonly code: JazzAuthErrorCode;
}

/** An answer a middleware sends as it is: status, headers and JSON body. */
export interface JazzAuthRefusal {
  /** 401 (no or invalid token), 400 (malformed `Authorization`, RFC 6750 §3.1) or 503 (key set unavailable). */
  readonly status: 400 | 401 | 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: JazzAuthErrorBody;
}

/** The outcome of {@link authenticateRequest}: the attached value, or the answer to send. */
export type JazzAuthOutcome =
  | { readonly ok: true; readonly auth: JazzRequestAuth }
  | { readonly ok: false; readonly refusal: JazzAuthRefusal };

/** A token read from the header, or why there is none. */
export type BearerReading =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "refused"; readonly code: JazzRequestErrorCode };

const PREFIX = "Bearer ";
const REALM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Reads the bearer token of an `Authorization` header value exactly as Jazz's TypeScript backend
 * does (garden-co/jazz at 6a363411a, packages/jazz-tools/src/backend/request-auth.ts):
 * - several values (a Node header array): the first (`readHeader`, lines 54-58); a `Headers` object
 *   has already joined them with ", " (line 51), which no token survives;
 * - the scheme: the value must start with `Bearer ` — capital B, lower-case rest, one space
 *   (`startsWith("Bearer ")`, line 64); anything else is refused;
 * - white space: the rest is trimmed with JavaScript's `trim()` (line 68), so `Bearer   t  ` is `t`;
 * - empty: nothing left after trimming is refused (lines 69-71).
 *
 * Jazz answers every refusal with one message; here they get a code: no header or another scheme
 * (`ERR_NO_CREDENTIALS`), the Bearer scheme written otherwise (`ERR_BEARER_SCHEME`, compared without
 * case as RFC 9110 §11.1 does), or no token after it (`ERR_EMPTY_TOKEN`).
 */
export function readBearerToken(value: string | readonly string[] | null | undefined): BearerReading {
  const header = typeof value === "string" ? value : value?.[0];
  if (header === undefined || header === "") return { kind: "refused", code: "ERR_NO_CREDENTIALS" };
  if (header.startsWith(PREFIX)) {
    const token = header.slice(PREFIX.length).trim();
    return token ? { kind: "token", token } : { kind: "refused", code: "ERR_EMPTY_TOKEN" };
  }
  const scheme = /^\S*/.exec(header)?.[0] ?? "";
  if (scheme.toLowerCase() !== "bearer") return { kind: "refused", code: "ERR_NO_CREDENTIALS" };
  return { kind: "refused", code: header.slice(scheme.length).trim() ? "ERR_BEARER_SCHEME" : "ERR_EMPTY_TOKEN" };
}

/**
 * The answer for a refusal code, after RFC 6750 §3 and §3.1:
 * - no credentials: 401 with a bare challenge, `Bearer realm="…"` (no error code: "If the request
 *   lacks any authentication information … the resource server SHOULD NOT include an error code");
 * - a malformed `Authorization` header: 400, `error="invalid_request"` ("SHOULD respond with the
 *   HTTP 400 (Bad Request) status code");
 * - a token the verifier refused: 401, `error="invalid_token"`;
 * - `ERR_JWKS_UNAVAILABLE` (retryable: the token may be fine): 503 with no challenge, and
 *   `Retry-After` when the verifier said when it asks the endpoint again (`retryAfterSeconds`).
 *
 * `error_description` is the code; the body is `{ error, code }`.
 */
export function refusalFor(
  code: JazzAuthErrorCode,
  realm = "jazz",
  retryAfterSeconds: number | null = null,
): JazzAuthRefusal {
  const json = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  const challenge = (error?: string) =>
    error ? `Bearer realm="${realm}", error="${error}", error_description="${code}"` : `Bearer realm="${realm}"`;
  if (code === "ERR_NO_CREDENTIALS") {
    return {
      status: 401,
      headers: { ...json, "www-authenticate": challenge() },
      body: { error: "unauthorized", code },
    };
  }
  if (code === "ERR_BEARER_SCHEME" || code === "ERR_EMPTY_TOKEN") {
    const error = "invalid_request";
    return { status: 400, headers: { ...json, "www-authenticate": challenge(error) }, body: { error, code } };
  }
  if (code === "ERR_JWKS_UNAVAILABLE") {
    const retry = Number.isSafeInteger(retryAfterSeconds) && (retryAfterSeconds as number) > 0;
    const headers = retry ? { ...json, "retry-after": String(retryAfterSeconds) } : json;
    return { status: 503, headers, body: { error: "temporarily_unavailable", code } };
  }
  const error = "invalid_token";
  return { status: 401, headers: { ...json, "www-authenticate": challenge(error) }, body: { error, code } };
}

/**
 * The options' `realm` (default `"jazz"`), checked: the middleware factories call it when they are
 * built, so a bad one fails at start-up.
 *
 * @throws {TypeError} when `realm` has a character a quoted string cannot hold.
 */
export function checkedRealm(options: JazzAuthOptions): string {
  const realm = options.realm ?? "jazz";
  if (!REALM.test(realm))
    throw new TypeError('[jazz-auth/verifier] `realm` must be printable ASCII without `"` or `\\`.');
  return realm;
}

/**
 * The framework-independent part of every middleware: reads the header ({@link readBearerToken}),
 * verifies the token with the app's verifier, and builds what is attached, or the refusal to send
 * ({@link refusalFor}). A token whose `sub` Jazz's backend reads as another user than the Jazz server
 * does (they trim with different rules: `jazzClientSession`) is refused as `ERR_CLAIM_INVALID`.
 * The token is never logged and never part of the answer; an error that is not a
 * `VerificationError` (a bug, not a refusal) is rethrown.
 *
 * @throws {TypeError} when `realm` has a character a quoted string cannot hold.
 *
 * @example
 * ```ts
 * const outcome = await authenticateRequest(request.headers.get("authorization"), { verifier });
 * if (!outcome.ok) return Response.json(outcome.refusal.body, outcome.refusal);
 * ```
 */
export async function authenticateRequest(
  authorization: string | readonly string[] | null | undefined,
  options: JazzAuthOptions,
): Promise<JazzAuthOutcome> {
  const realm = checkedRealm(options);
  const reading = readBearerToken(authorization);
  if (reading.kind === "refused") return { ok: false, refusal: refusalFor(reading.code, realm) };
  try {
    const verified = await options.verifier.verify(reading.token);
    const session = jazzClientSession(verified.payload);
    if (!session || session.user_id !== verified.userId) {
      return { ok: false, refusal: refusalFor("ERR_CLAIM_INVALID", realm) };
    }
    // Jazz's backend and server allow no leeway on `exp` (request-auth.ts ensureJwtNotExpired:
    // `exp <= now` is expired); the verifier's clock tolerance must not make this more lenient.
    if (verified.expiresAt !== null && verified.expiresAt.getTime() / 1000 <= Math.floor(Date.now() / 1000)) {
      return { ok: false, refusal: refusalFor("ERR_EXPIRED", realm) };
    }
    const { userId, claims, issuer, issuerName, expiresAt } = verified;
    return { ok: true, auth: { userId, claims, issuer, issuerName, session, expiresAt } };
  } catch (error) {
    if (error instanceof VerificationError) {
      return { ok: false, refusal: refusalFor(error.code, realm, error.retryAfterSeconds) };
    }
    throw error;
  }
}
