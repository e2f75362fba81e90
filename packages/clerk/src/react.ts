import type { TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import { type ClerkLike, type ClerkTokenSourceOptions, clerkTokenSource } from "./source";

/** A Clerk token source for the component: `useClerkTokenSource(useClerk())`. */
export function useClerkTokenSource(clerk: ClerkLike, options: ClerkTokenSourceOptions = {}): TokenSource {
  return useTokenSource(() => clerkTokenSource(clerk, options), [clerk, options.template, options.organizationId]);
}

/**
 * Everything Jazz's provider needs from Clerk (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useClerkJazzAuth(useClerk(), { template: "jazz" });
 * ```
 */
export function useClerkJazzAuth(clerk: ClerkLike, options?: ClerkTokenSourceOptions): JazzAuth {
  return useJazzAuth(useClerkTokenSource(clerk, options));
}
