import type { EngineOptions, TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import { type FirebaseAuthLike, firebaseTokenSource } from "./source";

/** A Firebase token source for the component, one per `Auth` instance. */
export function useFirebaseTokenSource(auth: FirebaseAuthLike, options?: EngineOptions): TokenSource {
  return useTokenSource(() => firebaseTokenSource(auth, options), [auth]);
}

/**
 * Everything Jazz's provider needs from Firebase Auth (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useFirebaseJazzAuth(getAuth(app));
 * ```
 */
export function useFirebaseJazzAuth(auth: FirebaseAuthLike, options?: EngineOptions): JazzAuth {
  return useJazzAuth(useFirebaseTokenSource(auth, options));
}
