import { type JazzAuthMode, jazzClientSession } from "@jazz-auth/verifier";

/** Why the server refused a handshake, as the client reports it (`AuthFailureReason`, runtime/sync-transport.ts:10). */
export type JazzAuthFailureReason = "expired" | "missing" | "invalid" | "disabled";

/** A Jazz session as the client derives it from a JWT (`Session`, runtime/context.ts:47-54). */
export interface FakeJazzSession {
  readonly user_id: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly authMode: JazzAuthMode;
}

/** The fake's auth state, shaped like Jazz's `AuthState` (runtime/auth-state.ts:15-19). */
export interface FakeJazzAuthState {
  readonly authMode: JazzAuthMode;
  readonly session: FakeJazzSession | null;
  readonly error?: JazzAuthFailureReason;
}

/**
 * The reason the TS client gives a rejection text (garden-co/jazz packages/jazz-tools/src/runtime/auth-state.ts:7-13
 * `mapAuthReason`, called from runtime/client.ts:644-648): lower-cased, then the first of `expired`,
 * `missing`, `disabled` it contains, else `invalid`. So any text containing "expired" is `expired`, and the
 * server's JSON text for a missing `sub` ("…missing field `sub`…", code `invalid`) is `missing`.
 */
export function mapAuthReason(message: string): JazzAuthFailureReason {
  const lower = message.toLowerCase();
  if (lower.includes("expired")) return "expired";
  if (lower.includes("missing")) return "missing";
  if (lower.includes("disabled")) return "disabled";
  return "invalid";
}

/** `authStateEquals` (auth-state.ts:28-36): mode, error, then the sessions by user, mode and JSON of the claims. */
export function authStateEquals(a: FakeJazzAuthState, b: FakeJazzAuthState): boolean {
  if (a.authMode !== b.authMode || a.error !== b.error) return false;
  if (a.session === b.session) return true;
  if (!a.session || !b.session) return false;
  if (a.session.user_id !== b.session.user_id || a.session.authMode !== b.session.authMode) return false;
  return JSON.stringify(a.session.claims) === JSON.stringify(b.session.claims);
}

/**
 * The payload as the client reads it (runtime/client-session.ts:81-99 `parseJwtPayload`): the token
 * trimmed, at least two `.`-separated parts, the second base64url-decoded leniently, a JSON object.
 */
export function parseClientJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.trim().split(".");
  if (!token.trim() || parts.length < 2 || parts[1] === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1].replace(/-/g, "+").replace(/_/g, "/"), "base64").toString());
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The session the client derives from a token (`resolveJwtSession`, client-session.ts:128-132), by the verifier's {@link jazzClientSession}. */
export function sessionFromJwt(token: string | null | undefined): FakeJazzSession | null {
  const payload = token ? parseClientJwtPayload(token) : null;
  return payload ? jazzClientSession(payload) : null;
}

/** The error the real store throws on a principal change (auth-state.ts:100-104). */
export const PRINCIPAL_CHANGE_MESSAGE = "Changing auth principal on a live client is not supported. Recreate the Db.";

/** The auth-state store of one Db (tab), as {@link createFakeAuthStateStore} returns it. */
export interface FakeAuthStateStore {
  getState(): FakeJazzAuthState;
  /** Adds a listener and calls it at once (auth-state.ts:67-73). */
  onChange(listener: (state: FakeJazzAuthState) => void): () => void;
  /** A rejection: the session kept, `error` set; equal states are not re-emitted (auth-state.ts:75-85). */
  markUnauthenticated(reason: JazzAuthFailureReason): FakeJazzAuthState;
  /** A new token: throws on a principal change, clears `error`, returns the same object when equal (auth-state.ts:87-114). */
  applyJwtToken(token: string | undefined): FakeJazzAuthState;
}

/**
 * The store of garden-co/jazz runtime/auth-state.ts `createAuthStateStore` (51-145), for tokens (no
 * cookie sessions, no locked scoped states). `authMode` is fixed from the first token for the Db's
 * life (auth-state.ts:52, 77, 107). The principal check compares `session?.user_id ?? null` on both
 * sides (auth-state.ts:98-104): an unparsable or sub-less token, or `null`, is a change only when a
 * session exists now, and a token with a session is a change when none exists (a Db created with an
 * opaque token cannot gain one).
 */
export function createFakeAuthStateStore(initialToken: string | undefined): FakeAuthStateStore {
  const initialSession = sessionFromJwt(initialToken);
  const authMode = initialSession?.authMode ?? "external";
  let state: FakeJazzAuthState = { authMode, session: initialSession };
  const listeners = new Set<(state: FakeJazzAuthState) => void>();
  const set = (next: FakeJazzAuthState) => {
    if (authStateEquals(state, next)) return state;
    state = next;
    for (const listener of listeners) listener(state);
    return state;
  };
  return {
    getState: () => state,
    onChange(listener) {
      listeners.add(listener);
      listener(state);
      return () => {
        listeners.delete(listener);
      };
    },
    markUnauthenticated: (reason) => set({ authMode, session: state.session, error: reason }),
    applyJwtToken(token) {
      const session = sessionFromJwt(token);
      if ((state.session?.user_id ?? null) !== (session?.user_id ?? null)) throw new Error(PRINCIPAL_CHANGE_MESSAGE);
      return set({ authMode, session });
    },
  };
}
