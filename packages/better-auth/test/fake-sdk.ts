import type { BetterAuthClientLike } from "@jazz-auth/better-auth";
import type { ScriptedProvider } from "@jazz-auth/testing";

/** A Better Auth client over the scripted provider, shaped like `createAuthClient({ plugins: [jwtClient()] })`. */
export function fakeClient(provider: ScriptedProvider, answer?: BetterAuthClientLike["token"]): BetterAuthClientLike {
  return {
    token:
      answer ??
      (async (options) => {
        const token = await provider.fetchToken({
          forceRefresh: false,
          signal: options?.fetchOptions?.signal ?? new AbortController().signal,
        });
        return token
          ? { data: { token }, error: null }
          : { data: null, error: { status: 401, message: "Unauthorized", statusText: "Unauthorized" } };
      }),
    $store: { atoms: { $sessionSignal: { listen: (listener) => provider.watch(listener) } } },
  };
}
