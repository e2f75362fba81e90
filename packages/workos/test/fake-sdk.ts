import type { ScriptedProvider } from "@jazz-auth/testing";
import type { WorkOSClientLike } from "@jazz-auth/workos";

/** AuthKit's error for "no session" (matched by name, as the adapter does). */
export class LoginRequiredError extends Error {
  override name = "LoginRequiredError";
}

/** An authkit-js client over the scripted provider: signed out is a LoginRequiredError, as AuthKit does. */
export function fakeClient(provider: ScriptedProvider): WorkOSClientLike {
  return {
    async getAccessToken(options) {
      const token = await provider.fetchToken({
        forceRefresh: options?.forceRefresh ?? false,
        signal: new AbortController().signal,
      });
      if (token === null) throw new LoginRequiredError("No access token available");
      return token;
    },
  };
}
