import type { JazzDbLike } from "@jazz-auth/core";
import type { FakeClock } from "./fake-clock";
import { createFakeAuthStateStore, type FakeJazzAuthState } from "./fake-jazz-auth-state";
import {
  createFakeJazzConnection,
  type FakeJazzConnection,
  type Handshake,
  type TransportPhase,
} from "./fake-jazz-connection";
import type { JazzVerdict } from "./fake-jazz-server";

export { type FakeJazzAuthState, type FakeJazzSession, sessionFromJwt } from "./fake-jazz-auth-state";
export type { Handshake, HandshakeOutcome } from "./fake-jazz-connection";
export { defaultVerdict } from "./fake-jazz-server";

/**
 * A Db created with a local-first `secret` (db.ts:1834-1875): the fake mints its tokens with `mint`
 * (the real client signs them in WASM) and refreshes them on its own timer.
 */
export interface FakeLocalFirstSecret {
  /** A local-first token issued at `nowMs` (the local wall clock, as `Date.now()`), valid `ttlSeconds`. */
  mint(nowMs: number, ttlSeconds: number): string;
}

/** Options of {@link createFakeJazzDb}. */
export interface FakeJazzDbOptions {
  /** The `jwtToken` the Db is created with (not with `localFirst`: the real `DbConfig` forbids both). */
  readonly token?: string;
  readonly clock: FakeClock;
  /** Start the transport at once (default true); only the first tab of a connection starts it. */
  readonly connect?: boolean;
  /** The transport shared with other tabs (browser leader/follower); default a private `direct` one. */
  readonly connection?: FakeJazzConnection;
  /** A Db created with `secret`: mints its token and refreshes it at 80 % of its 3600 s TTL. */
  readonly localFirst?: FakeLocalFirstSecret;
  /** For the private connection: how the server judges tokens. */
  readonly verdict?: JazzVerdict;
  /** For the private connection: see {@link FakeJazzConnectionOptions.handshakeLatencyMs}. */
  readonly handshakeLatencyMs?: number;
}

/**
 * A stand-in for a live Jazz `Db` (garden-co/jazz 6a363411a, packages/jazz-tools/src/runtime/db.ts),
 * over a {@link FakeJazzConnection}. Each behaviour follows the real client; see the TSDoc of each member.
 */
export interface FakeJazzDb extends JazzDbLike {
  /**
   * `Db.updateAuthToken` → `applyAuthUpdate` (db.ts:868-884, 998-1000): the store applies the token
   * first (it throws on a principal change, and then nothing else happens); if neither the token string
   * nor the state changed it is a no-op; otherwise the Db keeps the token and calls `updateAuth` on the
   * transport, which reconnects a live socket. The same token after a rejection is not a no-op: clearing
   * the error changes the state, so the handshake is retried.
   */
  updateAuthToken(token: string | null): void;
  /** `Db.getAuthState` (db.ts:1006-1008). */
  getAuthState(): FakeJazzAuthState;
  /** `Db.onAuthChanged` (db.ts:1024-1028): called at once, then on every change; equal states are not re-emitted. */
  onAuthChanged(callback: (state: FakeJazzAuthState) => void): () => void;
  /** The token the Db holds (`config.jwtToken`; `""` when it holds none, after `updateAuthToken(null)`). */
  readonly token: string;
  /** This tab's place: the only Db of a `direct` connection, or a browser leader or follower. */
  readonly role: "direct" | "leader" | "follower";
  readonly connection: FakeJazzConnection;
  /** The transport is connected. */
  readonly connected: boolean;
  /** The transport is suspended after a rejection: nothing happens until a token is handed over. */
  readonly paused: boolean;
  /** The connection's answered handshakes (shared by every tab of it). */
  readonly handshakes: readonly Handshake[];
  /** Tokens this Db passed to the transport (every `updateAuthToken` with a string that was not a no-op). */
  readonly updates: readonly string[];
  /** The connection's verdict; assign to change how the server judges tokens. */
  verdict: JazzVerdict;
  /**
   * `Db.disconnect()`: the transport shuts down until {@link FakeJazzDb.reconnect}. A follower tab
   * throws, as the real one does (follower-port-connection-role.ts:57-63).
   */
  disconnect(): void;
  /** `Db.reconnect()`: a new handshake at once with the held token, even when suspended. */
  reconnect(): void;
  /**
   * `Db.shutdown()`: stops the local-first timer (db.ts:1554-1557) and leaves the connection; the
   * transport shuts down with its last tab (the fake does not model a follower taking over the lead).
   */
  shutdown(): void;
}

const LOCAL_FIRST_TTL_SECONDS = 3600;

/**
 * Creates a {@link FakeJazzDb}. Without `connection` it is a single tab with its own `direct`
 * transport; with one, several Dbs are the tabs of one browser origin sharing the leader's socket.
 * Server answers arrive `handshakeLatencyMs` after the handshake, on the fake clock.
 *
 * @example
 * ```ts
 * const db = createFakeJazzDb({ token: await source.getToken(), clock });
 * connectJazz(source, db);
 * db.connection.drop();
 * await clock.advance(1000);
 * expect(db.handshakes.at(-1)?.outcome).toBe("accepted");
 * ```
 */
export function createFakeJazzDb(options: FakeJazzDbOptions): FakeJazzDb {
  const { clock, localFirst } = options;
  if (localFirst && options.token !== undefined) {
    throw new TypeError("DbConfig error: secret, jwtToken, and cookieSession are mutually exclusive");
  }
  const connection =
    options.connection ??
    createFakeJazzConnection({
      clock,
      route: "direct",
      ...(options.verdict ? { verdict: options.verdict } : {}),
      ...(options.handshakeLatencyMs !== undefined ? { handshakeLatencyMs: options.handshakeLatencyMs } : {}),
    });
  let token: string | undefined = localFirst ? localFirst.mint(clock.now(), LOCAL_FIRST_TTL_SECONDS) : options.token;
  const store = createFakeAuthStateStore(token);
  const updates: string[] = [];
  let refreshTimer: unknown;
  let shutDown = false;
  const membership = connection.attach({ markUnauthenticated: (reason) => store.markUnauthenticated(reason) });
  const role = connection.route === "direct" ? "direct" : membership.leader ? "leader" : "follower";
  const is = (kind: TransportPhase["kind"]) => connection.phase.kind === kind;

  /** db.ts:823-849: refresh at 80 % of the TTL; a failed mint or hand-over logs and stops the timer. */
  const scheduleLocalFirstRefresh = (ttlSeconds: number) => {
    if (refreshTimer !== undefined) clock.clearTimeout(refreshTimer);
    refreshTimer = clock.setTimeout(() => {
      refreshTimer = undefined;
      if (!localFirst || shutDown) return;
      try {
        db.updateAuthToken(localFirst.mint(clock.now(), LOCAL_FIRST_TTL_SECONDS));
        scheduleLocalFirstRefresh(LOCAL_FIRST_TTL_SECONDS);
      } catch {
        // db.ts:846-848 logs "Failed to refresh local-first token" and schedules nothing more.
      }
    }, ttlSeconds * 800);
  };

  const db: FakeJazzDb = {
    get token() {
      return token ?? "";
    },
    role,
    connection,
    get connected() {
      return is("connected");
    },
    get paused() {
      return is("suspended");
    },
    handshakes: connection.handshakes,
    updates,
    get verdict() {
      return connection.verdict;
    },
    set verdict(verdict) {
      connection.verdict = verdict;
    },
    getAuthState: () => store.getState(),
    onAuthChanged: (callback) => store.onChange(callback),
    updateAuthToken(next) {
      const jwtToken = next ?? undefined;
      const previous = store.getState();
      const state = store.applyJwtToken(jwtToken);
      if (jwtToken === token && state === previous) return;
      token = jwtToken;
      if (jwtToken !== undefined) updates.push(jwtToken);
      connection.updateAuth(jwtToken ?? null);
    },
    disconnect() {
      if (role === "follower") throw new Error("Db.disconnect() is only supported on the browser leader tab.");
      connection.stop();
    },
    reconnect() {
      if (role === "follower") throw new Error("Db.reconnect() is only supported on the browser leader tab.");
      connection.reconnect();
    },
    shutdown() {
      shutDown = true;
      if (refreshTimer !== undefined) clock.clearTimeout(refreshTimer);
      membership.detach();
      if (connection.tabCount === 0) connection.stop();
    },
  };
  if (localFirst) scheduleLocalFirstRefresh(LOCAL_FIRST_TTL_SECONDS); // db.ts:1873-1875
  if (membership.leader && (options.connect ?? true)) connection.start(token ?? null);
  return db;
}
