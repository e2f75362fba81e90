/**
 * Better Auth's Expo client, as a fake that follows @better-auth/expo 1.7.6 (dist/client.js): the
 * session cookie lives in SecureStore, the fetch plugin's `init` sends it as a `cookie` header on
 * every request (`/token` too), and `onSuccess` stores a new session cookie and notifies
 * `$sessionSignal` (also after a sign-in finished in the system browser).
 */
import { type BetterAuthClientLike, betterAuthTokenSource } from "@jazz-auth/better-auth";
import { createConformanceHarness, type ScriptedProvider } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

function fakeExpoClient(provider: ScriptedProvider) {
  const secureStore = new Set<string>(); // the stored Better Auth cookies, by name
  const signal = new Set<() => void>();
  const notify = () => {
    for (const listener of [...signal]) listener();
  };
  const client: BetterAuthClientLike = {
    async token(options) {
      const cookie = secureStore.has("better-auth.session_token") ? "better-auth.session_token=…" : "";
      if (!cookie) return { data: null, error: { status: 401, message: "Unauthorized" } };
      const token = await provider.fetchToken({
        forceRefresh: false,
        signal: options?.fetchOptions?.signal ?? new AbortController().signal,
      });
      return token ? { data: { token }, error: null } : { data: null, error: { status: 401 } };
    },
    $store: {
      atoms: {
        $sessionSignal: {
          listen: (listener) => {
            signal.add(listener);
            return () => signal.delete(listener);
          },
        },
      },
    },
  };
  return {
    client,
    /** `openAuthSessionAsync` came back with the cookie: the plugin stores it and notifies. */
    signInInBrowser(subject: string) {
      provider.setSubject(subject);
      secureStore.add("better-auth.session_token");
      notify();
    },
    /** `/sign-out`: the plugin clears the stored cookie (clearSessionCache). */
    signOut() {
      provider.setSubject(null);
      secureStore.clear();
      notify();
    },
  };
}

describe("betterAuthTokenSource over the Expo client", () => {
  it("follows a sign-in finished in the system browser, and the sign-out, through $sessionSignal", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.setSubject(null);
    const expo = fakeExpoClient(provider);
    const source = betterAuthTokenSource(expo.client, engine);
    source.subscribe(() => {});
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-out");
    expo.signInInBrowser("user-1");
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1" });
    expo.signOut();
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null });
  });
});
