import type { AuthEnvironment } from "./environment";
import type { AuthSnapshot } from "./snapshot";
import type { TabSharingOptions } from "./tabs/tab-coordinator";
import type { TokenSourceEvent } from "./telemetry";
import type { Clock, Timers } from "./timing";

/** What the engine passes to {@link FetchToken}. */
export interface FetchTokenOptions {
  /** Bypass the provider SDK's own cache and mint a new token. */
  readonly forceRefresh: boolean;
  /** Fires when the engine no longer wants the result (timeout, session change, dispose). */
  readonly signal: AbortSignal;
}

/**
 * Asks the provider for a token: resolve the JWT, resolve `null` when there is no session
 * (signed out), reject when the provider could not answer. Reject with a non-retryable
 * {@link JazzAuthError} when retrying cannot help; any other rejection is retried.
 */
export type FetchToken = (options: FetchTokenOptions) => Promise<string | null>;

/** Calls `onChange` whenever the provider's session changes (sign-in, sign-out, user switch). */
export type WatchSession = (onChange: () => void) => () => void;

/** Options of {@link TokenSource.getToken}. */
export interface GetTokenOptions {
  /** Never return the cached token: wait for one minted after this call. */
  readonly forceRefresh?: boolean;
  /** Stop waiting; the call rejects with `ERR_ABORTED` (the shared provider call goes on). */
  readonly signal?: AbortSignal;
}

/** Called with each new {@link AuthSnapshot}. */
export type SnapshotListener = (snapshot: AuthSnapshot) => void;

/**
 * A provider's tokens, cached and kept fresh. Every jazz-auth adapter returns one.
 *
 * - `getToken()` resolves a token that has not expired, `null` when signed out, or rejects with
 *   a {@link JazzAuthError}; a rejection never means "signed out".
 * - `getSnapshot()` and `subscribe()` fit React's `useSyncExternalStore`. While anyone is
 *   subscribed the token is refreshed before it expires.
 * - `dispose()` stops every timer and listener; later calls reject with `ERR_DISPOSED`.
 */
export interface TokenSource {
  /** The provider's id, such as `"clerk"`. */
  readonly provider: string;
  /** A token that has not expired, `null` when signed out; rejects with a `JazzAuthError`. */
  getToken(options?: GetTokenOptions): Promise<string | null>;
  /** The current snapshot, synchronously; the same object until something changes. */
  getSnapshot(): AuthSnapshot;
  /** Calls `listener` on every new snapshot; returns the unsubscribe function. */
  subscribe(listener: SnapshotListener): () => void;
  /** Stops every timer and listener; later calls reject with `ERR_DISPOSED`. */
  dispose(): void;
}

/** How the engine retries a failed provider call. */
export interface RetryOptions {
  /** How many failed attempts make `getToken()` reject (default 3). Background refresh keeps trying. */
  readonly attempts?: number;
  /** Delay after the first failure (default 1 000 ms); it doubles per failure, with jitter. */
  readonly baseDelayMs?: number;
  /** Upper bound of the delay (default 60 000 ms). */
  readonly maxDelayMs?: number;
  /** Source of randomness for the jitter, in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * The engine options every adapter passes through to {@link createTokenSource}: leeway, timeout,
 * retry, clock, timers and environment.
 */
export type EngineOptions = Omit<TokenSourceOptions, "provider" | "fetchToken" | "watch">;

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  /** The provider's id, used in errors and snapshots. */
  readonly provider: string;
  /** Asks the provider for a token (see {@link FetchToken}). */
  readonly fetchToken: FetchToken;
  /** Tells the engine when the provider's session changes (see {@link WatchSession}). */
  readonly watch?: WatchSession;
  /**
   * How long before expiry to refresh. Default: a fifth of the token's lifetime, at most 300 s
   * (a 60 s Clerk token refreshes 12 s early, a 1 h Firebase token 5 min early).
   */
  readonly refreshLeewaySeconds?: number;
  /** A provider call that has not settled after this long counts as failed (default 30 000). */
  readonly fetchTimeoutMs?: number;
  /** How failed provider calls are retried. */
  readonly retry?: RetryOptions;
  /** The wall clock (default `Date.now`); tests pass a fake one. */
  readonly clock?: Clock;
  /** `setTimeout`/`clearTimeout` (default the global ones); tests pass fake ones. */
  readonly timers?: Timers;
  /** Lifecycle events; by default the browser's when there is one. `null` turns them off. */
  readonly environment?: AuthEnvironment | null;
  /**
   * Share provider calls and their answers with the other tabs of this origin that use the same
   * provider and `key`: one tab at a time calls the provider, and its token, sign-out or failure
   * reaches every other tab without a call (see docs/concepts/tabs.md). Needs the environment's
   * tab platform (the browser's by default); `false` or absent: this tab on its own.
   */
  readonly shareAcrossTabs?: TabSharingOptions | false;
  /**
   * What the server knew when it rendered the page (SSR): its token for this user, or `null` when
   * it found no session. A token that is still valid is adopted without a provider call; the source
   * starts signed in with it, or signed out for `null`, instead of loading. An expired or unusable
   * token is ignored: the source loads as usual. See docs/guides/ssr.md.
   */
  readonly initialToken?: string | null;
  /**
   * The server's `Date.now()` when it rendered the page. The render happened after this page's
   * navigation started (`performance.timeOrigin`), which bounds how far the server's clock is from
   * this one, so the token's expiry is read right even when the server had it cached. Without it,
   * the token is taken as minted for this request (its `iat` dates it), and one that has expired by
   * this device's clock is ignored.
   */
  readonly renderedAt?: number;
  /** Telemetry: refreshes started, finished and failed, tab turns, principal changes (never a token). */
  readonly onEvent?: (event: TokenSourceEvent) => void;
}
