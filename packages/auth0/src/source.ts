import {
  createTokenSource,
  type EngineOptions,
  JazzAuthError,
  type TokenSource,
  type WatchSession,
} from "@jazz-auth/core";

/** The options this adapter passes to `getTokenSilently`. */
export interface Auth0TokenRequest {
  authorizationParams: { audience: string; scope?: string };
  cacheMode: "on" | "off";
}

/** The part of an Auth0 SPA client (auth0-spa-js `Auth0Client`) this adapter uses. */
export interface Auth0ClientLike {
  getTokenSilently(options: Auth0TokenRequest): Promise<string | undefined>;
}

/** Options of {@link auth0TokenSource}. */
export interface Auth0TokenSourceOptions extends EngineOptions {
  /** Your Jazz API's identifier. Required: without it Auth0 returns an opaque token Jazz cannot verify. */
  readonly audience: string;
  readonly scope?: string;
  /** Tells the source that the user changed; the React hook wires it from `useAuth0().user`. */
  readonly watch?: WatchSession;
}

const SIGNED_OUT = new Set(["login_required", "missing_refresh_token", "invalid_grant"]);
const INTERACTION = new Set(["consent_required", "interaction_required", "mfa_required"]);

/**
 * A token source over Auth0's `getTokenSilently` for your Jazz API (`audience`). A forced refresh
 * uses `cacheMode: "off"`. `login_required`, `missing_refresh_token` and `invalid_grant` mean signed
 * out; `consent_required`, `interaction_required` and `mfa_required` are a non-retryable
 * `ERR_INTERACTION_REQUIRED` (send the user through `loginWithRedirect`); timeouts and network
 * errors are retried.
 *
 * @throws {TypeError} without an `audience`.
 *
 * @example
 * ```ts
 * const source = auth0TokenSource(auth0Client, { audience: "https://jazz.example.com" });
 * ```
 */
export function auth0TokenSource(client: Auth0ClientLike, options: Auth0TokenSourceOptions): TokenSource {
  const { audience, scope, watch, ...engine } = options ?? ({} as Auth0TokenSourceOptions);
  if (typeof audience !== "string" || !audience) {
    throw new TypeError(
      "[jazz-auth] auth0TokenSource needs the `audience` of your Jazz API; without it Auth0 issues an opaque token.",
    );
  }
  return createTokenSource({
    ...engine,
    provider: "auth0",
    async fetchToken({ forceRefresh }) {
      try {
        const token = await client.getTokenSilently({
          authorizationParams: { audience, ...(scope ? { scope } : {}) },
          cacheMode: forceRefresh ? "off" : "on",
        });
        return token ?? null;
      } catch (error) {
        const code = (error as { error?: unknown } | null)?.error;
        if (typeof code === "string" && SIGNED_OUT.has(code)) return null;
        if (typeof code === "string" && INTERACTION.has(code)) {
          const message = `Auth0 needs the user to act (${code}): call loginWithRedirect() or getAccessTokenWithPopup().`;
          throw new JazzAuthError("ERR_INTERACTION_REQUIRED", message, { provider: "auth0", cause: error });
        }
        throw error;
      }
    },
    ...(watch ? { watch } : {}),
  });
}
