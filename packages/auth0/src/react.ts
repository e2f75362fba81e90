import type { TokenSource } from "@jazz-auth/core";
import { type JazzAuth, useJazzAuth, useSessionSignal, useTokenSource } from "@jazz-auth/react";
import { useRef } from "react";
import { type Auth0TokenRequest, type Auth0TokenSourceOptions, auth0TokenSource } from "./source";

/** The part of auth0-react's `useAuth0()` the hooks read. */
export interface Auth0Like {
  getAccessTokenSilently(options: Auth0TokenRequest): Promise<string | undefined>;
  readonly isLoading: boolean;
  readonly user?: { readonly sub?: string | undefined } | undefined;
}

/** An Auth0 token source for the component: `useAuth0TokenSource(useAuth0(), { audience })`. */
export function useAuth0TokenSource(auth0: Auth0Like, options: Auth0TokenSourceOptions): TokenSource {
  const latest = useRef(auth0);
  latest.current = auth0;
  const watch = useSessionSignal(`${auth0.isLoading}:${auth0.user?.sub ?? ""}`);
  return useTokenSource(
    () =>
      auth0TokenSource(
        { getTokenSilently: (request) => latest.current.getAccessTokenSilently(request) },
        { ...options, watch },
      ),
    [watch, options.audience, options.scope],
  );
}

/**
 * Everything Jazz's provider needs from Auth0 (see `useJazzAuth`).
 *
 * @example
 * ```tsx
 * const auth = useAuth0JazzAuth(useAuth0(), { audience: "https://jazz.example.com" });
 * ```
 */
export function useAuth0JazzAuth(auth0: Auth0Like, options: Auth0TokenSourceOptions): JazzAuth {
  return useJazzAuth(useAuth0TokenSource(auth0, options));
}
