import { type AuthEnvironment, browserEnvironment, type LifecycleEvent } from "./environment";
import { JazzAuthError, type JazzAuthErrorCode } from "./errors";
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

/**
 * While a refresh is scheduled, the engine looks at the wall clock at least this often. Hosts
 * pause timers during sleep, so a long timer can fire hours late; a short one notices the jump
 * within a minute. It also keeps every delay far below the 2^31 − 1 ms `setTimeout` limit.
 */
const HEARTBEAT_MS = 60_000;

interface Flight {
  readonly id: number;
  readonly forced: boolean;
  readonly controller: AbortController;
  timeout?: unknown;
}

type Outcome = { readonly token: string | null } | { readonly error: JazzAuthError };

/** A `getToken()` call waiting for a provider call to land. */
interface Waiter {
  readonly force: boolean;
  /** A forced waiter is only satisfied by a forced call with at least this id. */
  readonly minFlight: number;
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
  const { provider, fetchToken, watch, clock = systemClock, timers = systemTimers, fetchTimeoutMs = 30_000 } = options;
  if (!provider || typeof fetchToken !== "function") {
    throw new TypeError("[jazz-auth] createTokenSource needs { provider, fetchToken }.");
  }
  const environment = options.environment === undefined ? browserEnvironment() : options.environment;
  const {
    attempts: maxAttempts = 3,
    baseDelayMs = 1_000,
    maxDelayMs = 60_000,
    random = Math.random,
  } = options.retry ?? {};
  const tokenClock = createTokenClock(provider, options.refreshLeewaySeconds);
  const error = (code: JazzAuthErrorCode, message: string, cause?: unknown) =>
    new JazzAuthError(code, message, { provider, cause });

  const listeners = new Set<SnapshotListener>();
  const waiters = new Set<Waiter>();
  let snapshot = INITIAL;
  let entry: TokenTiming | null = null;
  /** The provider's session changed after `entry` was fetched: do not serve it. */
  let invalidated = false;
  let signedOut = false;
  /** A non-retryable failure: background refresh waits for a session change or a caller. */
  let halted = false;
  let forceNext = false;
  let online = true;
  let disposed = false;
  let lastError: JazzAuthError | null = null;
  let failures = 0;
  let retryAt = 0;
  let principal: string | null = null;
  let principalVersion = 0;
  let flight: Flight | null = null;
  let flights = 0;
  let timer: unknown;
  let stopEnvironment: (() => void) | undefined;
  /** Set once the provider's session is watched: from the first use, so an unused source holds no listener. */
  let stopWatching: (() => void) | undefined;
  const startWatching = () => {
    if (!stopWatching && watch && !disposed) stopWatching = watch(onSessionChange);
  };

  /** The cached token, if it has not expired. */
  const validEntry = (now: number): TokenTiming | null =>
    entry && (entry.expiresAt === null || now < entry.expiresAt) ? entry : null;
  /** The cached token, if it has not expired and the provider's session is still the same. */
  const servableEntry = (now: number): TokenTiming | null => (invalidated ? null : validEntry(now));
  const fresh = (now: number): boolean => {
    const cached = servableEntry(now);
    return !!cached && (cached.refreshAt === null || now < cached.refreshAt);
  };

  function publish(now: number): void {
    const usable = validEntry(now);
    const next: AuthSnapshot = {
      status: signedOut ? "signed-out" : usable ? "signed-in" : lastError ? "error" : entry ? "signed-in" : "loading",
      token: usable?.token ?? null,
      principal,
      expiresAt: usable?.expiresAt ?? null,
      refreshing: !!flight,
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
      } catch (thrown) {
        queueMicrotask(() => {
          throw thrown;
        });
      }
    }
  }

  /** Looks at the state and the clock, and does what is due: call the provider now, or set a timer. */
  function tick(): void {
    if (disposed) return;
    const now = clock.now();
    publish(now);
    clearTimer();
    if (flight) return;
    const active = listeners.size > 0;
    const wanted = waiters.size > 0 || (active && online && !halted && (!signedOut || invalidated) && !fresh(now));
    const dueAt = wanted ? (failures ? retryAt : now) : Infinity;
    if (dueAt <= now) {
      startFlight(now);
      return;
    }
    const current = active ? validEntry(now) : null;
    const refreshAt = current?.refreshAt ?? 0;
    const wakeAt = Math.min(dueAt, refreshAt > now ? refreshAt : dueAt, current?.expiresAt ?? dueAt);
    if (wakeAt === Infinity) return;
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        tick();
      },
      Math.min(wakeAt - now, HEARTBEAT_MS),
    );
  }

  function clearTimer(): void {
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    timer = undefined;
  }

  function startFlight(now: number): void {
    let forced = forceNext || (!!entry && !invalidated);
    for (const waiter of waiters) forced ||= waiter.force;
    forceNext = false;
    const current: Flight = { id: ++flights, forced, controller: new AbortController() };
    const { signal } = current.controller;
    flight = current;
    current.timeout = timers.setTimeout(() => {
      current.controller.abort();
      land(current, { error: error("ERR_TIMEOUT", `No answer within ${fetchTimeoutMs} ms.`) });
    }, fetchTimeoutMs);
    publish(now);
    new Promise<string | null>((resolve) => resolve(fetchToken({ forceRefresh: forced, signal }))).then(
      (token) => land(current, { token }),
      (thrown: unknown) => land(current, { error: asJazzAuthError(thrown) }),
    );
  }

  function land(landed: Flight, outcome: Outcome): void {
    if (flight !== landed) return; // abandoned: timed out, overtaken by a session change, disposed
    abandonFlight(false);
    const now = clock.now();
    if ("token" in outcome) {
      try {
        accept(outcome.token, landed.forced, now);
      } catch (thrown) {
        outcome = { error: asJazzAuthError(thrown) };
      }
    }
    if ("error" in outcome) {
      lastError = outcome.error;
      halted = !lastError.retryable;
      forceNext = lastError.code === "ERR_TOKEN_EXPIRED";
      // Exponential backoff with "equal jitter": between half and all of the capped delay.
      const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** failures++);
      retryAt = now + capped / 2 + (random() * capped) / 2;
    }
    for (const waiter of [...waiters]) {
      if (!("token" in outcome) || !outcome.token || !waiter.force || landed.id >= waiter.minFlight) {
        settle(waiter, outcome);
      }
    }
    tick();
  }

  function accept(token: string | null, forced: boolean, now: number): void {
    if (token !== null && typeof token !== "string") {
      throw error("ERR_MALFORMED_TOKEN", "fetchToken must resolve a string or null.");
    }
    entry = token === null ? null : tokenClock.read(token, now, forced);
    signedOut = !entry;
    const next = entry?.principal ?? null;
    if (next !== principal) principalVersion += 1;
    principal = next;
    invalidated = halted = false;
    lastError = null;
    failures = 0;
  }

  function settle(waiter: Waiter, outcome: Outcome): void {
    waiters.delete(waiter);
    waiter.done(outcome);
  }

  function abandonFlight(abort: boolean): void {
    if (!flight) return;
    if (abort) flight.controller.abort();
    timers.clearTimeout(flight.timeout);
    flight = null;
  }

  function onLifecycle(event: LifecycleEvent): void {
    online = event === "online" || (event !== "offline" && (environment?.isOnline?.() ?? true));
    if (online) retryAt = 0;
    tick();
  }

  function onSessionChange(): void {
    abandonFlight(true);
    invalidated = true;
    halted = forceNext = false;
    failures = 0;
    tick();
  }

  /** Resolves with the outcome of the next provider call that can answer this caller. */
  function nextOutcome(force: boolean, signal: AbortSignal | undefined): Promise<Outcome> {
    return new Promise((resolve) => {
      const onAbort = () => {
        if (waiters.has(waiter))
          settle(waiter, { error: error("ERR_ABORTED", "getToken() was aborted.", signal?.reason) });
        tick();
      };
      const waiter: Waiter = {
        force,
        minFlight: flight?.forced ? flight.id : flights + 1,
        done(outcome) {
          signal?.removeEventListener("abort", onAbort);
          resolve(outcome);
        },
      };
      signal?.addEventListener("abort", onAbort);
      waiters.add(waiter);
      tick();
    });
  }

  async function getToken(options: GetTokenOptions = {}): Promise<string | null> {
    const { forceRefresh = false, signal } = options;
    startWatching();
    for (let attempts = 1; ; attempts++) {
      if (disposed) throw error("ERR_DISPOSED", "This token source was disposed.");
      if (signal?.aborted) throw error("ERR_ABORTED", "getToken() was aborted.", signal.reason);
      const now = clock.now();
      const cached = servableEntry(now);
      // Serve the cache while it is fresh, and while a refresh is failing but the token still works.
      if (!forceRefresh && cached && (fresh(now) || lastError)) return cached.token;
      const outcome = await nextOutcome(forceRefresh, signal);
      if ("token" in outcome) return outcome.token;
      if (!outcome.error.retryable || attempts >= maxAttempts) throw outcome.error;
    }
  }

  function subscribe(listener: SnapshotListener): () => void {
    if (disposed) return () => {};
    startWatching();
    listeners.add(listener);
    if (listeners.size === 1) {
      online = environment?.isOnline?.() ?? true;
      stopEnvironment = environment?.subscribe(onLifecycle);
      tick();
    }
    return () => {
      if (!listeners.delete(listener) || listeners.size) return;
      stopEnvironment?.();
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
    for (const waiter of [...waiters])
      settle(waiter, { error: error("ERR_DISPOSED", "This token source was disposed.") });
  }

  function asJazzAuthError(thrown: unknown): JazzAuthError {
    if (thrown instanceof JazzAuthError) return thrown;
    return error("ERR_FETCH_FAILED", `${thrown instanceof Error ? thrown.message : thrown}`, thrown);
  }

  return { provider, getToken, getSnapshot: () => snapshot, subscribe, dispose };
}
