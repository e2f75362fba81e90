import type { JazzAuthStateLike, JazzDbLike } from "@jazz-auth/core";

/** Why the server refused a handshake, as Jazz's client names it (runtime/auth-state.ts:7-13). */
export type JazzAuthFailureReason = "expired" | "missing" | "disabled" | "invalid";

/**
 * The stand-in's connection to the sync server: a handshake under way, `connected`, or `rejected`
 * (the server refused the handshake and the transport waits for a new credential).
 */
export type StandInConnection = "connecting" | "connected" | "rejected";

/** A token that `updateAuthToken` applied (a no-op call is not one). */
export interface HandOver {
  readonly token: string;
  /** `Date.now()` when it was handed over. */
  readonly at: number;
  /** The token's `exp` in ms, or `null` without one. */
  readonly expiresAt: number | null;
  /** `true` when the connection was live: the hand-over closed the socket and reconnected. */
  readonly reconnect: boolean;
  /** The auth state's `error` it cleared: the rejection it answered. */
  readonly after: JazzAuthFailureReason | null;
}

/** What the page shows about the stand-in Db. */
export interface StandInView {
  /** The `jwtToken` the Db was created with. */
  readonly configToken: string;
  /** The token the Db holds now (its `config.jwtToken`). */
  readonly heldToken: string;
  readonly connection: StandInConnection;
  /** The auth state's `error`, as Jazz's `AuthState.error`. */
  readonly error: JazzAuthFailureReason | undefined;
  /** Every `updateAuthToken` call that changed something. */
  readonly handOvers: readonly HandOver[];
  /** `updateAuthToken` calls that changed nothing (the same token, no error). */
  readonly noOps: number;
  /** Simulated server restarts (each one a handshake with the held token). */
  readonly restarts: number;
}

/** The stand-in Db: the part connectJazz uses, and a way to simulate the server going away. */
export interface StandInDb extends JazzDbLike {
  getAuthState(): JazzAuthStateLike;
  /**
   * The sync server restarts: the socket drops unseen by the page, and the client reconnects with
   * the token it holds. The handshake checks `exp`, so an expired held token is refused (`expired`).
   */
  simulateServerRestart(): void;
  /** Stops the handshake under way and the page's notifications, as `Db.shutdown()` ends a Db. */
  shutdown(): void;
}

interface Claims {
  readonly sub?: unknown;
  readonly exp?: unknown;
}

function claimsOf(token: string): Claims {
  try {
    const payload = token.split(".")[1] ?? "";
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Claims;
  } catch {
    return {};
  }
}

/** The token's `exp` in ms, or `null` without a numeric one. */
export function expiryOf(token: string): number | null {
  const { exp } = claimsOf(token);
  return typeof exp === "number" ? exp * 1000 : null;
}

const subOf = (token: string): string | null => {
  const { sub } = claimsOf(token);
  return typeof sub === "string" && sub.trim() !== "" ? sub.trim() : null;
};

/** How long a handshake takes: one round trip to the sync server. */
const HANDSHAKE_MS = 50;

/**
 * What the sync server says at a handshake, nothing when it accepts the token: `exp <= now` in
 * whole seconds is `expired` (crates/jazz-tools/src/middleware/auth.rs:772-782); a token without
 * `exp` is accepted.
 */
function verdict(token: string): JazzAuthFailureReason | undefined {
  const expiresAt = expiryOf(token);
  return expiresAt !== null && expiresAt / 1000 <= Math.floor(Date.now() / 1000) ? "expired" : undefined;
}

/**
 * A stand-in for a live Jazz `Db` (garden-co/jazz at 6a363411a, packages/jazz-tools/src/runtime), as
 * far as `connectJazz` can tell the difference:
 *
 * - `updateAuthToken` (db.ts:998-1000) → `applyAuthUpdate` (db.ts:868-884): the same token while the
 *   auth state is unchanged is a no-op (db.ts:875-877), counted in `noOps` and not recorded. Anything
 *   else is a hand-over: the auth store applies the token, clearing `error` (auth-state.ts:87-114),
 *   and the transport gets the new credential (db.ts:881). A hand-over while connected closes the
 *   socket and handshakes again (crates/jazz-tools/src/transport_manager.rs:1171-1180,
 *   `WasmConnectedExit::UpdateAuth`, the browser build of 983-991): `reconnect: true`. One while the
 *   transport handshakes or is suspended after a rejection only replaces the credential and
 *   handshakes with it (transport_manager.rs:1183-1198): no reconnect.
 * - A token for another principal throws, as the auth store does (auth-state.ts:98-104).
 * - A refused handshake sets `error` and tells the `onAuthChanged` listeners, as `markUnauthenticated`
 *   does (auth-state.ts:75-85, reached through db.ts:864-866): the session stays, and an equal state
 *   is not told again. Listeners hear the current state at once, then only changes
 *   (auth-state.ts:67-73, db.ts:1024-1028).
 * - The server checks `exp` only at a handshake (crates/jazz-tools/src/middleware/auth.rs:772-782):
 *   a live connection outlives its token, and nothing happens when the held token expires.
 *
 * Handshakes take {@link HANDSHAKE_MS}, and a newer credential supersedes one under way. Not
 * modelled: the network (going offline does not disconnect it), the leader tab, claims other than
 * `sub` and `exp`, and the reasons `missing`, `invalid` and `disabled`.
 */
export function createStandInDb(configToken: string, onChange: (view: StandInView) => void): StandInDb {
  const principal = subOf(configToken);
  const session = principal === null ? null : { user_id: principal };
  let view: StandInView = {
    configToken,
    heldToken: configToken,
    connection: "connected",
    error: undefined,
    handOvers: [],
    noOps: 0,
    restarts: 0,
  };
  let state: JazzAuthStateLike = { session };
  const listeners = new Set<(state: JazzAuthStateLike) => void>();
  let handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  let live = true;

  const show = (next: Partial<StandInView>) => {
    view = { ...view, ...next };
    if (live) onChange(view);
  };
  /** The auth store's state; listeners hear only changes. */
  const setError = (error: JazzAuthFailureReason | undefined) => {
    if (state.error === error) return;
    state = error === undefined ? { session } : { session, error };
    show({ error });
    for (const listener of [...listeners]) listener(state);
  };
  /** A handshake with the held token, answered after a round trip; a newer one replaces it. */
  const handshake = () => {
    clearTimeout(handshakeTimer);
    show({ connection: "connecting" });
    handshakeTimer = setTimeout(() => {
      const refused = verdict(view.heldToken);
      show({ connection: refused === undefined ? "connected" : "rejected" });
      if (refused !== undefined) setError(refused);
    }, HANDSHAKE_MS);
  };

  onChange(view);
  return {
    updateAuthToken(token) {
      if (subOf(token) !== principal)
        throw new Error("Changing auth principal on a live client is not supported. Recreate the Db.");
      if (token === view.heldToken && state.error === undefined) {
        show({ noOps: view.noOps + 1 });
        return;
      }
      const handOver: HandOver = {
        token,
        at: Date.now(),
        expiresAt: expiryOf(token),
        reconnect: view.connection === "connected",
        after: view.error ?? null,
      };
      show({ heldToken: token, handOvers: [...view.handOvers, handOver] });
      setError(undefined);
      handshake();
    },
    onAuthChanged(callback) {
      listeners.add(callback);
      callback(state);
      return () => {
        listeners.delete(callback);
      };
    },
    getAuthState: () => state,
    simulateServerRestart() {
      if (!live) return;
      show({ restarts: view.restarts + 1 });
      handshake();
    },
    shutdown() {
      live = false;
      clearTimeout(handshakeTimer);
      listeners.clear();
    },
  };
}
