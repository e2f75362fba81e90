import {
  createTokenSource,
  decodeJwt,
  type EngineOptions,
  JazzAuthError,
  type TokenSource,
  watchDistinct,
} from "@jazz-auth/core";

/** The part of a Supabase `Session` this adapter reads. */
export interface SupabaseSessionLike {
  /** The access token: the JWT Jazz gets. */
  readonly access_token: string;
  /** When the access token ends, in seconds since the epoch (auth-js sets it at receipt from `expires_in`). */
  readonly expires_at?: number | undefined;
  readonly user: { readonly id: string };
}

/** What `getSession()` and `refreshSession()` resolve to (auth-js never rejects for an auth error). */
export interface SupabaseSessionResult {
  readonly data: { readonly session: SupabaseSessionLike | null };
  readonly error: { readonly name: string; readonly code?: string | undefined } | null;
}

/** The part of a Supabase auth client (`createClient(…).auth`) this adapter uses. */
export interface SupabaseAuthLike {
  getSession(): Promise<SupabaseSessionResult>;
  refreshSession(): Promise<SupabaseSessionResult>;
  onAuthStateChange(callback: (event: string, session: SupabaseSessionLike | null) => void): {
    readonly data: { readonly subscription: { unsubscribe(): void } };
  };
}

/**
 * Answers after which the session is over, not failed: no session (`AuthSessionMissingError`), or
 * the refresh token refused. auth-js (2.109.0, GoTrueClient.js `_callRefreshToken`) removes such a
 * session from storage itself once its access token has expired, and emits `SIGNED_OUT`.
 */
const SESSION_ENDED = new Set([
  "refresh_token_not_found",
  "refresh_token_already_used",
  "session_not_found",
  "session_expired",
  "user_not_found",
  "user_banned",
]);

const ended = (error: { readonly name: string; readonly code?: string | undefined }) =>
  error.name === "AuthSessionMissingError" || SESSION_ENDED.has(error.code ?? "");

/** A session answer, with what `throwOnError: true` clients throw read back as an answer. */
async function answer(call: () => Promise<SupabaseSessionResult>): Promise<SupabaseSessionResult> {
  try {
    return await call();
  } catch (thrown) {
    // `throwOnError: true` clients throw the auth error instead of returning it.
    const name = (thrown as { name?: unknown } | null)?.name;
    if (typeof name !== "string") throw thrown;
    return { data: { session: null }, error: thrown as { name: string; code?: string } };
  }
}

/** Whether `session`'s access token is still good at `nowMs` (`expires_at`, else the JWT's `exp`). */
function stillValid(session: SupabaseSessionLike, nowMs: number): boolean {
  let exp = session.expires_at;
  if (exp === undefined) {
    try {
      const claim = decodeJwt(session.access_token).payload.exp;
      exp = typeof claim === "number" ? claim : undefined;
    } catch {
      return false;
    }
  }
  return exp !== undefined && exp * 1000 > nowMs;
}

/** The subject of an SSR hand-off as the watch keys it ("" signed out); `undefined` without one. */
function initialKey(token: string | null | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (token === null) return "";
  try {
    const { sub } = decodeJwt(token).payload;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A token source over Supabase Auth access tokens (1 hour by default). An unforced call is
 * `auth.getSession()`: the SDK's own session, which auth-js keeps fresh on its own timer (every
 * 30 s it refreshes a token with less than 2 minutes left, in the visible tab); a forced call, when
 * Jazz refused the token or the engine's refresh is due, is `auth.refreshSession()`. The engine
 * refreshes a 1-hour token 5 minutes before expiry, ahead of auth-js's timer, which then finds it
 * fresh: one refresh per expiry (for tokens under 10 minutes, see the docs' Pitfalls). Sign-in, sign-out and user switches come from `onAuthStateChange`,
 * filtered to changes of the user id (`TOKEN_REFRESHED`, `USER_UPDATED` of the same user are not
 * changes; after an SSR hand-off, `INITIAL_SESSION` is compared with the hand-off's user). A
 * refused forced refresh while auth-js still holds a valid session of the same user is a
 * non-retryable `ERR_FETCH_FAILED` (the current token serves until it expires), not a sign-out.
 * Tabs of one origin share its calls (`shareAcrossTabs: false` turns that off; with two
 * Supabase projects on one origin give each its key: see docs/providers/supabase.md).
 *
 * @example
 * ```ts
 * const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", "sb_publishable_…");
 * const source = supabaseTokenSource(supabase.auth);
 * ```
 */
export function supabaseTokenSource(auth: SupabaseAuthLike, options: EngineOptions = {}): TokenSource {
  const now = () => options.clock?.now() ?? Date.now();
  // The user of the last session handed out, to tell a refused refresh of a live session from a sign-out.
  let user: string | null = initialKey(options.initialToken) || null;
  async function fetchToken(forceRefresh: boolean): Promise<string | null> {
    const { data, error } = await answer(() => (forceRefresh ? auth.refreshSession() : auth.getSession()));
    if (data.session) {
      user = data.session.user.id;
      return data.session.access_token;
    }
    if (error && !ended(error)) throw error;
    if (error && forceRefresh) {
      // auth-js 2.109.0 (GoTrueClient.js `_callRefreshToken`) keeps a session whose access token
      // still works when its refresh is refused, and emits no SIGNED_OUT until it ends: not a sign-out yet.
      const held = (await answer(() => auth.getSession())).data.session;
      if (held && held.user.id === user && stillValid(held, now())) {
        const message = `Supabase refused the refresh (${error.code ?? error.name}); the current token is kept until it expires.`;
        throw new JazzAuthError("ERR_FETCH_FAILED", message, { provider: "supabase", retryable: false, cause: error });
      }
    }
    user = null;
    return null;
  }
  return createTokenSource({
    // auth-js keeps the session in localStorage, which every tab reads, and since 2.10x takes no
    // cross-tab lock around a refresh: sharing makes one tab refresh for all of them.
    shareAcrossTabs: { key: "default" },
    ...options,
    provider: "supabase",
    fetchToken: ({ forceRefresh }) => fetchToken(forceRefresh),
    watch: watchDistinct<SupabaseSessionLike | null>(
      (listener) => {
        const { subscription } = auth.onAuthStateChange((_event, session) => listener(session)).data;
        return () => subscription.unsubscribe();
      },
      (session) => session?.user.id ?? "",
      // After an SSR hand-off, auth-js's INITIAL_SESSION is compared with the server's principal.
      initialKey(options.initialToken),
    ),
  });
}
