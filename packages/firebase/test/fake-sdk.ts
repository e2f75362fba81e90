import type { FirebaseAuthLike } from "@jazz-auth/firebase";
import type { ScriptedProvider } from "@jazz-auth/testing";

/** A Firebase Auth over the scripted provider: `currentUser` follows the subject, listeners fire on every change. */
export function fakeAuth(provider: ScriptedProvider, ready: Promise<void> = Promise.resolve()): FirebaseAuthLike {
  const userOf = (uid: string | null) =>
    uid === null
      ? null
      : {
          uid,
          getIdToken: (force?: boolean) =>
            provider.fetchToken({
              forceRefresh: force ?? false,
              signal: new AbortController().signal,
            }) as Promise<string>,
        };
  return {
    get currentUser() {
      return userOf(provider.subject);
    },
    authStateReady: () => ready,
    onIdTokenChanged(listener) {
      listener(userOf(provider.subject));
      return provider.watch(() => listener(userOf(provider.subject)));
    },
  };
}
