/**
 * Every reason a token can be refused, from a closed set; each has an entry in docs/errors.md.
 *
 * - `ERR_MALFORMED`: not a canonical compact JWS, or its header/payload is not a JSON object.
 * - `ERR_TOKEN_TOO_LARGE`: longer than `maxTokenBytes`.
 * - `ERR_ALG_NOT_ALLOWED`: `none`, HMAC without a configured secret, or outside the allow-list.
 * - `ERR_CRIT_UNSUPPORTED`: the header lists critical extensions (`crit`).
 * - `ERR_KEY_NOT_FOUND`: no key in the set fits the token's `kid` and `alg`.
 * - `ERR_KEY_UNUSABLE`: the matching key cannot be used: weak (RSA under 2048 bits or with a public
 *   exponent below 3 or even, an EC point off its curve, an Ed25519 key of small order), malformed
 *   (`key_ops` not an array of strings, `use` or `alg` not a string, ...) or not importable.
 * - `ERR_SIGNATURE_INVALID`: the signature does not verify.
 * - `ERR_EXPIRED`, `ERR_NOT_YET_VALID`, `ERR_ISSUED_IN_FUTURE`: the time claims say no.
 * - `ERR_ISSUER_MISMATCH`, `ERR_AUDIENCE_MISMATCH`: `iss` / `aud` is not the configured one.
 * - `ERR_ISSUER_UNKNOWN`: a multi-issuer verifier (`issuers`) has no entry whose issuer is exactly
 *   the token's `iss` (or the token has none); refused before any key is looked up or fetched.
 * - `ERR_AUTHORIZED_PARTY_MISMATCH`: `azp` is missing or not one of the authorized parties.
 * - `ERR_CLAIM_INVALID`: a claim is missing or has the wrong type or format (`exp`, `sub`, ...).
 * - `ERR_SUBJECT_WHITESPACE`: the bridge would mint a `sub` the Jazz server reads as another user:
 *   the provider's `sub` (or the mapped subject) starts or ends with white space Jazz trims.
 * - `ERR_SUBJECT_CONFLICT`: the bridge's `subject` mapping refused the token: its identity collides
 *   with another one (an alias already taken, two accounts linked to one old id).
 * - `ERR_SUBJECT_NOT_MAPPED`: the bridge's `subject` mapping refused the token: this identity has
 *   no mapping and the policy accepts only mapped users.
 * - `ERR_LIFETIME_TOO_LONG`: a local-first proof lives longer than allowed.
 * - `ERR_JWKS_UNAVAILABLE`: the key set could not be loaded (or publishes private key material, an
 *   `oct` key's `k` included) and no usable copy is cached. Retryable.
 */
export type VerificationErrorCode =
  | "ERR_MALFORMED"
  | "ERR_TOKEN_TOO_LARGE"
  | "ERR_ALG_NOT_ALLOWED"
  | "ERR_CRIT_UNSUPPORTED"
  | "ERR_KEY_NOT_FOUND"
  | "ERR_KEY_UNUSABLE"
  | "ERR_SIGNATURE_INVALID"
  | "ERR_EXPIRED"
  | "ERR_NOT_YET_VALID"
  | "ERR_ISSUED_IN_FUTURE"
  | "ERR_ISSUER_MISMATCH"
  | "ERR_ISSUER_UNKNOWN"
  | "ERR_AUDIENCE_MISMATCH"
  | "ERR_AUTHORIZED_PARTY_MISMATCH"
  | "ERR_CLAIM_INVALID"
  | "ERR_SUBJECT_WHITESPACE"
  | "ERR_SUBJECT_CONFLICT"
  | "ERR_SUBJECT_NOT_MAPPED"
  | "ERR_LIFETIME_TOO_LONG"
  | "ERR_JWKS_UNAVAILABLE";

/**
 * Why a token was refused. `retryable` is true only where trying again can help (the key set
 * could not be loaded); the underlying error (from jose, `fetch`, ...) is kept as `cause`.
 * Messages never contain the token or key material.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (error) {
 *   if (error instanceof VerificationError) return error.retryable ? res.status(503) : res.status(401);
 *   throw error;
 * }
 * ```
 */
export class VerificationError extends Error {
  override readonly name = "VerificationError";
  /** Why the token was refused, from a closed set. */
  readonly code: VerificationErrorCode;
  /** True only for `ERR_JWKS_UNAVAILABLE`. */
  readonly retryable: boolean;
  /**
   * For `ERR_JWKS_UNAVAILABLE` from a JWKS URL: whole seconds (at least 1) until the verifier asks
   * the endpoint again. Until then the same token is refused the same way without a request, so it
   * is what an HTTP answer's `Retry-After` should say (the middleware sends it). `null` otherwise.
   */
  readonly retryAfterSeconds: number | null;

  constructor(code: VerificationErrorCode, message: string, cause?: unknown, retryAfterSeconds?: number | null) {
    super(`[jazz-auth/verifier] ${message} (${code})`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.retryable = code === "ERR_JWKS_UNAVAILABLE";
    this.retryAfterSeconds = this.retryable && retryAfterSeconds != null ? retryAfterSeconds : null;
  }
}

/**
 * `error` as a refusal that says when to try again: a copy of a retryable `VerificationError` with
 * {@link VerificationError.retryAfterSeconds} set (the same message, cause and stack), so an error
 * kept and thrown to many callers is never changed under them. Anything else is returned as it is.
 */
export function retryLater(error: unknown, seconds: number): unknown {
  if (!(error instanceof VerificationError) || !error.retryable) return error;
  const copy = new VerificationError(error.code, "", error.cause, seconds);
  copy.message = error.message;
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

/** Shorthand for `new VerificationError(...)`, for `throw refuse(...)`. */
export function refuse(
  code: VerificationErrorCode,
  message: string,
  cause?: unknown,
  retryAfterSeconds?: number | null,
): VerificationError {
  return new VerificationError(code, message, cause, retryAfterSeconds);
}
