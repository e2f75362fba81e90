import type { Auth0ClientLike } from "@jazz-auth/auth0";
import type { ScriptedProvider } from "@jazz-auth/testing";

/** An Auth0 SDK error, which carries its OAuth code in `error`. */
export const auth0Error = (error: string) => Object.assign(new Error(error), { error, error_description: error });

/** An Auth0 SPA client over the scripted provider: signed out is `login_required`, as silent auth does. */
export function fakeClient(provider: ScriptedProvider): Auth0ClientLike {
  return {
    async getTokenSilently(options) {
      const token = await provider.fetchToken({
        forceRefresh: options.cacheMode === "off",
        signal: new AbortController().signal,
      });
      if (token === null) throw auth0Error("login_required");
      return token;
    },
  };
}
