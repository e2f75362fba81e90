import { backoffDelay, type RetryOptions, retryPolicy } from "./backoff";
import { type AuthEnvironment, browserEnvironment, type LifecycleEvent } from "./environment";
import { JazzAuthError } from "./errors";
import { type AuthSnapshot, sameSnapshot } from "./snapshot";
import { type Clock, systemClock, systemTimers, type Timers } from "./timing";
import { createTokenClock, type TokenTiming } from "./token-clock";

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
  getToken(options?: GetTokenOptions): Promise<string | null>;
  getSnapshot(): AuthSnapshot;
  subscribe(listener: SnapshotListener): () => void;
  dispose(): void;
}

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  /** The provider's id, used in errors and snapshots. */
  readonly provider: string;
  readonly fetchToken: FetchToken;
  readonly watch?: WatchSession;
  /**
   * How long before expiry to refresh. Default: a fifth of the token's lifetime, at most 300 s
   * (a 60 s Clerk token refreshes 12 s early, a 1 h Firebase token 5 min early).
   */
  readonly refreshLeewaySeconds?: number;
  /** A provider call that has not settled after this long counts as failed (default 30 000). */
  readonly fetchTimeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Lifecycle events; by default the browser's when there is one. `null` turns them off. */
  readonly environment?: AuthEnvironment | null;
}

/** While subscribed, the engine looks at the wall clock at least this often, to notice sleep. */
const HEARTBEAT_MS = 60_000;
/** A timer this late means the machine slept (or the tab was frozen). */
const WAKE_GAP_MS = 30_000;

interface Flight {
  readonly id: number;
  readonly forced: boolean;
  readonly controller: AbortController;
  timeout?: unknown;
}

type Outcome = { readonly token: string | null } | { readonly error: JazzAuthError };

interface Waiter {
  readonly force: boolean;
  /** Resolve the still-valid cached token if the refresh fails. */
  readonly fallback: boolean;
  /** A forced waiter is only satisfied by a forced flight with at least this id. */
  readonly minFlight: number;
  attempts: number;
  nextAt: number;
  done(outcome: Outcome): void;
}

const INITIAL: AuthSnapshot = Object.freeze({
  status: "loading",
  token: null,
  principal: null,
  expiresAt: null,
  refreshing: false,
  error: null,
  principalVersion: 0,
});

/**
 * The engine behind every adapter: give it a way to fetch a token and it caches, refreshes
 * ahead of expiry, shares concurrent calls, backs off on failures and drops stale results.
 * See docs/concepts/token-source.md for the guarantees.
 *
 * @example
 * ```ts
 * const source = createTokenSource({
 *   provider: "my-idp",
 *   fetchToken: async ({ forceRefresh }) => (await idp.session())?.jwt(forceRefresh) ?? null,
 *   watch: (onChange) => idp.onSessionChange(onChange),
 * });
 * const token = await source.getToken();
 * ```
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { provider, fetchToken, watch } = options;
  if (!provider || typeof fetchToken !== "function") {
    throw new TypeError("[jazz-auth] createTokenSource needs { provider, fetchToken }.");
  }
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const environment = options.environment === undefined ? browserEnvironment() : options.environment;
  const retry = retryPolicy(options.retry);
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 30_000;
  const tokenClock = createTokenClock(provider, options.refreshLeewaySeconds);

  const listeners = new Set<SnapshotListener>();
  const waiters = new Set<Waiter>();
  let snapshot = INITIAL;
  let entry: TokenTiming | null = null;
  /** The provider's session changed after `entry` was fetched: do not serve it. */
  let invalidated = false;
  let signedOut = false;
  let decided = false;
  let lastError: JazzAuthError | null = null;
  /** A non-retryable failure: background refresh waits for a session change or a caller. */
  let halted = false;
  let forceNext = false;
  let failures = 0;
  let retryAt = 0;
  let online = true;
  let principal: string | null = null;
  let principalVersion = 0;
  let flight: Flight | null = null;
  let flightCount = 0;
  let timer: unknown;
  let timerDueAt: number | null = null;
  let stopEnvironment: (() => void) | undefined;
  let disposed = false;

  /** The cached token, if it has not expired. */
  const validEntry = (now: number): TokenTiming | null =>
    entry !== null && (entry.expiresAt === null || now < entry.expiresAt) ? entry : null;
  /** The cached token, if it has not expired and the provider's session is still the same. */
  const servableEntry = (now: number): TokenTiming | null => (invalidated ? null : validEntry(now));
  const fresh = (now: number): boolean => {
    const cached = servableEntry(now);
    return cached !== null && (cached.refreshAt === null || now < cached.refreshAt);
  };

  function publish(now: number): void {
    const usable = validEntry(now);
    const next: AuthSnapshot = {
      status: signedOut ? "signed-out" : usable ? "signed-in" : lastError ? "error" : decided ? "signed-in" : "loading",
      token: usable?.token ?? null,
      principal,
      expiresAt: usable?.expiresAt ?? null,
      refreshing: flight !== null,
      error: lastError,
      principalVersion,
    };
    if (sameSnapshot(snapshot, next)) return;
    const current = Object.freeze(next);
    snapshot = current;
    for (const listener of [...listeners]) {
      // A listener may cause a newer snapshot; everyone has been told about that one then.
      if (snapshot !== current) return;
      try {
        listener(current);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Looks at the state and the clock, and does what is due: fetch now, or sleep until then. */
  function tick(): void {
    if (disposed) return;
    const now = clock.now();
    publish(now);
    clearTimer();
    if (flight) return;

    let dueAt = Number.POSITIVE_INFINITY;
    let forced = forceNext || (entry !== null && !invalidated);
    for (const waiter of waiters) {
      dueAt = Math.min(dueAt, waiter.nextAt);
      forced ||= waiter.force;
    }
    const active = listeners.size > 0;
    if (active && online && !halted && (!signedOut || invalidated) && !fresh(now)) {
      dueAt = Math.min(dueAt, failures > 0 ? retryAt : now);
    }
    if (dueAt <= now) {
      startFlight(forced, now);
      return;
    }

    let wakeAt = dueAt;
    const current = active ? validEntry(now) : null;
    if (current?.refreshAt != null && current.refreshAt > now) wakeAt = Math.min(wakeAt, current.refreshAt);
    if (current?.expiresAt != null) wakeAt = Math.min(wakeAt, current.expiresAt); // the snapshot changes then
    if (wakeAt === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(wakeAt - now, HEARTBEAT_MS);
    timerDueAt = now + delay;
    timer = timers.setTimeout(onTimer, delay);
  }

  function onTimer(): void {
    const late = timerDueAt === null ? 0 : clock.now() - timerDueAt;
    timerDueAt = null;
    if (late > WAKE_GAP_MS) onLifecycle("wake");
    else tick();
  }

  function clearTimer(): void {
    if (timerDueAt === null) return;
    timers.clearTimeout(timer);
    timerDueAt = null;
  }

  function startFlight(forced: boolean, now: number): void {
    forceNext = false;
    const current: Flight = { id: ++flightCount, forced, controller: new AbortController() };
    flight = current;
    current.timeout = timers.setTimeout(() => {
      current.controller.abort();
      const error = new JazzAuthError("ERR_TIMEOUT", `The provider did not answer within ${fetchTimeoutMs} ms.`, {
        provider,
      });
      land(current, { error });
    }, fetchTimeoutMs);
    publish(now);
    new Promise<string | null>((resolve) =>
      resolve(fetchToken({ forceRefresh: forced, signal: current.controller.signal })),
    ).then(
      (token) => land(current, { token }),
      (error: unknown) => land(current, { error: asJazzAuthError(error) }),
    );
  }

  function land(landed: Flight, outcome: Outcome): void {
    if (flight !== landed) return; // abandoned: timed out, overtaken by a session change, disposed
    abandonFlight(false);
    const now = clock.now();
    decided = true;
    try {
      if ("error" in outcome) throw outcome.error;
      accept(outcome.token, landed, now);
    } catch (error) {
      fail(asJazzAuthError(error), now);
    }
    tick();
  }

  function accept(token: string | null, landed: Flight, now: number): void {
    if (token !== null && typeof token !== "string") {
      throw new JazzAuthError("ERR_MALFORMED_TOKEN", "fetchToken must resolve a JWT string or null.", { provider });
    }
    entry = token === null ? null : tokenClock.read(token, now, landed.forced);
    signedOut = entry === null;
    setPrincipal(entry?.principal ?? null);
    invalidated = false;
    lastError = null;
    halted = false;
    failures = 0;
    for (const waiter of [...waiters]) {
      if (token === null || !waiter.force || landed.id >= waiter.minFlight) settle(waiter, { token });
    }
  }

  function fail(error: JazzAuthError, now: number): void {
    lastError = error;
    if (error.code === "ERR_TOKEN_EXPIRED") forceNext = true;
    if (!error.retryable) {
      halted = true;
      for (const waiter of [...waiters]) settle(waiter, { error });
      return;
    }
    failures += 1;
    retryAt = now + backoffDelay(failures, retry);
    const cached = servableEntry(now);
    for (const waiter of [...waiters]) {
      if (waiter.fallback && cached) settle(waiter, { token: cached.token });
      else if (++waiter.attempts >= retry.attempts) settle(waiter, { error });
      else waiter.nextAt = now + backoffDelay(waiter.attempts, retry);
    }
  }

  function settle(waiter: Waiter, outcome: Outcome): void {
    waiters.delete(waiter);
    waiter.done(outcome);
  }

  function setPrincipal(next: string | null): void {
    if (next === principal) return;
    principal = next;
    principalVersion += 1;
  }

  function abandonFlight(abort: boolean): void {
    if (!flight) return;
    if (abort) flight.controller.abort();
    timers.clearTimeout(flight.timeout);
    flight = null;
  }

  function onLifecycle(event: LifecycleEvent): void {
    if (disposed) return;
    online = event === "online" || (event !== "offline" && (environment?.isOnline?.() ?? true));
    if (online) {
      const now = clock.now();
      retryAt = Math.min(retryAt, now);
      for (const waiter of waiters) waiter.nextAt = Math.min(waiter.nextAt, now);
    }
    tick();
  }

  function onSessionChange(): void {
    if (disposed) return;
    abandonFlight(true);
    invalidated = true;
    halted = false;
    forceNext = false;
    failures = 0;
    tick();
  }

  function getToken(options: GetTokenOptions = {}): Promise<string | null> {
    const { forceRefresh = false, signal } = options;
    if (disposed) return Promise.reject(disposedError());
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
    const now = clock.now();
    // Serve the cache while it is fresh, and while a refresh is failing but the token still works.
    const cached = servableEntry(now);
    if (!forceRefresh && cached && (fresh(now) || lastError)) return Promise.resolve(cached.token);
    return new Promise<string | null>((resolve, reject) => {
      const onAbort = () => {
        if (!waiters.has(waiter)) return;
        settle(waiter, { error: abortedError(signal?.reason) });
        tick();
      };
      const waiter: Waiter = {
        force: forceRefresh,
        fallback: !forceRefresh && cached !== null,
        minFlight: flight?.forced ? flight.id : flightCount + 1,
        attempts: 0,
        nextAt: now,
        done(outcome) {
          signal?.removeEventListener("abort", onAbort);
          if ("error" in outcome) reject(outcome.error);
          else resolve(outcome.token);
        },
      };
      signal?.addEventListener("abort", onAbort);
      waiters.add(waiter);
      tick();
    });
  }

  function subscribe(listener: SnapshotListener): () => void {
    if (disposed) return () => {};
    listeners.add(listener);
    if (listeners.size === 1) {
      online = environment?.isOnline?.() ?? true;
      stopEnvironment = environment?.subscribe(onLifecycle);
      tick();
    }
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      stopEnvironment?.();
      stopEnvironment = undefined;
      tick();
    };
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    abandonFlight(true);
    clearTimer();
    stopEnvironment?.();
    stopWatching?.();
    listeners.clear();
    for (const waiter of [...waiters]) settle(waiter, { error: disposedError() });
  }

  function disposedError(): JazzAuthError {
    return new JazzAuthError("ERR_DISPOSED", "This token source was disposed.", { provider });
  }

  function abortedError(cause: unknown): JazzAuthError {
    return new JazzAuthError("ERR_ABORTED", "getToken() was aborted by its signal.", { provider, cause });
  }

  function asJazzAuthError(error: unknown): JazzAuthError {
    if (error instanceof JazzAuthError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new JazzAuthError("ERR_FETCH_FAILED", `The provider call failed: ${message}`, { provider, cause: error });
  }

  const stopWatching = watch?.(onSessionChange);

  return { provider, getToken, getSnapshot: () => snapshot, subscribe, dispose };
}
