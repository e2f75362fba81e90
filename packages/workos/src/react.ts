import type { EngineOptions, TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useSessionSignal, useTokenSource } from "@jazz-auth/react";
import { useRef } from "react";
import { type WorkOSClientLike, workosTokenSource } from "./source";

/** The part of authkit-react's `useAuth()` the hooks read. */
export interface WorkOSAuthLike extends WorkOSClientLike {
  readonly isLoading: boolean;
  readonly user: { readonly id: string } | null;
}

/** A WorkOS token source for the component, fed by `useAuth()`: `useWorkOSTokenSource(useAuth())`. */
export function useWorkOSTokenSource(auth: WorkOSAuthLike, options?: EngineOptions): TokenSource {
  const latest = useRef(auth);
  latest.current = auth;
  const watch = useSessionSignal(`${auth.isLoading}:${auth.user?.id ?? ""}`);
  return useTokenSource(
    () =>
      workosTokenSource(
        { getAccessToken: (request) => latest.current.getAccessToken(request) },
        {
          ...options,
          isLoading: () => latest.current.isLoading,
          watch,
        },
      ),
    [watch],
  );
}

/**
 * Everything Jazz's provider needs from WorkOS AuthKit (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useWorkOSJazzAuth(useAuth());
 * ```
 */
export function useWorkOSJazzAuth(auth: WorkOSAuthLike, options?: EngineOptions): JazzAuth {
  return useJazzAuth(useWorkOSTokenSource(auth, options));
}
