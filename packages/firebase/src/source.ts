import { createTokenSource, type EngineOptions, type TokenSource, watchDistinct } from "@jazz-auth/core";

/** The part of a Firebase `User` this adapter uses. */
export interface FirebaseUserLike {
  readonly uid: string;
  getIdToken(forceRefresh?: boolean): Promise<string>;
}

/** The part of a Firebase `Auth` instance (`getAuth()`) this adapter uses. */
export interface FirebaseAuthLike {
  readonly currentUser: FirebaseUserLike | null;
  /** Resolves once the persisted user is restored; before that `currentUser` is null for everyone. */
  authStateReady?(): Promise<void>;
  onIdTokenChanged(listener: (user: FirebaseUserLike | null) => void): () => void;
  /** The Firebase app: tabs share tokens only within one project and app. */
  readonly app?: { readonly name: string; readonly options: { readonly projectId?: string } };
}

/** Errors after which the SDK has already signed the user out. */
const SIGNED_OUT = new Set(["auth/user-token-expired", "auth/user-disabled", "auth/user-not-found"]);

/**
 * A token source over Firebase Auth ID tokens (1 hour). Firebase refreshes them only when asked
 * (no proactive refresh unless another Firebase SDK listens), so the engine's proactive refresh
 * calls `getIdToken(true)` ahead of expiry. It waits for `authStateReady()` before reading
 * `currentUser`, so a restored session is not mistaken for "signed out". Sign-in, sign-out and
 * user switches come from `onIdTokenChanged`, filtered to changes of the uid. Tabs of one origin
 * share its calls (`shareAcrossTabs: false` turns that off; see docs/concepts/tabs.md).
 *
 * @example
 * ```ts
 * const source = firebaseTokenSource(getAuth(app));
 * ```
 */
export function firebaseTokenSource(auth: FirebaseAuthLike, options: EngineOptions = {}): TokenSource {
  return createTokenSource({
    // Safe to share: the SDK persists the user for every tab (IndexedDB) and syncs them itself.
    shareAcrossTabs: { key: `${auth.app?.options.projectId ?? "default"}:${auth.app?.name ?? "[DEFAULT]"}` },
    ...options,
    provider: "firebase",
    async fetchToken({ forceRefresh }) {
      await auth.authStateReady?.();
      const user = auth.currentUser;
      if (!user) return null;
      try {
        return await user.getIdToken(forceRefresh);
      } catch (error) {
        if (SIGNED_OUT.has((error as { code?: string } | null)?.code ?? "")) return null;
        throw error;
      }
    },
    watch: watchDistinct<FirebaseUserLike | null>(
      (listener) => auth.onIdTokenChanged(listener),
      (user) => user?.uid ?? "",
    ),
  });
}
