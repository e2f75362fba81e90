import { decodeJwt, type JazzDbLike } from "@jazz-auth/core";
import type { FakeClock } from "./fake-clock";

/** What the Jazz server answers a handshake with (jazz-contract.md §1.7). */
export type HandshakeOutcome = "accepted" | "expired" | "invalid";

/** A Jazz session as the client derives it from a JWT (jazz-contract.md §3.2). */
export interface FakeJazzSession {
  readonly user_id: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The fake's auth state, shaped like Jazz's `AuthState`. */
export interface FakeJazzAuthState {
  readonly authMode: "external";
  readonly session: FakeJazzSession | null;
  readonly error?: "expired" | "invalid";
}

/** One handshake the fake client made. */
export interface Handshake {
  readonly token: string;
  /** Real-world time of the handshake. */
  readonly at: number;
  readonly outcome: HandshakeOutcome;
}

/**
 * A stand-in for a live Jazz `Db` that follows jazz-contract.md §3: `updateAuthToken` throws on a
 * principal change (including `null`), is a no-op for the same token without an error, and
 * otherwise redoes the handshake; after a rejection sync stays paused until a new token arrives.
 */
export interface FakeJazzDb extends JazzDbLike {
  updateAuthToken(token: string | null): void;
  getAuthState(): FakeJazzAuthState;
  /** The token the client holds. */
  readonly token: string;
  /** A handshake was accepted and the transport has not dropped since. */
  readonly connected: boolean;
  /** The server rejected the token; nothing happens until `updateAuthToken`. */
  readonly paused: boolean;
  readonly handshakes: readonly Handshake[];
  /** Every token passed to `updateAuthToken` that was not a no-op. */
  readonly updates: readonly string[];
  /** How the server judges a token; by default `exp` against real-world time. */
  verdict: (token: string, serverNow: number) => HandshakeOutcome;
  /** The transport drops (network lost, machine asleep). */
  disconnect(): void;
  /** The transport comes back: a handshake with the current token, unless paused. */
  reconnect(): void;
}

/** Options of {@link createFakeJazzDb}. */
export interface FakeJazzDbOptions {
  /** The `jwtToken` the Db is created with. */
  readonly token: string;
  readonly clock: FakeClock;
  /** Make the first handshake at once (default true). */
  readonly connect?: boolean;
}

/** The Jazz server's external-JWT verdict on signature-valid tokens: `sub` required, `exp` checked. */
export function defaultVerdict(token: string, serverNow: number): HandshakeOutcome {
  const session = sessionFromJwt(token);
  if (!session) return "invalid";
  const { exp } = decodeJwt(token).payload;
  return typeof exp === "number" && exp * 1000 <= serverNow ? "expired" : "accepted";
}

/** The session Jazz derives from a token: trimmed `sub`, nested `claims` plus `subject`/`issuer`. */
export function sessionFromJwt(token: string): FakeJazzSession | null {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token).payload;
  } catch {
    return null;
  }
  const sub = typeof payload.sub === "string" ? payload.sub.trim() : "";
  if (!sub) return null;
  const nested = typeof payload.claims === "object" && payload.claims !== null ? payload.claims : {};
  const issuer = typeof payload.iss === "string" && payload.iss.trim() ? { issuer: payload.iss.trim() } : {};
  return { user_id: sub, claims: { ...nested, subject: sub, ...issuer } };
}

/**
 * Creates a {@link FakeJazzDb}.
 *
 * @example
 * ```ts
 * const db = createFakeJazzDb({ token: await source.getToken(), clock });
 * connectJazz(source, db);
 * db.disconnect(); clock.sleep(3_600_000); db.reconnect();
 * expect(db.handshakes.at(-1)?.outcome).toBe("accepted");
 * ```
 */
export function createFakeJazzDb(options: FakeJazzDbOptions): FakeJazzDb {
  const { clock } = options;
  const listeners = new Set<(state: FakeJazzAuthState) => void>();
  const handshakes: Handshake[] = [];
  const updates: string[] = [];
  let token = options.token;
  let state: FakeJazzAuthState = { authMode: "external", session: sessionFromJwt(token) };
  let connected = false;
  let paused = false;

  const setState = (next: FakeJazzAuthState) => {
    state = next;
    for (const listener of [...listeners]) listener(state);
  };

  const handshake = () => {
    const outcome = db.verdict(token, clock.serverNow());
    handshakes.push({ token, at: clock.serverNow(), outcome });
    connected = outcome === "accepted";
    paused = !connected;
    if (outcome !== "accepted") setState({ authMode: "external", session: state.session, error: outcome });
  };

  const db: FakeJazzDb = {
    verdict: defaultVerdict,
    get token() {
      return token;
    },
    get connected() {
      return connected;
    },
    get paused() {
      return paused;
    },
    handshakes,
    updates,
    getAuthState: () => state,
    onAuthChanged(callback) {
      const listener = (next: FakeJazzAuthState) => callback(next);
      listeners.add(listener);
      callback(state);
      return () => listeners.delete(listener);
    },
    updateAuthToken(next) {
      const session = next === null ? null : sessionFromJwt(next);
      if (session?.user_id !== state.session?.user_id || session === null) {
        throw new Error("Changing auth principal on a live client is not supported. Recreate the Db.");
      }
      if (next === token && state.error === undefined) return;
      const wasLive = connected || paused;
      token = next as string;
      updates.push(token);
      setState({ authMode: "external", session });
      if (wasLive) handshake();
    },
    disconnect() {
      connected = false;
    },
    reconnect() {
      if (!paused) handshake();
    },
  };
  if (options.connect ?? true) handshake();
  return db;
}
