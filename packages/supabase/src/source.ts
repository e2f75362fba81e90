import { createTokenSource, type EngineOptions, type TokenSource, watchDistinct } from "@jazz-auth/core";

/** The part of a Supabase `Session` this adapter reads. */
export interface SupabaseSessionLike {
  /** The access token: the JWT Jazz gets. */
  readonly access_token: string;
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

/** The access token of a session answer; `null` when the session is over; throws what can be retried. */
async function accessToken(call: () => Promise<SupabaseSessionResult>): Promise<string | null> {
  let result: SupabaseSessionResult;
  try {
    result = await call();
  } catch (thrown) {
    // `throwOnError: true` clients throw the auth error instead of returning it.
    const name = (thrown as { name?: unknown } | null)?.name;
    if (typeof name !== "string") throw thrown;
    result = { data: { session: null }, error: thrown as { name: string; code?: string } };
  }
  const { data, error } = result;
  if (data.session) return data.session.access_token;
  if (!error || ended(error)) return null;
  throw error;
}

/**
 * A token source over Supabase Auth access tokens (1 hour by default). An unforced call is
 * `auth.getSession()`: the SDK's own session, which auth-js keeps fresh on its own timer (every
 * 30 s it refreshes a token with less than 2 minutes left, in the visible tab); a forced call, when
 * Jazz refused the token or the engine's refresh is due, is `auth.refreshSession()`. The engine
 * refreshes a 1-hour token 5 minutes before expiry, ahead of auth-js's timer, which then finds it
 * fresh: one refresh per expiry (for tokens under 10 minutes, see the docs' Pitfalls). Sign-in, sign-out and user switches come from `onAuthStateChange`,
 * filtered to changes of the user id (`TOKEN_REFRESHED`, `USER_UPDATED` of the same user are not
 * changes). Tabs of one origin share its calls (`shareAcrossTabs: false` turns that off; with two
 * Supabase projects on one origin give each its key: see docs/providers/supabase.md).
 *
 * @example
 * ```ts
 * const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", "sb_publishable_…");
 * const source = supabaseTokenSource(supabase.auth);
 * ```
 */
export function supabaseTokenSource(auth: SupabaseAuthLike, options: EngineOptions = {}): TokenSource {
  return createTokenSource({
    // auth-js keeps the session in localStorage, which every tab reads, and since 2.10x takes no
    // cross-tab lock around a refresh: sharing makes one tab refresh for all of them.
    shareAcrossTabs: { key: "default" },
    ...options,
    provider: "supabase",
    fetchToken: ({ forceRefresh }) => accessToken(() => (forceRefresh ? auth.refreshSession() : auth.getSession())),
    watch: watchDistinct<SupabaseSessionLike | null>(
      (listener) => {
        const { subscription } = auth.onAuthStateChange((_event, session) => listener(session)).data;
        return () => subscription.unsubscribe();
      },
      (session) => session?.user.id ?? "",
    ),
  });
}
