import type { SupabaseAuthLike, SupabaseSessionLike, SupabaseSessionResult } from "@jazz-auth/supabase";
import type { ScriptedProvider } from "@jazz-auth/testing";

type Listener = (event: string, session: SupabaseSessionLike | null) => void;

/**
 * A Supabase auth client (`createClient(…).auth`, auth-js 2.109.0) over the scripted provider, in the
 * SDK's shape: `getSession()` is an unforced call, `refreshSession()` a forced one; both resolve
 * `{ data, error }` and never reject for an auth error (a provider failure comes back as `error`).
 * No session is `{ session: null, error: null }` from `getSession` and `AuthSessionMissingError`
 * from `refreshSession`. `onAuthStateChange` emits `INITIAL_SESSION` once the (async) initialization
 * is done, `TOKEN_REFRESHED` after each refresh, and `SIGNED_IN`/`SIGNED_OUT` on every change.
 */
export function fakeSupabaseAuth(provider: ScriptedProvider): SupabaseAuthLike & { readonly events: string[] } {
  const listeners = new Set<Listener>();
  const events: string[] = [];
  const sessionOf = (accessToken: string): SupabaseSessionLike => ({
    access_token: accessToken,
    user: { id: provider.subject ?? "" },
  });
  const emit = (event: string, session: SupabaseSessionLike | null) => {
    events.push(event);
    for (const listener of [...listeners]) listener(event, session);
  };
  const unsubscribe = (callback: Listener) => {
    listeners.delete(callback);
    if (listeners.size > 0) return;
    unwatch?.();
    unwatch = undefined;
  };
  async function call(forceRefresh: boolean): Promise<SupabaseSessionResult> {
    try {
      const token = await provider.fetchToken({ forceRefresh, signal: new AbortController().signal });
      if (token === null)
        return { data: { session: null }, error: forceRefresh ? { name: "AuthSessionMissingError" } : null };
      const session = sessionOf(token);
      if (forceRefresh) emit("TOKEN_REFRESHED", session);
      return { data: { session }, error: null };
    } catch (error) {
      return { data: { session: null }, error: error as SupabaseSessionResult["error"] };
    }
  }
  let unwatch: (() => void) | undefined;
  return {
    events,
    getSession: () => call(false),
    refreshSession: () => call(true),
    onAuthStateChange(callback) {
      listeners.add(callback);
      unwatch ??= provider.watch(() =>
        provider.subject === null
          ? emit("SIGNED_OUT", null)
          : emit("SIGNED_IN", sessionOf(provider.mint(provider.subject))),
      );
      void Promise.resolve().then(() => {
        if (listeners.has(callback))
          callback("INITIAL_SESSION", provider.subject === null ? null : sessionOf(provider.mint(provider.subject)));
      });
      return { data: { subscription: { unsubscribe: () => unsubscribe(callback) } } };
    },
  };
}
