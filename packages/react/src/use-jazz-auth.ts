import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { useSyncExternalStore } from "react";

/**
 * What {@link useJazzAuth} hands to Jazz's provider: core's `JazzAuthSnapshot` (status, principal,
 * `jwtToken` pinned per principal, `providerKey`, `error`, `onJWTExpired`).
 */
export type JazzAuth = JazzAuthSnapshot;

/**
 * Subscribes to a token source (which starts its proactive refresh) and returns what Jazz's React
 * provider needs: `createJazzAuth(source)`'s view, through `useSyncExternalStore`. Render a loading
 * screen while `status` is `"loading"`, so an app never flashes its signed-out UI nor creates an
 * anonymous Jazz client first.
 *
 * @example
 * ```tsx
 * const auth = useJazzAuth(source);
 * if (auth.status === "loading") return <Spinner />;
 * return (
 *   <JazzProvider key={auth.providerKey} config={{ appId, jwtToken: auth.jwtToken }} onJWTExpired={auth.onJWTExpired}>
 *     <App />
 *   </JazzProvider>
 * );
 * ```
 */
export function useJazzAuth(source: TokenSource): JazzAuth {
  const store = jazzAuthFor(source);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
