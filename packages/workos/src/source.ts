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
 * A `RefreshError` that AuthKit does not mark transient: the refresh token is dead (`invalid_grant`,
 * a revoked or expired session, any HTTP failure but 408, 429 and 5xx). authkit-js (0.20.3,
 * `#doRefresh`) then deletes the session, moves to its `ERROR` state and calls `onRefreshFailure`;
 * `isTransient` defaults to `false` in its constructor, and `RefreshTimeoutError` sets it `true`.
 */
const isDeadSession = (error: unknown) =>
  name(error) === "RefreshError" && (error as { isTransient?: unknown }).isTransient !== true;

/**
 * A token source over WorkOS AuthKit's `getAccessToken` (5-minute access tokens by default).
 * `LoginRequiredError` and `NoSessionError` mean signed out once loading has finished; transient
 * refresh failures (`RefreshError` with `isTransient`, `RefreshTimeoutError`, network) are
 * retried; a forced refresh asks AuthKit for `forceRefresh: true`.
 *
 * A non-transient `RefreshError` (the refresh token was refused: `invalid_grant`, a revoked
 * session) is a sign-out (`null`), not `ERR_INTERACTION_REQUIRED`: AuthKit has already deleted the
 * session when it throws one, its own `getAccessToken` turns it into `LoginRequiredError`, and
 * every later call answers `LoginRequiredError`, so "signed out" is what the SDK says next anyway.
 * Only a client that passes the raw error on (a wrapper, an SDK version that does not convert it)
 * shows it; it is never retried, and `watch` reports the next sign-in.
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
        if (isDeadSession(error)) return null;
        if (name(error) !== "LoginRequiredError" && name(error) !== "NoSessionError") throw error;
        if (!isLoading?.()) return null;
        throw new JazzAuthError("ERR_FETCH_FAILED", "AuthKit is still loading.", { provider: "workos", cause: error });
      }
    },
    ...(watch ? { watch } : {}),
  });
}

/** What authkit-js passes to `createClient`'s `onRefresh`: the part the session events read. */
export interface WorkOSRefreshLike {
  readonly user: { readonly id: string };
  readonly organizationId?: string | undefined;
}

/** The `createClient` callbacks of {@link workosSessionEvents}, and the `watch` they feed. */
export interface WorkOSSessionEvents {
  /** Pass these to authkit-js's `createClient(clientId, { ...callbacks })`. */
  readonly callbacks: {
    readonly onRefresh: (response: WorkOSRefreshLike) => void;
    readonly onRefreshFailure: () => void;
  };
  /** Pass this to {@link workosTokenSource}: it fires when the user or organization changes. */
  readonly watch: WatchSession;
}

/**
 * Session changes for an authkit-js client outside React, where no `useAuth()` re-renders.
 * authkit-js (0.20.3, src/create-client.ts) reports each refresh through `onRefresh` (the user and
 * organization: a `switchToOrganization` shows here) and a dead refresh token through
 * `onRefreshFailure`; the `watch` fires when that user or organization differs from the last one.
 *
 * @example
 * ```ts
 * const events = workosSessionEvents();
 * const client = await createClient(clientId, { ...events.callbacks });
 * const source = workosTokenSource(client, { watch: events.watch });
 * ```
 */
export function workosSessionEvents(): WorkOSSessionEvents {
  const listeners = new Set<() => void>();
  let last: string | undefined;
  const seen = (key: string) => {
    if (key === last) return;
    last = key;
    for (const listener of [...listeners]) listener();
  };
  return {
    callbacks: {
      onRefresh: ({ user, organizationId }) => seen(`${user.id}:${organizationId ?? ""}`),
      onRefreshFailure: () => seen(""),
    },
    watch: (onChange) => {
      listeners.add(onChange);
      return () => {
        listeners.delete(onChange);
      };
    },
  };
}
