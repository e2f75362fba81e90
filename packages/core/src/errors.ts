/**
 * Every code a {@link JazzAuthError} can carry. The union is closed: each code has an entry in
 * `docs/errors.md`, and adding one is a minor release.
 *
 * - `ERR_FETCH_FAILED`: the provider call failed (network, 5xx, an unknown error). Retryable.
 * - `ERR_TIMEOUT`: the provider call did not settle within `fetchTimeoutMs`. Retryable.
 * - `ERR_TOKEN_EXPIRED`: the provider handed out a token that had already expired. Retryable.
 * - `ERR_MALFORMED_TOKEN`: the provider token is not a JWT Jazz can use. Not retryable.
 * - `ERR_INTERACTION_REQUIRED`: the user must act (consent, re-login) before a token can be had.
 * - `ERR_PROVIDER_CONFIG`: the provider is set up in a way that cannot produce a token.
 * - `ERR_JAZZ_REJECTED`: the Jazz server rejected a fresh token too; recovery goes on with backoff.
 * - `ERR_JAZZ_AUTH_DISABLED`: the Jazz server has no external auth configured; no token can help.
 * - `ERR_ABORTED`: the caller's `AbortSignal` fired.
 * - `ERR_DISPOSED`: the token source was disposed.
 */
export type JazzAuthErrorCode =
  | "ERR_FETCH_FAILED"
  | "ERR_TIMEOUT"
  | "ERR_TOKEN_EXPIRED"
  | "ERR_MALFORMED_TOKEN"
  | "ERR_INTERACTION_REQUIRED"
  | "ERR_PROVIDER_CONFIG"
  | "ERR_JAZZ_REJECTED"
  | "ERR_JAZZ_AUTH_DISABLED"
  | "ERR_ABORTED"
  | "ERR_DISPOSED";

/** Whether each code's errors are retryable unless said otherwise; the compiler checks it is complete. */
export const RETRYABLE_BY_CODE: Readonly<Record<JazzAuthErrorCode, boolean>> = {
  ERR_FETCH_FAILED: true,
  ERR_TIMEOUT: true,
  ERR_TOKEN_EXPIRED: true,
  ERR_MALFORMED_TOKEN: false,
  ERR_INTERACTION_REQUIRED: false,
  ERR_PROVIDER_CONFIG: false,
  ERR_JAZZ_REJECTED: true,
  ERR_JAZZ_AUTH_DISABLED: false,
  ERR_ABORTED: false,
  ERR_DISPOSED: false,
};

/** Options of the {@link JazzAuthError} constructor. */
export interface JazzAuthErrorOptions {
  /** Whether trying again later can help. Defaults to the code's own nature (see docs/errors.md). */
  readonly retryable?: boolean;
  /** The provider the error came from, such as `"clerk"`. */
  readonly provider?: string;
  /** The underlying error, kept as-is. */
  readonly cause?: unknown;
}

/**
 * The one error class of jazz-auth's client side. Branch on `code`, never on `message`.
 *
 * @example
 * ```ts
 * try {
 *   await source.getToken();
 * } catch (error) {
 *   if (isJazzAuthError(error) && error.retryable) showOfflineBanner();
 * }
 * ```
 */
export class JazzAuthError extends Error {
  override readonly name = "JazzAuthError";
  /** What went wrong, from a closed set. */
  readonly code: JazzAuthErrorCode;
  /** Whether trying again later can help. */
  readonly retryable: boolean;
  /** The provider the error came from, when known. */
  readonly provider: string | undefined;

  constructor(code: JazzAuthErrorCode, message: string, options: JazzAuthErrorOptions = {}) {
    const where = options.provider ? ` [${options.provider}]` : "";
    super(`[jazz-auth]${where} ${message} (${code})`, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_CODE[code] ?? false;
    this.provider = options.provider;
  }
}

/** True when `value` is a {@link JazzAuthError}, optionally with the given code. */
export function isJazzAuthError(value: unknown, code?: JazzAuthErrorCode): value is JazzAuthError {
  return value instanceof JazzAuthError && (code === undefined || value.code === code);
}
