import type { EngineOptions, TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import { type SupabaseAuthLike, supabaseTokenSource } from "./source";

/** A Supabase token source for the component, one per auth client: `useSupabaseTokenSource(supabase.auth)`. */
export function useSupabaseTokenSource(auth: SupabaseAuthLike, options?: EngineOptions): TokenSource {
  return useTokenSource(() => supabaseTokenSource(auth, options), [auth]);
}

/**
 * Everything Jazz's provider needs from Supabase Auth (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useSupabaseJazzAuth(supabase.auth);
 * ```
 */
export function useSupabaseJazzAuth(auth: SupabaseAuthLike, options?: EngineOptions): JazzAuth {
  return useJazzAuth(useSupabaseTokenSource(auth, options));
}
