import { type Backoff, backoffDelay } from "./backoff";
import { defaultEnvironment } from "./default-environment";
import { checkedNumber } from "./engine-options";
import type { AuthEnvironment, LifecycleEvent } from "./environment";
import { JazzAuthError } from "./errors";
import type { AuthSnapshot } from "./snapshot";
import { eventSink, type HandOffCause, type JazzHandOffEvent } from "./telemetry";
import { type Clock, MAX_TIMER_DELAY_MS, systemClock, systemTimers, type Timers } from "./timing";
import type { TokenSource } from "./token-source";

/**
 * Why the Jazz server refused the client's token, as the client maps the server's message
 * (garden-co/jazz packages/jazz-tools/src/runtime/auth-state.ts `mapAuthReason`: a substring
 * match, so any message containing "expired" is `expired`).
 */
export type JazzAuthFailureReason = "expired" | "missing" | "disabled" | "invalid";

/** The part of Jazz's auth state that {@link connectJazz} reads (runtime/auth-state.ts `AuthState`). */
export interface JazzAuthStateLike {
  /** Set when the Jazz server rejected the current token; sync is paused until a new one. */
  readonly error?: string | undefined;
  readonly session?: { readonly user_id: string } | null | undefined;
}

/** The part of a live Jazz `Db` that {@link connectJazz} uses; a real `Db` fits it. */
export interface JazzDbLike {
  /** Hands a same-principal token to the live client; Jazz throws on a principal change. */
  updateAuthToken(token: string): void;
  /** Calls back at once with the current state, then on every change. */
  onAuthChanged(callback: (state: JazzAuthStateLike) => void): () => void;
  getAuthState?(): unknown;
}

/** A principal change seen by {@link connectJazz}: the Db must be re-created for `to`. */
export interface PrincipalChange {
  /** The principal the Db was created for. */
  readonly from: string | null;
  /** The provider's new principal; `null` means signed out (or no longer known). */
  readonly to: string | null;
  readonly snapshot: AuthSnapshot;
}

/** Options of {@link connectJazz}. */
export interface ConnectJazzOptions {
  /** The user signed out or switched: re-create the Jazz client (Jazz cannot switch in place). */
  readonly onPrincipalChange?: (change: PrincipalChange) => void;
  /**
   * Recovery after a Jazz rejection is not working: `ERR_JAZZ_REJECTED` (a fresh token was refused
   * too; recovery goes on with backoff), `ERR_JAZZ_AUTH_DISABLED` (the server has no external auth;
   * nothing is retried), or the provider's own error when no fresh token could be had.
   */
  readonly onError?: (error: JazzAuthError) => void;
  /** Telemetry: each hand-over with its cause, each refusal with Jazz's reason (never a token). */
  readonly onEvent?: (event: JazzHandOffEvent) => void;
  /** Lifecycle events (online, wake, visible); by default `defaultEnvironment()` (the browser's). `null` turns them off. */
  readonly environment?: AuthEnvironment | null;
  /** The wall clock (default `Date.now`); pass the source's in tests. */
  readonly clock?: Clock;
  /** `setTimeout`/`clearTimeout` for the recovery backoff (default the global ones). */
  readonly timers?: Timers;
  /** How recovery retries after a repeated rejection (default 2 s, doubling, at most 2 min). */
  readonly retry?: Partial<Backoff>;
}

/**
 * A rejection more than this long after the last hand-over (whose handshake was then accepted), or
 * of a held token that has expired since, starts a new recovery episode; within it, a second one
 * means a fresh token was refused.
 */
const EPISODE_MS = 15_000;
/**
 * After coming back online with a still-valid token, how long the next token still goes to the Db:
 * Jazz's transport retries within 9.8 s (transport_manager.rs:408-428), a throttled hidden tab's
 * timers run about once a minute.
 */
const RECONNECT_WINDOW_MS = 5 * 60_000;
/** A held token this close to its expiry counts as expired when a handshake is about to happen. */
const HANDSHAKE_MARGIN_MS = 10_000;

/** What the Db holds, as far as we know: the last token handed to it, and its expiry (local clock). */
interface Held {
  readonly token: string | null;
  readonly expiresAt: number | null;
}

/**
 * Keeps a live Jazz `Db` authenticated from a {@link TokenSource}, without costing a reconnect
 * per refresh. A token handed to a connected Db closes its socket and handshakes again
 * (garden-co/jazz packages/jazz-tools/src/runtime/db.ts `applyAuthUpdate` →
 * crates/jazz-tools/src/transport_manager.rs `ConnectedExit::UpdateAuth`), while the server checks
 * `exp` only at the handshake (crates/jazz-tools/src/middleware/auth.rs), so the source keeps a
 * fresh token ready and `connectJazz` hands it over only when a handshake is due or about to be:
 * - at creation, when the source's token is not the one the Db was created with (a no-op in Jazz when
 *   it is: `applyAuthUpdate` returns early for the same token and state);
 * - after Jazz reports any rejection: `expired` and `missing` get the fresh token (a forced one when
 *   the Db already holds the freshest), `invalid` a forced one, `disabled` is reported (`onError`,
 *   `ERR_JAZZ_AUTH_DISABLED`) and not retried. A fresh token refused again is `ERR_JAZZ_REJECTED`,
 *   and recovery goes on with backoff, so sync resumes once the servers do;
 * - when the page comes back online, wakes or becomes visible while the Db's token has expired or
 *   is about to: Jazz reconnects then;
 * - while the host is offline (the Db is known to be disconnected), every new token: it costs no
 *   reconnect there.
 * A sign-out or user switch never reaches `updateAuthToken` (Jazz forbids it): `onPrincipalChange`
 * is called instead. Returns a function that disconnects. See docs/concepts/token-source.md.
 *
 * @example
 * ```ts
 * const db = await createDb({ appId, jwtToken: await source.getToken() });
 * const disconnect = connectJazz(source, db, { onPrincipalChange: () => location.reload() });
 * ```
 */
export function connectJazz(source: TokenSource, db: JazzDbLike, options: ConnectJazzOptions = {}): () => void {
  const { clock = systemClock, timers = systemTimers } = options;
  const environment = options.environment === undefined ? defaultEnvironment() : options.environment;
  const baseDelayMs = checkedNumber("retry.baseDelayMs", options.retry?.baseDelayMs, 2_000, { min: 1 });
  const backoff: Backoff = {
    baseDelayMs,
    maxDelayMs: checkedNumber("retry.maxDelayMs", options.retry?.maxDelayMs, 120_000, {
      min: baseDelayMs,
      max: MAX_TIMER_DELAY_MS,
    }),
    random: options.retry?.random ?? Math.random,
  };
  const initial = source.getSnapshot();
  // A Db that reports its auth state is believed, even without a session: Jazz compares
  // `session?.user_id ?? null` on both sides (auth-state.ts:98-104), so a signed-out Db takes no token.
  const principal = db.getAuthState ? (readDbPrincipal(db) ?? null) : initial.principal;
  let reported = principal;
  let connected = true;
  let online = environment?.isOnline?.() ?? true;
  /** The Db's token is unknown until the first hand-over: the source's may have changed meanwhile. */
  let held: Held = { token: null, expiresAt: null };
  /** A handshake is due: hand over the next usable token (until `dueUntil`, local clock). */
  let due = true;
  let dueUntil = Number.POSITIVE_INFINITY;
  /** Rejections in this episode; the first is answered at once, later ones after backoff. */
  let rejections = 0;
  /** Retries scheduled in this episode, for the backoff. */
  let retries = 0;
  let lastHandOverAt = Number.NEGATIVE_INFINITY;
  /** The token Jazz refused last. */
  let lastRefused: string | null = null;
  let rejectionSeen = false;
  let recovering = false;
  let retryTimer: unknown;
  /** Jazz said `disabled`: the server has no external auth, so no hand-over can help. */
  let disabled = false;
  /** `onAuthChanged` is calling back with the Db's state from before we connected. */
  let registering = false;

  const emit = eventSink(options.onEvent);
  /** Why the next hand-over happens: the Db's creation, Jazz's last reason, or a lifecycle event. */
  let cause: HandOffCause = "creation";
  const report = (error: JazzAuthError) => {
    if (connected) options.onError?.(error);
  };
  const samePrincipal = () => source.getSnapshot().principal === principal;

  function handOver(token: string): void {
    if (!connected || disabled || !samePrincipal()) return;
    const snapshot = source.getSnapshot();
    held = { token, expiresAt: snapshot.token === token ? snapshot.expiresAt : null };
    due = false;
    dueUntil = Number.POSITIVE_INFINITY;
    rejectionSeen = false;
    lastHandOverAt = clock.now();
    emit?.({ type: "handed-off", provider: source.provider, cause: online ? cause : "offline" });
    try {
      db.updateAuthToken(token);
    } catch (thrown) {
      // Jazz refuses a token for another principal: this Db cannot take it, whatever we thought.
      connected = false;
      options.onPrincipalChange?.({ from: principal, to: snapshot.principal, snapshot });
      const message = "The Jazz Db refused the token (another principal): re-create the Db.";
      const error = new JazzAuthError("ERR_JAZZ_REJECTED", message, {
        provider: source.provider,
        cause: thrown,
        retryable: false,
      });
      options.onError?.(error);
    }
  }

  /** Tells `onPrincipalChange` of a snapshot for another principal than the Db's, once per change. */
  function reportChange(snapshot: AuthSnapshot): void {
    // Before the source ever knew a principal (loading, or a first call that failed) is its
    // start, not a change.
    const starting = snapshot.principalVersion === 0;
    if (snapshot.principal === reported || starting) return;
    reported = snapshot.principal;
    clearRetry(); // nothing more to recover for this Db: it is for another principal now
    options.onPrincipalChange?.({ from: principal, to: snapshot.principal, snapshot });
  }

  function onSnapshot(snapshot: AuthSnapshot): void {
    if (!connected) return;
    if (snapshot.principal !== principal) {
      reportChange(snapshot);
      return;
    }
    reported = principal;
    if (due && clock.now() >= dueUntil) due = false;
    if (snapshot.token !== null && snapshot.token !== held.token && (due || !online)) handOver(snapshot.token);
  }

  /**
   * Hands over the source's current token (even the one the Db holds: re-sending it after a
   * rejection retries the handshake), or a newly forced one with `force`.
   */
  function recover(force: boolean): void {
    if (!connected || recovering || disabled || !samePrincipal()) return;
    const current = source.getSnapshot().token;
    if (current !== null && !force) {
      handOver(current);
      return;
    }
    recovering = true;
    source.getToken({ forceRefresh: force || current === null }).then(
      (token) => {
        recovering = false;
        if (token !== null) handOver(token);
      },
      (error: unknown) => {
        recovering = false;
        if (!(error instanceof JazzAuthError) || error.code === "ERR_DISPOSED") return;
        if (!connected || !samePrincipal()) return;
        report(error);
        scheduleRetry(() => recover(force));
      },
    );
  }

  function scheduleRetry(attempt: () => void): void {
    clearRetry();
    if (!connected) return; // an `onError` may have disconnected
    retries += 1;
    retryTimer = timers.setTimeout(
      () => {
        retryTimer = undefined;
        attempt();
      },
      backoffDelay(backoff, retries),
    );
  }

  function clearRetry(): void {
    if (retryTimer === undefined) return;
    timers.clearTimeout(retryTimer);
    retryTimer = undefined;
  }

  function onRejection(reason: JazzAuthFailureReason): void {
    emit?.({ type: "jazz-refused", provider: source.provider, reason });
    cause = reason;
    if (reason === "disabled") {
      if (disabled) return;
      disabled = true;
      clearRetry();
      const message = "The Jazz server has no external auth configured (`disabled`): set its JWKS URL.";
      report(new JazzAuthError("ERR_JAZZ_AUTH_DISABLED", message, { provider: source.provider }));
      return;
    }
    const now = clock.now();
    // A refusal of a token that has expired meanwhile is a new drop, not a fresh token refused;
    // the same token refused twice never is.
    const heldExpired = held.expiresAt !== null && now >= held.expiresAt;
    const refusedAgain = held.token !== null && held.token === lastRefused;
    lastRefused = held.token;
    const newDrop = reason === "expired" && heldExpired && !refusedAgain;
    if (now - lastHandOverAt > EPISODE_MS || newDrop) rejections = retries = 0;
    rejections += 1;
    // `expired`: the fresh token if the Db lacks it, else a forced one (the issuer's clock disagrees
    // with ours); `missing`: the token again; `invalid`: a forced one (keys rotated, token revoked).
    const current = source.getSnapshot().token;
    const force = reason === "invalid" || (reason === "expired" && (current === null || current === held.token));
    if (rejections === 1) {
      recover(force);
      return;
    }
    if (rejections === 2) {
      const message = `Jazz rejected a fresh token too (${reason}): check its JWKS and the token; retrying with backoff.`;
      report(new JazzAuthError("ERR_JAZZ_REJECTED", message, { provider: source.provider }));
    }
    scheduleRetry(() => recover(true));
  }

  function onAuthState(state: JazzAuthStateLike): void {
    if (!connected) return;
    if (state.error === undefined) {
      rejectionSeen = false;
      return;
    }
    if (rejectionSeen || !samePrincipal()) return;
    rejectionSeen = true;
    // Answer after Jazz's own listeners have seen the refusal: a hand-over inside its callback would
    // change the state they are being told about (auth-state.ts emit reads the live state).
    const reason = asReason(state.error);
    if (registering)
      onRejection(reason); // the state the Db had before we connected
    else
      queueMicrotask(() => {
        if (connected) onRejection(reason);
      });
  }

  function onLifecycle(event: LifecycleEvent): void {
    const wasOffline = !online;
    online = event === "online" || (event !== "offline" && (environment?.isOnline?.() ?? true));
    if (!online) return;
    if (retryTimer !== undefined && wasOffline) {
      // The network is back: the servers may be too. (A tab shown again does not cut the backoff.)
      clearRetry();
      recover(true);
      return;
    }
    // Back from offline, the transport is between retries, which a hidden tab may throttle for
    // minutes: the next token goes to it (free while it is disconnected), for a few minutes; by
    // then it has reconnected with what it holds. After a wake or a page shown again the socket
    // may have survived: only an expiring token goes, whenever the next one comes.
    const { expiresAt } = held;
    const heldStillGood = expiresAt !== null && clock.now() < expiresAt - HANDSHAKE_MARGIN_MS;
    if (heldStillGood && !wasOffline) return;
    cause = wasOffline ? "online" : event;
    due = true;
    dueUntil = heldStillGood ? clock.now() + RECONNECT_WINDOW_MS : Number.POSITIVE_INFINITY;
    onSnapshot(source.getSnapshot());
  }

  const unsubscribe = source.subscribe(onSnapshot);
  const stopEnvironment = environment?.subscribe(onLifecycle);
  registering = true;
  const stopAuth = db.onAuthChanged(onAuthState);
  registering = false;
  onSnapshot(source.getSnapshot());
  return () => {
    // A change the source has published that this connection has not heard yet: a listener before
    // ours dropped the Db inside the same notification (Solid runs effects there). The page still
    // learns of the sign-out or switch, as it does where the Db goes after the notification.
    const snapshot = source.getSnapshot();
    if (connected && snapshot.principal !== principal) reportChange(snapshot);
    connected = false;
    clearRetry();
    unsubscribe();
    stopEnvironment?.();
    stopAuth();
  };
}

/** The reason as Jazz's client names it; anything else reads as `invalid`, as `mapAuthReason` does. */
function asReason(error: string): JazzAuthFailureReason {
  return error === "expired" || error === "missing" || error === "disabled" ? error : "invalid";
}

function readDbPrincipal(db: JazzDbLike): string | undefined {
  const state = db.getAuthState?.() as JazzAuthStateLike | undefined;
  const userId = state?.session?.user_id;
  return typeof userId === "string" ? userId : undefined;
}
