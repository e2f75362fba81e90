import type { EngineOptions, TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import { type BetterAuthClientLike, betterAuthTokenSource } from "./source";

/** A Better Auth token source owned by the component; one per client. */
export function useBetterAuthTokenSource(client: BetterAuthClientLike, options?: EngineOptions): TokenSource {
  return useTokenSource(() => betterAuthTokenSource(client, options), [client]);
}

/**
 * Everything Jazz's provider needs from a Better Auth client (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useBetterAuthJazzAuth(authClient);
 * ```
 */
export function useBetterAuthJazzAuth(client: BetterAuthClientLike, options?: EngineOptions): JazzAuth {
  return useJazzAuth(useBetterAuthTokenSource(client, options));
}
