import type { AuthStatus, JazzAuthError, TokenSource } from "@jazz-auth/core";
import { useCallback, useRef, useSyncExternalStore } from "react";

/** What {@link useJazzAuth} hands to Jazz's provider. */
export interface JazzAuth {
  readonly status: AuthStatus;
  /** The signed-in principal (the token's `sub`), or `null`. */
  readonly principal: string | null;
  /**
   * The token for Jazz's `config.jwtToken`: the first token of the current principal, kept as the
   * same string for as long as the principal stays (Jazz keys its client on `JSON.stringify(config)`,
   * so a new string would rebuild the client). Refreshed tokens reach the live client through
   * {@link JazzAuth.onJWTExpired} and `useConnectJazz`. `undefined` until there is one.
   */
  readonly jwtToken: string | undefined;
  /** For Jazz's `onJWTExpired`: a forced refresh; `null` when the principal changed meanwhile. */
  readonly onJWTExpired: () => Promise<string | null>;
  /** For `<JazzProvider key={providerKey}>`: changes on sign-in, sign-out and user switch. */
  readonly providerKey: string;
  readonly error: JazzAuthError | null;
}

/**
 * Subscribes to a token source (which starts its proactive refresh) and returns what Jazz's React
 * provider needs. Render a loading screen while `status` is `"loading"`, so an app never flashes
 * its signed-out UI nor creates an anonymous Jazz client first.
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
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
  const pinned = useRef<{ principal: string | null; token: string | undefined }>({ principal: null, token: undefined });
  if (pinned.current.principal !== snapshot.principal) {
    pinned.current = { principal: snapshot.principal, token: snapshot.token ?? undefined };
  } else if (pinned.current.token === undefined && snapshot.token !== null) {
    pinned.current = { principal: snapshot.principal, token: snapshot.token };
  }
  const principal = snapshot.principal;
  const onJWTExpired = useCallback(async () => {
    const token = await source.getToken({ forceRefresh: true });
    return source.getSnapshot().principal === principal ? token : null;
  }, [source, principal]);
  return {
    status: snapshot.status,
    principal,
    jwtToken: principal === null ? undefined : pinned.current.token,
    onJWTExpired,
    providerKey: `${source.provider}:${principal ?? "signed-out"}`,
    error: snapshot.error,
  };
}
