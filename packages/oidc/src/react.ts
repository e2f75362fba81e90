import type { TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import { type OidcTokenSourceOptions, type OidcUserManagerLike, oidcTokenSource } from "./source";

/** An OIDC token source owned by the component; one per `UserManager` (and audience). */
export function useOidcTokenSource(manager: OidcUserManagerLike, options?: OidcTokenSourceOptions): TokenSource {
  return useTokenSource(() => oidcTokenSource(manager, options), [manager, options?.audience]);
}

/**
 * Everything Jazz's provider needs from an oidc-client-ts `UserManager` (see `useJazzAuth`).
 * With react-oidc-context, pass the manager its provider holds, e.g. `useOidcJazzAuth(userManager)`.
 *
 * @example
 * ```tsx
 * const auth = useOidcJazzAuth(userManager, { audience: "https://jazz.example.com" });
 * ```
 */
export function useOidcJazzAuth(manager: OidcUserManagerLike, options?: OidcTokenSourceOptions): JazzAuth {
  return useJazzAuth(useOidcTokenSource(manager, options));
}
