import { createTokenSource, type EngineOptions, JazzAuthError, type TokenSource } from "@jazz-auth/core";

/** What `authClient.token()` (the `jwtClient` plugin's action) resolves. */
export interface BetterAuthTokenResult {
  readonly data: { readonly token: string } | null;
  readonly error: {
    readonly status: number;
    readonly message?: string | undefined;
    readonly statusText?: string;
  } | null;
}

/**
 * The part of a Better Auth client (`createAuthClient({ plugins: [jwtClient()] })`) this adapter
 * uses: the `token()` action and the `$sessionSignal` atom, which flips on sign-in, sign-out and
 * user updates in this tab only (better-auth 1.7's client flips it for its own requests; its
 * cross-tab message goes out on sign-out and user updates, and only to pages that use the session
 * atom): other tabs learn of a sign-in or sign-out through jazz-auth's tab sharing.
 */
export interface BetterAuthClientLike {
  token(options?: { fetchOptions?: { signal?: AbortSignal } }): Promise<BetterAuthTokenResult>;
  readonly $store: { readonly atoms: { readonly $sessionSignal?: { listen(listener: () => void): () => void } } };
}

/**
 * A token source over Better Auth's JWT plugin. Better Auth mints a new JWT on every `token()` call
 * and caches nothing, so the engine's cache and single-flight matter here. A 401 (no session) is
 * "signed out"; a 404 means the `jwt()` plugin is missing on the server; anything else is retried.
 * Tabs of one origin share its calls (`shareAcrossTabs: false` turns that off; see docs/concepts/tabs.md).
 *
 * @example
 * ```ts
 * const authClient = createAuthClient({ plugins: [jwtClient()] });
 * const source = betterAuthTokenSource(authClient);
 * ```
 */
export function betterAuthTokenSource(client: BetterAuthClientLike, options: EngineOptions = {}): TokenSource {
  return createTokenSource({
    // Safe to share: the session cookie is shared by every tab and `/token` rotates nothing.
    shareAcrossTabs: { key: "default" },
    ...options,
    provider: "better-auth",
    async fetchToken({ signal }) {
      const { data, error } = await client.token({ fetchOptions: { signal } });
      if (data?.token) return data.token;
      if (!error || error.status === 401) return null;
      const message = `GET /token answered ${error.status}${error.message ? `: ${error.message}` : ""}.`;
      if (error.status === 404) {
        throw new JazzAuthError("ERR_PROVIDER_CONFIG", `${message} Add the jwt() plugin to the Better Auth server.`, {
          provider: "better-auth",
        });
      }
      throw new JazzAuthError("ERR_FETCH_FAILED", message, { provider: "better-auth", cause: error });
    },
    watch: (onChange) => client.$store.atoms.$sessionSignal?.listen(onChange) ?? (() => {}),
  });
}
