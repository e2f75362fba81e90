import { type Backoff, backoffDelay } from "./backoff";
import { decodeJwt } from "./decode-jwt";
import { defaultEnvironment } from "./default-environment";
import { checkedNumber } from "./engine-options";
import { type EngineEvent, type FetchState, type Flight, principalOf, type SessionState } from "./engine-state";
import { JazzAuthError, type JazzAuthErrorCode } from "./errors";
import { type AuthSnapshot, sameSnapshot } from "./snapshot";
import { answersFlight, type TabAnswer } from "./tabs/tab-answer";
import { createTabCoordinator, type TabCoordinator } from "./tabs/tab-coordinator";
import { eventSink } from "./telemetry";
import { MAX_TIMER_DELAY_MS, systemClock, systemTimers } from "./timing";
import { createTokenClock, type FetchTimes, type TokenTiming } from "./token-clock";

import type { GetTokenOptions, SnapshotListener, TokenSource, TokenSourceOptions } from "./token-source-contract";

export type {
  EngineOptions,
  FetchToken,
  FetchTokenOptions,
  GetTokenOptions,
  RetryOptions,
  SnapshotListener,
  TokenSource,
  TokenSourceOptions,
  WatchSession,
} from "./token-source-contract";

/**
 * While a refresh is scheduled, the engine looks at the wall clock at least this often. Hosts
 * pause timers during sleep, so a long timer can fire hours late; a short one notices the jump
 * within a minute. It also keeps every delay far below the 2^31 − 1 ms `setTimeout` limit.
 */
const HEARTBEAT_MS = 60_000;

/** Background provider calls start at least this far apart (running time), whatever the clocks say. */
const MIN_BACKGROUND_SPACING_MS = 1_000;

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
 * It holds two explicit states, a {@link SessionState} (loading / signed-out / signed-in) and a
 * {@link FetchState} (idle / in flight / backing off / halted), changed only by named
 * {@link EngineEvent}s. See docs/concepts/token-source.md for the guarantees.
 *
 * @throws {TypeError} without `provider` or `fetchToken`, or when a numeric option is `NaN`,
 * negative or infinite.
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
  const { provider, fetchToken, watch, clock = systemClock, timers = systemTimers } = options;
  if (!provider || typeof fetchToken !== "function") {
    throw new TypeError("[jazz-auth] createTokenSource needs { provider, fetchToken }.");
  }
  const fetchTimeoutMs = checkedNumber("fetchTimeoutMs", options.fetchTimeoutMs, 30_000, {
    min: 1,
    max: MAX_TIMER_DELAY_MS,
  });
  const leeway = options.refreshLeewaySeconds;
  checkedNumber("refreshLeewaySeconds", leeway, 0, { min: 0 });
  const retry = options.retry ?? {};
  const maxAttempts = checkedNumber("retry.attempts", retry.attempts, 3, { min: 1, integer: true });
  const baseDelayMs = checkedNumber("retry.baseDelayMs", retry.baseDelayMs, 1_000, { min: 0 });
  const backoff: Backoff = {
    baseDelayMs,
    maxDelayMs: checkedNumber("retry.maxDelayMs", retry.maxDelayMs, 60_000, {
      min: baseDelayMs,
      max: MAX_TIMER_DELAY_MS,
    }),
    random: retry.random ?? Math.random,
  };
  const environment = options.environment === undefined ? defaultEnvironment() : options.environment;
  const sharing = options.shareAcrossTabs || null;
  if (sharing && (typeof sharing.key !== "string" || !sharing.key)) {
    throw new TypeError("[jazz-auth] shareAcrossTabs needs a non-empty { key } (the provider account or project).");
  }
  const handoverMs = checkedNumber("shareAcrossTabs.handoverMs", sharing ? sharing.handoverMs : undefined, 10_000, {
    min: 1,
    max: MAX_TIMER_DELAY_MS,
  });
  const tabPlatform = sharing ? (environment?.tabs ?? null) : null;
  const tokenClock = createTokenClock(provider, leeway);
  const emit = eventSink(options.onEvent);
  const error = (code: JazzAuthErrorCode, message: string, cause?: unknown) =>
    new JazzAuthError(code, message, { provider, cause });

  const listeners = new Set<SnapshotListener>();
  const waiters = new Set<Waiter>();
  let session: SessionState = { kind: "loading", principal: null };
  let fetchState: FetchState = { kind: "idle" };
  /** The current session's token; `null` once the session changed or ended. */
  let entry: TokenTiming | null = null;
  /** When the call behind `entry` was made, and whether it was forced (what another tab needs to date it). */
  let entryTimes: { readonly sentAt: number; readonly forced: boolean } | null = null;
  let lastError: JazzAuthError | null = null;
  let online = true;
  let disposed = false;
  let snapshot = INITIAL;
  let principalVersion = 0;
  let flights = 0;
  let timer: unknown;
  /** When the last provider call started (local clock), for {@link MIN_BACKGROUND_SPACING_MS}. */
  let lastSentAt = Number.NEGATIVE_INFINITY;
  /** When the call behind the current session and error was made: older answers from other tabs change nothing. */
  let basisAt = Number.NEGATIVE_INFINITY;
  /** When this engine last learned of a session change: answers from calls made before it do not confirm it. */
  let sessionChangedAt = Number.NEGATIVE_INFINITY;
  /** Shares provider calls with other tabs; opened on first use, closed on dispose. */
  let tabs: TabCoordinator | null = null;
  let stopListeningToTabs: (() => void) | undefined;
  let stopEnvironment: (() => void) | undefined;
  /** Set once the provider's session is watched: from the first use, so an unused source holds no listener. */
  let stopWatching: (() => void) | undefined;
  const startWatching = () => {
    if (!stopWatching && watch && !disposed) stopWatching = watch(() => dispatch({ type: "session-changed" }));
    if (!tabs && tabPlatform && !disposed) {
      tabs = createTabCoordinator({
        platform: tabPlatform,
        name: `jazz-auth:${provider}:${sharing?.key}`,
        handoverMs,
        timers,
      });
      stopListeningToTabs = tabs.listen(
        (answer) => dispatch({ type: "tab-answered", answer }),
        () => dispatch({ type: "tab-asked" }),
      );
    }
  };

  const flight = (): Flight | null => (fetchState.kind === "in-flight" ? fetchState.flight : null);
  /** The cached token, if it has not expired on the local clock. */
  const validEntry = (now: number): TokenTiming | null =>
    entry && (entry.expiresAt === null || now < entry.expiresAt) ? entry : null;
  const fresh = (now: number): boolean => {
    const cached = validEntry(now);
    return !!cached && (cached.refreshAt === null || now < cached.refreshAt);
  };

  /** Whether a token from elsewhere belongs to this engine's current session. */
  function adoptable(token: string): boolean {
    if (session.kind === "signed-out") return false;
    if (session.kind === "loading") return session.principal === null && principalVersion === 0;
    try {
      return tokenClock.principalOf(token) === session.principal;
    } catch {
      return false;
    }
  }

  function setSession(next: SessionState): void {
    const principal = principalOf(next);
    const changed = principal !== principalOf(session);
    if (changed) principalVersion += 1;
    session = next;
    if (changed) emit?.({ type: "principal-changed", provider, signedIn: principal !== null });
  }

  /** The one place state changes: each named event, then whatever is due. */
  function dispatch(event: EngineEvent): void {
    if (disposed) return;
    const now = clock.now();
    switch (event.type) {
      case "provider-answered":
      case "provider-failed":
      case "provider-timed-out": {
        if (flight() !== event.flight) return; // abandoned: timed out, overtaken by a session change
        const outcome: Outcome =
          event.type === "provider-answered"
            ? { token: event.token }
            : event.type === "provider-failed"
              ? { error: event.error }
              : { error: error("ERR_TIMEOUT", `No answer within ${fetchTimeoutMs} ms.`) };
        const { sentAt, forced } = event.flight;
        const how = event.type === "provider-timed-out" ? "timeout" : "answer";
        settleFlight(event.flight, outcome, { sentAt, receivedAt: now, forced }, how);
        break;
      }
      case "tab-answered":
        if (!adoptTabAnswer(event.answer, now)) return;
        break;
      case "tab-asked":
        // Only a dated token that is not due for refresh: the new tab keeps its timing as it is here.
        if (session.kind === "signed-in" && entry && entryTimes && !entry.provisional && fresh(now)) {
          tabs?.announce({ kind: "token", token: entry.token, ...entryTimes, reply: true });
        }
        return;
      case "session-changed":
        abandonFlight();
        sessionChangedAt = now;
        entry = null;
        lastError = null;
        fetchState = { kind: "idle" };
        // Further signals while a change is being confirmed do not extend the time it may take.
        setSession({
          kind: "loading",
          principal: principalOf(session),
          confirmBy:
            session.kind === "loading" && session.confirmBy !== undefined ? session.confirmBy : now + fetchTimeoutMs,
        });
        break;
      case "lifecycle":
        online = event.event === "online" || (event.event !== "offline" && (environment?.isOnline?.() ?? true));
        if (online && fetchState.kind === "backing-off") fetchState = { ...fetchState, retryAt: now };
        break;
      case "subscriber-joined": {
        online = environment?.isOnline?.() ?? true;
        const stopLifecycle = environment?.subscribe((lifecycle) => dispatch({ type: "lifecycle", event: lifecycle }));
        const stopTokens = environment?.subscribeTokens?.((token) => dispatch({ type: "token-adopted", token }));
        stopEnvironment = () => {
          stopLifecycle?.();
          stopTokens?.();
        };
        break;
      }
      case "subscriber-left":
        stopEnvironment?.();
        stopEnvironment = undefined;
        break;
      case "token-adopted":
        // Only for the session this engine is in: never a signed-out user back in, never another
        // user's token, never while a reported change is being confirmed.
        if (!adoptable(event.token)) return;
        try {
          accept(event.token, { sentAt: now, receivedAt: now, forced: false });
        } catch {
          return; // a token we cannot use changes nothing
        }
        if (fetchState.kind !== "in-flight") fetchState = { kind: "idle" };
        for (const waiter of [...waiters]) if (!waiter.force) settle(waiter, { token: event.token });
        break;
      case "disposed":
        disposed = true;
        abandonFlight();
        clearTimer();
        stopEnvironment?.();
        stopWatching?.();
        stopListeningToTabs?.();
        tabs?.close();
        listeners.clear();
        for (const waiter of [...waiters])
          settle(waiter, { error: error("ERR_DISPOSED", "This token source was disposed.") });
        return;
    }
    tick();
  }

  /**
   * A call under way came to `answered` (its own provider answer, or another tab's that serves it),
   * from a provider call made at `times`: its own `answer`, its timeout, or `another-tab`'s answer
   * (the call is then told to stop, and the answer is not announced again).
   */
  function settleFlight(
    landed: Flight,
    answered: Outcome,
    times: FetchTimes,
    how: "answer" | "timeout" | "another-tab" = "answer",
  ): void {
    const now = times.receivedAt;
    abandonFlight(how !== "answer");
    let outcome = answered;
    if ("token" in outcome) {
      // A forced call that brought back the very token held before did not mint (an SDK that
      // answers from its cache when the refresh brings no new token): it must not date the clock.
      const minted = !(times.forced && outcome.token !== null && outcome.token === landed.heldToken);
      try {
        accept(outcome.token, minted ? times : { ...times, forced: false });
      } catch (thrown) {
        outcome = { error: asJazzAuthError(thrown) };
      }
    }
    if (landed.asked && how !== "another-tab") announce(outcome, times);
    const timing = { provider, forced: landed.forced, durationMs: Math.max(0, now - landed.sentAt) };
    if ("token" in outcome) {
      const servedBy = how === "another-tab" ? "another-tab" : "provider";
      emit?.({ type: "refresh-finished", ...timing, signedIn: outcome.token !== null, servedBy });
    } else {
      const { code, retryable } = outcome.error;
      emit?.({ type: "refresh-failed", ...timing, code, retryable });
    }
    if ("error" in outcome) {
      basisAt = Math.max(basisAt, times.sentAt);
      lastError = outcome.error;
      const failures = landed.failures + 1;
      fetchState = lastError.retryable
        ? { kind: "backing-off", failures, retryAt: now + backoffDelay(backoff, failures) }
        : { kind: "halted" };
      // A reported session change that could not be confirmed: the principal is no longer known.
      if (session.kind === "loading") setSession({ kind: "loading", principal: null });
    }
    for (const waiter of [...waiters]) {
      if (!("token" in outcome) || !outcome.token || !waiter.force || landed.id >= waiter.minFlight) {
        settle(waiter, outcome);
      }
    }
  }

  function accept(token: string | null, times: FetchTimes): void {
    if (token !== null && typeof token !== "string") {
      throw error("ERR_MALFORMED_TOKEN", "fetchToken must resolve a string or null.");
    }
    entry = token === null ? null : tokenClock.read(token, times);
    entryTimes = { sentAt: times.sentAt, forced: times.forced };
    setSession(entry ? { kind: "signed-in", principal: entry.principal } : { kind: "signed-out" });
    lastError = null;
    basisAt = Math.max(basisAt, times.sentAt);
  }

  /** Tells the other tabs what this tab's provider call came to (not a call given up on). */
  function announce(outcome: Outcome, { sentAt, forced }: FetchTimes): void {
    if (!tabs) return;
    if ("token" in outcome) {
      tabs.announce(
        outcome.token === null
          ? { kind: "signed-out", sentAt, forced }
          : { kind: "token", token: outcome.token, sentAt, forced },
      );
    } else if (outcome.error.code !== "ERR_ABORTED" && outcome.error.code !== "ERR_DISPOSED") {
      const { code, retryable } = outcome.error;
      tabs.announce({ kind: "failed", code, retryable, sentAt, forced });
    }
  }

  /**
   * Another tab's answer: it serves this tab's call under way when {@link answersFlight} says so;
   * with no call under way it is taken when its call is newer than what this tab's state rests on
   * (a refresh, a sign-in, a user switch, a sign-out or a non-retryable failure in another tab).
   * Returns whether anything changed.
   */
  function adoptTabAnswer(answer: TabAnswer, now: number): boolean {
    const outcome: Outcome =
      answer.kind === "token"
        ? { token: answer.token }
        : answer.kind === "signed-out"
          ? { token: null }
          : { error: error(answer.code, `Another tab's provider call failed (${answer.code}).`) };
    const times: FetchTimes = { sentAt: answer.sentAt, receivedAt: now, forced: answer.forced };
    const current = flight();
    if (current) {
      const served = answersFlight(answer, {
        sentAt: current.sentAt,
        forced: current.forced,
        asked: current.asked === true,
        heldToken: current.heldToken,
        sessionChangedAt,
        firstLoad: current.firstLoad,
      });
      if (served) settleFlight(current, outcome, times, "another-tab");
      return served;
    }
    if (answer.sentAt <= Math.max(basisAt, sessionChangedAt)) return false;
    if ("error" in outcome) {
      // A retryable failure elsewhere says nothing about this tab's token; a non-retryable one halts here too.
      if (outcome.error.retryable) return false;
      basisAt = answer.sentAt;
      lastError = outcome.error;
      fetchState = { kind: "halted" };
      return true;
    }
    try {
      accept(outcome.token, times);
    } catch {
      return false; // a token this tab cannot use changes nothing
    }
    fetchState = { kind: "idle" };
    for (const waiter of [...waiters]) if (!waiter.force) settle(waiter, outcome);
    return true;
  }

  function snapshotAt(now: number): AuthSnapshot {
    const usable = session.kind === "signed-in" ? validEntry(now) : null;
    const status =
      session.kind === "signed-out"
        ? "signed-out"
        : usable
          ? "signed-in"
          : lastError
            ? "error"
            : session.kind === "signed-in"
              ? "signed-in"
              : "loading";
    const next: AuthSnapshot = {
      status,
      token: usable?.token ?? null,
      principal: principalOf(session),
      expiresAt: usable?.expiresAt ?? null,
      refreshing: fetchState.kind === "in-flight",
      error: lastError,
      principalVersion,
    };
    return sameSnapshot(snapshot, next) ? snapshot : Object.freeze(next);
  }

  function publish(now: number): void {
    const current = snapshotAt(now);
    if (current === snapshot) return;
    snapshot = current;
    notify(current);
  }

  function notify(current: AuthSnapshot): void {
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
    if (disposed) return;
    if (fetchState.kind === "in-flight") {
      awaitConfirmation(now);
      return;
    }
    const active = listeners.size > 0;
    const background = active && online && fetchState.kind !== "halted" && session.kind !== "signed-out";
    const wanted = waiters.size > 0 || (background && !fresh(now));
    let dueAt = !wanted ? Infinity : fetchState.kind === "backing-off" ? fetchState.retryAt : now;
    // Calls after an answered token (even an expired one) keep their spacing, unless a caller forces
    // one; a first load or a session change does not wait, a failure waits for its backoff, and a
    // wall clock set back does not hold them up.
    const answered = entry !== null || lastError?.code === "ERR_TOKEN_EXPIRED";
    const forcedWaiter = [...waiters].some((waiter) => waiter.force);
    if (answered && !forcedWaiter && lastSentAt <= now) {
      dueAt = Math.max(dueAt, lastSentAt + MIN_BACKGROUND_SPACING_MS);
    }
    if (dueAt <= now) {
      startFlight(now);
      if (flight()) awaitConfirmation(now); // a listener may have ended the call already
      return;
    }
    // A reported change that no call is confirming (nobody subscribed, offline, backing off).
    if (session.kind === "loading" && session.principal !== null) forgetPrincipal(now);
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

  /** A call confirms a reported change, but only until the change's deadline: look again then. */
  function awaitConfirmation(now: number): void {
    if (session.kind !== "loading" || session.principal === null || session.confirmBy === undefined) return;
    clearTimer(); // a listener's nested tick may have set one already
    if (now >= session.confirmBy) forgetPrincipal(now);
    else timer = timers.setTimeout(tick, Math.min(session.confirmBy - now, HEARTBEAT_MS));
  }

  /** The previous principal is no longer known: a reported change was not confirmed. */
  function forgetPrincipal(now: number): void {
    setSession({ kind: "loading", principal: null });
    publish(now);
  }

  function startFlight(now: number): void {
    let forced = entry !== null || lastError?.code === "ERR_TOKEN_EXPIRED";
    for (const waiter of waiters) forced ||= waiter.force;
    const failures = fetchState.kind === "backing-off" ? fetchState.failures : 0;
    const heldToken = entry?.token ?? null;
    const current: Flight = {
      id: ++flights,
      forced,
      controller: new AbortController(),
      sentAt: now,
      failures,
      heldToken,
      firstLoad:
        entry === null && basisAt === Number.NEGATIVE_INFINITY && sessionChangedAt === Number.NEGATIVE_INFINITY,
    };
    fetchState = { kind: "in-flight", flight: current };
    lastSentAt = now;
    // With tabs sharing, the call may first wait for its turn, at most the handover time.
    current.timeout = timers.setTimeout(
      () => dispatch({ type: "provider-timed-out", flight: current }),
      fetchTimeoutMs + (tabs ? handoverMs : 0),
    );
    publish(now);
    // A listener told of `refreshing` may have disposed the source or changed the session.
    if (flight() !== current) return;
    const { signal } = current.controller;
    emit?.({ type: "refresh-started", provider, forced });
    const ask = () => {
      current.asked = true;
      if (tabs) emit?.({ type: "tab-turn", provider, waitedMs: Math.max(0, clock.now() - current.sentAt) });
      return new Promise<string | null>((resolve) => resolve(fetchToken({ forceRefresh: forced, signal }))).then(
        (token) => dispatch({ type: "provider-answered", flight: current, token }),
        (thrown: unknown) => dispatch({ type: "provider-failed", flight: current, error: asJazzAuthError(thrown) }),
      );
    };
    if (tabs) void tabs.takeTurn(signal, ask, current.firstLoad && !forced);
    else void ask();
  }

  function clearTimer(): void {
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    timer = undefined;
  }

  /** Forgets the call under way; its result will be dropped. `abort` tells the provider too. */
  function abandonFlight(abort = true): void {
    const current = flight();
    if (!current) return;
    if (abort) current.controller.abort();
    timers.clearTimeout(current.timeout);
    fetchState = { kind: "idle" };
  }

  function settle(waiter: Waiter, outcome: Outcome): void {
    waiters.delete(waiter);
    waiter.done(outcome);
  }

  /** Resolves with the outcome of the next provider call that can answer this caller. */
  function nextOutcome(force: boolean, signal: AbortSignal | undefined): Promise<Outcome> {
    return new Promise((resolve) => {
      const onAbort = () => {
        if (waiters.has(waiter))
          settle(waiter, { error: error("ERR_ABORTED", "getToken() was aborted.", signal?.reason) });
        tick();
      };
      const current = flight();
      const waiter: Waiter = {
        force,
        minFlight: current?.forced ? current.id : flights + 1,
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
      const cached = session.kind === "signed-in" ? validEntry(now) : null;
      if (!forceRefresh && cached) {
        // Still valid: serve it, and refresh in the background when it is due (never wait for it).
        if (!fresh(now)) refreshInBackground(now);
        return cached.token;
      }
      const outcome = await nextOutcome(forceRefresh, signal);
      if ("token" in outcome) return outcome.token;
      if (!outcome.error.retryable || attempts >= maxAttempts) throw outcome.error;
    }
  }

  /** A caller found the token due for refresh: start one unless a call, a backoff or a halt says wait. */
  function refreshInBackground(now: number): void {
    const idle = fetchState.kind === "idle" || (fetchState.kind === "backing-off" && now >= fetchState.retryAt);
    if (idle && !(lastSentAt <= now && now < lastSentAt + MIN_BACKGROUND_SPACING_MS)) startFlight(now);
  }

  function getSnapshot(): AuthSnapshot {
    // Never show an expired token, even when no timer has run since (no subscriber, a throttled tab).
    if (snapshot.expiresAt !== null && clock.now() >= snapshot.expiresAt) {
      const current = snapshotAt(clock.now());
      if (current !== snapshot) {
        snapshot = current;
        if (!disposed) queueMicrotask(() => notify(current));
      }
    }
    return snapshot;
  }

  function subscribe(listener: SnapshotListener): () => void {
    if (disposed) return () => {};
    startWatching();
    listeners.add(listener);
    if (listeners.size === 1) dispatch({ type: "subscriber-joined" });
    return () => {
      if (!listeners.delete(listener) || listeners.size) return;
      dispatch({ type: "subscriber-left" });
    };
  }

  function asJazzAuthError(thrown: unknown): JazzAuthError {
    if (thrown instanceof JazzAuthError) return thrown;
    return error("ERR_FETCH_FAILED", `${thrown instanceof Error ? thrown.message : thrown}`, thrown);
  }

  /**
   * The server's token (SSR): adopted as if a forced call made when the navigation started had
   * answered it, when it is still valid; `null`: the server found no session.
   */
  function adoptInitial(initial: string | null, renderedAt: number | undefined): void {
    const now = clock.now();
    const navigatedAt = Math.min(now, pageStartedAt() ?? now);
    if (initial === null) {
      setSession({ kind: "signed-out" });
      basisAt = navigatedAt;
      snapshot = snapshotAt(now);
      return;
    }
    let times: FetchTimes;
    try {
      const { exp, iat } = decodeJwt(initial).payload;
      // Without the render time, a token already past `exp` on this device's clock is not taken.
      if (renderedAt === undefined && typeof exp === "number" && exp * 1000 <= now) return;
      // The token clock reads `iat + 1 s − sentAt` as the bound on the servers' clock offset; with
      // the render time that bound is `renderedAt − navigatedAt`, so a cached token is dated right.
      const sentAt =
        renderedAt !== undefined && typeof iat === "number"
          ? (iat + 1) * 1000 - (renderedAt - navigatedAt)
          : navigatedAt;
      times = { sentAt, receivedAt: now, forced: true };
      // Checked on a clock of its own first: a token we do not take must not date this one.
      createTokenClock(provider, leeway).read(initial, times);
    } catch {
      return; // unusable: load as usual
    }
    accept(initial, times);
    // Without the render time, a token the server had cached reads as minted for this page: it is
    // never believed to outlive `exp` on this device's clock.
    const wallExpiry = (decodeJwt(initial).payload.exp as number | undefined) ?? null;
    if (renderedAt === undefined && entry?.expiresAt && entry.refreshAt && wallExpiry !== null) {
      const capped = Math.min(entry.expiresAt, wallExpiry * 1000);
      entry = { ...entry, expiresAt: capped, refreshAt: capped - (entry.expiresAt - entry.refreshAt) };
    }
    snapshot = snapshotAt(now);
  }
  if (options.initialToken !== undefined) {
    checkedNumber("renderedAt", options.renderedAt, 0, { min: 0 });
    adoptInitial(options.initialToken, options.renderedAt);
  }

  return {
    provider,
    getToken,
    getSnapshot,
    subscribe,
    dispose: () => dispatch({ type: "disposed" }),
  };
}

/**
 * When this page's navigation started (`performance.timeOrigin`), in a document. A server render
 * has no navigation (there `timeOrigin` is the process's start, hours ago): the render is now.
 */
function pageStartedAt(): number | undefined {
  if (typeof (globalThis as { document?: unknown }).document === "undefined") return undefined;
  const origin = (globalThis as { performance?: { timeOrigin?: number } }).performance?.timeOrigin;
  return typeof origin === "number" && Number.isFinite(origin) ? origin : undefined;
}
