import { decodeJwt } from "@jazz-auth/core";
import type { OidcUserLike, OidcUserManagerLike } from "@jazz-auth/oidc";
import type { ScriptedProvider } from "@jazz-auth/testing";

/** An oidc-client-ts error response, which carries its OAuth code in `error`. */
export const oidcError = (error: string) => Object.assign(new Error(error), { error, error_description: error });

/** A user whose ID token is `token` (and whose access token is `accessToken`, default the same). */
export const userOf = (token: string, accessToken = token): OidcUserLike => {
  let sub = "";
  try {
    sub = String(decodeJwt(token).payload.sub);
  } catch {}
  // Fresh from the provider: oidc-client-ts's `expired` getter reads false until `expires_at`.
  return { id_token: token, access_token: accessToken, profile: { sub }, expired: false };
};

/**
 * A `UserManager` over the scripted provider: `getUser()` is an unforced call, `signinSilent()` a
 * forced one (raising `userLoaded`, as the SDK does on every renewal), and a signed-out provider
 * has no stored user, while a refresh against it fails with `invalid_grant`.
 */
export function fakeUserManager(provider: ScriptedProvider): OidcUserManagerLike & { removed: number } {
  const loaded = new Set<(user: OidcUserLike) => void>();
  const unloaded = new Set<() => void>();
  // A sign-in, sign-out or user switch (a redirect, another tab): the SDK raises userLoaded or
  // userUnloaded. Watched only while someone listens, so a disposed source leaves no watcher.
  let stopWatching: (() => void) | null = null;
  const listenTo = <T>(listeners: Set<T>, listener: T) => {
    listeners.add(listener);
    stopWatching ??= provider.watch(() => {
      const subject = provider.subject;
      if (subject === null) for (const each of unloaded) each();
      else for (const each of loaded) each(userOf(provider.mint(subject)));
    });
    return () => {
      listeners.delete(listener);
      if (loaded.size + unloaded.size === 0) {
        stopWatching?.();
        stopWatching = null;
      }
    };
  };
  const call = async (forceRefresh: boolean) => {
    const token = await provider.fetchToken({ forceRefresh, signal: new AbortController().signal });
    return token === null ? null : userOf(token);
  };
  const manager = {
    removed: 0,
    getUser: () => call(false),
    async signinSilent() {
      const user = await call(true);
      if (user === null) throw oidcError("invalid_grant");
      for (const listener of loaded) listener(user);
      return user;
    },
    async removeUser() {
      manager.removed += 1;
    },
    events: {
      addUserLoaded: (listener: (user: OidcUserLike) => void) => listenTo(loaded, listener),
      addUserUnloaded: (listener: () => void) => listenTo(unloaded, listener),
    },
  };
  return manager;
}
