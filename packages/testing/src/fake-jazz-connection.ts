import type { FakeClock } from "./fake-clock";
import { type JazzAuthFailureReason, mapAuthReason } from "./fake-jazz-auth-state";
import { ACCEPTED, defaultVerdict, type JazzServerCode, type JazzVerdict, serverCodeOf } from "./fake-jazz-server";

/**
 * Why a handshake was started. Transport = garden-co/jazz crates/jazz-tools/src/transport_manager.rs
 * `run` (Tokio 884-1037; the browser worker's WASM copy 1086-1225 is the same without the optional
 * connect and handshake timeouts):
 * - `initial`: the first connect;
 * - `auth-reconnect`: a token handed over while connected closed the live socket
 *   (`ConnectedExit::UpdateAuth`, 983-991) — the cost a hand-off policy should avoid;
 * - `auth-update`: a token handed over while connecting, handshaking, backing off or suspended after a
 *   rejection: stored, backoff reset, a connect at once (898-902, 918-922, 954-959, 1003-1010, 1029-1033);
 * - `retry`: the backoff after a network error ran out (1012-1035);
 * - `app-reconnect`: the app called `db.reconnect()`.
 */
export type HandshakeTrigger = "initial" | "auth-reconnect" | "auth-update" | "retry" | "app-reconnect";

/** One handshake the server answered. */
export interface Handshake {
  /** The token sent (`jwt_token`; `null` when the client holds none). */
  readonly token: string | null;
  readonly trigger: HandshakeTrigger;
  /** Real-world time the connect began. */
  readonly startedAt: number;
  /** Real-world time of the server's answer. */
  readonly at: number;
  /** `accepted`, or the reason the tabs' auth-state stores were given (see {@link FakeJazzConnectionOptions.route}). */
  readonly outcome: "accepted" | JazzAuthFailureReason;
  /** The server's rejection text. */
  readonly message?: string;
  /** The server's own code in that text, when it is JSON (what the server meant, whatever the client made of it). */
  readonly code?: JazzServerCode;
}

/** What a handshake came to, as the tabs saw it. */
export type HandshakeOutcome = Handshake["outcome"];

/** The transport's state (transport_manager.rs `run`). */
export type TransportPhase =
  /** No transport yet (a Db created with `connect: false`). */
  | { readonly kind: "idle" }
  | { readonly kind: "handshaking"; readonly trigger: HandshakeTrigger; readonly since: number }
  | { readonly kind: "connected"; readonly since: number }
  /** Waiting `300 ms · 2^min(attempt, 5)` plus up to 200 ms, capped at 10 s (so at most 9.8 s; transport_manager.rs:408-428). */
  | { readonly kind: "backing-off"; readonly attempt: number; readonly delayMs: number }
  /** Rejected: no retries until a token is handed over (transport_manager.rs:995-1011). */
  | { readonly kind: "suspended"; readonly reason: JazzAuthFailureReason }
  /** Shut down by `db.disconnect()`. */
  | { readonly kind: "stopped" };

/**
 * How a rejection reaches the tabs:
 * - `direct`: one Db owns the transport (Node, React Native, a browser Db without a worker):
 *   `JazzClient` maps the text with `mapAuthReason` (runtime/client.ts:644-648) and the connection
 *   manager calls the Db's `markUnauthenticated` (connection-manager/types.ts:100-102);
 * - `browser-worker`: the leader tab's dedicated worker owns the transport. It maps the text with its own
 *   `map_auth_reason`, an exact match on "Unauthorized"/"expired", "missing"/"Missing token",
 *   "disabled"/"Auth disabled", else `invalid` (crates/jazz-wasm/src/worker_host.rs:274-277, 1126-1133),
 *   and posts it to the leader and to every follower port (worker_host.rs:991-995), whose Dbs mark
 *   themselves unauthenticated (leader-worker-connection-role.ts:42-44, follower-port-connection-role.ts:34-36,
 *   browser-connection-manager.ts:547-549). The server's JSON texts match none of those strings, so in a
 *   browser every rejection, `expired` included, reaches the tabs as `invalid`.
 */
export type FakeJazzRoute = "direct" | "browser-worker";

/** Options of {@link createFakeJazzConnection}. */
export interface FakeJazzConnectionOptions {
  readonly clock: FakeClock;
  /** Default `browser-worker` (several tabs); a Db without a connection gets a private `direct` one. */
  readonly route?: FakeJazzRoute;
  /** How the server judges a token (default {@link defaultVerdict}). */
  readonly verdict?: JazzVerdict;
  /** Connect plus handshake, in ms of running time, before the server's answer arrives (default 50, > 0). */
  readonly handshakeLatencyMs?: number;
  /** The backoff's jitter source in [0, 1) (default 0.5: the same figures on every run). */
  readonly random?: () => number;
}

/** A tab as the connection sees it: where rejections go. */
export interface FakeJazzTab {
  markUnauthenticated(reason: JazzAuthFailureReason): void;
}

/**
 * The one Jazz transport that one Db, or every tab of a browser origin, talks through. Tokens handed
 * over by any attached tab reach it (followers forward `updateAuth` to the leader's worker:
 * browser-connection-manager.ts:197-202, follower-port-connection-role.ts:65-67, worker_host.rs:690-691,
 * 774-775, 857-887), so N tabs' refreshes all reconnect this one socket.
 */
export interface FakeJazzConnection {
  readonly route: FakeJazzRoute;
  readonly phase: TransportPhase;
  /** The credential the transport holds (the last token handed over by any tab). */
  readonly auth: string | null;
  /** Handshakes the server answered, in order. */
  readonly handshakes: readonly Handshake[];
  /** Handshakes made only because a token was handed over while connected. */
  readonly authReconnects: number;
  /** Handshakes cut off before the server answered (a token handed over, or the network lost, mid-handshake). */
  readonly abandonedHandshakes: number;
  /** Whether the server can be reached; while not, connects fail and the transport backs off. */
  readonly online: boolean;
  verdict: JazzVerdict;
  /**
   * The network goes away or comes back. Jazz does not listen to the page's `online` event: the
   * transport retries when its backoff runs out (at most 9.8 s later), not at once.
   */
  setOnline(online: boolean): void;
  /**
   * A drop the page cannot see (the server restarts, a proxy cuts the socket): the transport reports
   * `Disconnected`, backs off and reconnects with the token it holds (transport_manager.rs:976-982, 1021-1035).
   */
  drop(): void;
  /** Attaches a tab; the first is the leader, whose token the transport starts with. */
  attach(tab: FakeJazzTab): { readonly leader: boolean; detach(): void };
  /** How many tabs are attached. */
  readonly tabCount: number;
  /** `TransportControl::UpdateAuth` (transport_manager.rs:154-158). */
  updateAuth(token: string | null): void;
  /** Starts the transport with `token` (`connectTransport`, direct-connection-manager.ts:26-33). */
  start(token: string | null): void;
  /** `db.disconnect()`: `TransportControl::Shutdown` (direct-connection-manager.ts:42-49, worker_host.rs:693-697). */
  stop(): void;
  /** `db.reconnect()`: a new transport with the held token, whatever the phase (direct-connection-manager.ts:51-62, worker_host.rs:699-705). */
  reconnect(): void;
}

/**
 * Creates a {@link FakeJazzConnection} on the fake clock: every handshake takes
 * `handshakeLatencyMs`, so a rejection always arrives after the call that caused it, as the real
 * server's does.
 *
 * @example
 * ```ts
 * const connection = createFakeJazzConnection({ clock });
 * const tabs = [1, 2, 3].map(() => createFakeJazzDb({ token, clock, connection }));
 * connection.drop();
 * await clock.advance(1000);
 * ```
 */
export function createFakeJazzConnection(options: FakeJazzConnectionOptions): FakeJazzConnection {
  const { clock } = options;
  const latency = options.handshakeLatencyMs ?? 50;
  if (!(latency > 0) || !Number.isFinite(latency)) throw new TypeError("handshakeLatencyMs must be a positive number.");
  const random = options.random ?? (() => 0.5);
  const route = options.route ?? "browser-worker";
  const tabs = new Set<FakeJazzTab>();
  const handshakes: Handshake[] = [];
  let phase: TransportPhase = { kind: "idle" };
  let auth: string | null = null;
  let attempt = 0;
  let timer: unknown;
  let online = true;
  let authReconnects = 0;
  let abandoned = 0;

  const clearTimer = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const mapForTabs = (message: string): JazzAuthFailureReason =>
    route === "direct" ? mapAuthReason(message) : workerAuthReason(message);

  function handshake(trigger: HandshakeTrigger): void {
    clearTimer();
    if (phase.kind === "handshaking") abandoned += 1;
    const startedAt = clock.serverNow();
    const token = auth;
    phase = { kind: "handshaking", trigger, since: startedAt };
    timer = clock.setTimeout(() => {
      timer = undefined;
      if (!online) return backOff(); // `ConnectFailed` (transport_manager.rs:904-926, 1012-1019)
      const verdict = connection.verdict(token, clock.serverNow());
      const base = { token, trigger, startedAt, at: clock.serverNow() };
      if (verdict === ACCEPTED) {
        attempt = 0; // transport_manager.rs:960-970
        handshakes.push({ ...base, outcome: "accepted" });
        phase = { kind: "connected", since: clock.serverNow() };
        return;
      }
      const reason = mapForTabs(verdict);
      const code = serverCodeOf(verdict);
      handshakes.push({ ...base, outcome: reason, message: verdict, ...(code ? { code } : {}) });
      phase = { kind: "suspended", reason };
      for (const tab of [...tabs]) tab.markUnauthenticated(reason);
    }, latency);
  }

  function backOff(): void {
    clearTimer();
    const jitter = Math.floor((Math.min(255, Math.floor(random() * 256)) * 200) / 255);
    const delayMs = Math.min(300 * 2 ** Math.min(attempt, 5) + jitter, 10_000);
    phase = { kind: "backing-off", attempt, delayMs };
    timer = clock.setTimeout(() => {
      timer = undefined;
      attempt += 1;
      handshake("retry");
    }, delayMs);
  }

  const connection: FakeJazzConnection = {
    route,
    verdict: options.verdict ?? defaultVerdict,
    get phase() {
      return phase;
    },
    get auth() {
      return auth;
    },
    handshakes,
    get authReconnects() {
      return authReconnects;
    },
    get abandonedHandshakes() {
      return abandoned;
    },
    get online() {
      return online;
    },
    setOnline(next) {
      online = next;
      if (!next && phase.kind === "connected") backOff(); // the socket errors: `Disconnected`
    },
    drop() {
      if (phase.kind === "connected") backOff();
      else if (phase.kind === "handshaking") {
        abandoned += 1;
        phase = { kind: "idle" }; // not counted again by the retry below
        backOff();
      }
    },
    get tabCount() {
      return tabs.size;
    },
    attach(tab) {
      if (route === "direct" && tabs.size > 0) throw new TypeError("A direct connection belongs to one Db.");
      const leader = tabs.size === 0;
      tabs.add(tab);
      return { leader, detach: () => tabs.delete(tab) };
    },
    updateAuth(token) {
      auth = token;
      if (phase.kind === "idle" || phase.kind === "stopped") return;
      if (phase.kind === "connected") authReconnects += 1;
      attempt = 0;
      handshake(phase.kind === "connected" ? "auth-reconnect" : "auth-update");
    },
    start(token) {
      auth = token;
      attempt = 0;
      handshake("initial");
    },
    stop() {
      clearTimer();
      if (phase.kind === "handshaking") abandoned += 1;
      phase = { kind: "stopped" };
    },
    reconnect() {
      attempt = 0;
      handshake("app-reconnect");
    },
  };
  return connection;
}

/** The browser worker's reason for a rejection text: an exact match (crates/jazz-wasm/src/worker_host.rs:1126-1133). */
export function workerAuthReason(message: string): JazzAuthFailureReason {
  if (message === "Unauthorized" || message === "expired") return "expired";
  if (message === "missing" || message === "Missing token") return "missing";
  if (message === "disabled" || message === "Auth disabled") return "disabled";
  return "invalid";
}
