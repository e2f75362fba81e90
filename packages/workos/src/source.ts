import {
  createTokenSource,
  type EngineOptions,
  JazzAuthError,
  type TokenSource,
  type WatchSession,
} from "@jazz-auth/core";

/** The part of an AuthKit client (authkit-js `createClient`, or authkit-react `useAuth()`) this adapter uses. */
export interface WorkOSClientLike {
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** Options of {@link workosTokenSource}. */
export interface WorkOSTokenSourceOptions extends EngineOptions {
  /**
   * True while AuthKit is still loading. authkit-react's placeholder client rejects with
   * `LoginRequiredError` until then, which must not read as "signed out".
   */
  readonly isLoading?: () => boolean;
  /** Tells the source that the user changed (sign-in, sign-out, switch); the React hook wires it. */
  readonly watch?: WatchSession;
}

const name = (error: unknown) => (error as { name?: unknown } | null)?.name;

/**
 * A token source over WorkOS AuthKit's `getAccessToken` (5-minute access tokens by default).
 * `LoginRequiredError` and `NoSessionError` mean signed out once loading has finished; transient
 * refresh failures (`RefreshError` with `isTransient`, `RefreshTimeoutError`, network) are
 * retried; a forced refresh asks AuthKit for `forceRefresh: true`.
 *
 * @example
 * ```ts
 * const client = await createClient(clientId);
 * const source = workosTokenSource(client);
 * ```
 */
export function workosTokenSource(client: WorkOSClientLike, options: WorkOSTokenSourceOptions = {}): TokenSource {
  const { isLoading, watch, ...engine } = options;
  return createTokenSource({
    ...engine,
    provider: "workos",
    async fetchToken({ forceRefresh }) {
      try {
        return await client.getAccessToken(forceRefresh ? { forceRefresh: true } : undefined);
      } catch (error) {
        if (name(error) !== "LoginRequiredError" && name(error) !== "NoSessionError") throw error;
        if (!isLoading?.()) return null;
        throw new JazzAuthError("ERR_FETCH_FAILED", "AuthKit is still loading.", { provider: "workos", cause: error });
      }
    },
    ...(watch ? { watch } : {}),
  });
}
