import { type Auth0ClientLike, auth0TokenSource } from "@jazz-auth/auth0";
import { createConformanceHarness } from "@jazz-auth/testing";
import { describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { auth0Error, fakeClient } from "./fake-sdk";

const audience = "https://jazz.example.com";

describeTokenSourceConformance("auth0", ({ provider, engine }) =>
  auth0TokenSource(fakeClient(provider), { ...engine, audience, watch: provider.watch }),
);

describe("auth0TokenSource quirks", () => {
  it("requires the audience of the Jazz API", () => {
    const { provider } = createConformanceHarness();
    expect(() => auth0TokenSource(fakeClient(provider), {} as never)).toThrow(/audience/);
  });

  it("asks for the audience, and for cacheMode off when forced", async () => {
    const { provider, engine } = createConformanceHarness();
    const requests: unknown[] = [];
    const client: Auth0ClientLike = {
      getTokenSilently: (request) => {
        requests.push(request);
        return fakeClient(provider).getTokenSilently(request);
      },
    };
    const source = auth0TokenSource(client, { ...engine, audience, scope: "openid read:data" });
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    expect(requests).toEqual([
      { authorizationParams: { audience, scope: "openid read:data" }, cacheMode: "on" },
      { authorizationParams: { audience, scope: "openid read:data" }, cacheMode: "off" },
    ]);
  });

  it.each(["login_required", "missing_refresh_token", "invalid_grant"])("reads %s as signed out", async (code) => {
    const { provider, engine } = createConformanceHarness();
    provider.failNext(1, auth0Error(code));
    expect(await auth0TokenSource(fakeClient(provider), { ...engine, audience }).getToken()).toBeNull();
  });

  it.each(["consent_required", "interaction_required", "mfa_required"])(
    "reports %s as ERR_INTERACTION_REQUIRED, not retried",
    async (code) => {
      const { provider, engine } = createConformanceHarness();
      provider.failNext(1, auth0Error(code));
      const source = auth0TokenSource(fakeClient(provider), { ...engine, audience });
      await expect(source.getToken()).rejects.toMatchObject({
        code: "ERR_INTERACTION_REQUIRED",
        retryable: false,
        message: expect.stringMatching(/loginWithRedirect/),
      });
      expect(provider.calls).toHaveLength(1);
    },
  );

  it("retries a timeout", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.failNext(1, auth0Error("timeout"));
    const token = auth0TokenSource(fakeClient(provider), { ...engine, audience }).getToken();
    await clock.advance(5000);
    expect(await token).toMatch(/^ey/);
  });

  it("reads an undefined token (session ceiling reached) as signed out", async () => {
    const { provider, engine } = createConformanceHarness();
    provider.answerNext(undefined);
    const client: Auth0ClientLike = {
      getTokenSilently: async (request) => (await fakeClient(provider).getTokenSilently(request)) ?? undefined,
    };
    expect(await auth0TokenSource(client, { ...engine, audience }).getToken()).toBeNull();
  });
});

// auth0-spa-js has no session events: a redirect login or logout reloads the page, and after a
// popup login or a logout({ openUrl: false }) the app forces a refresh (docs/providers/auth0.md).
describe("auth0TokenSource over auth0-spa-js without React", () => {
  it("sees a popup login, and a local logout with refresh tokens, on the forced refresh that follows", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.signOut();
    const client: Auth0ClientLike = {
      // useRefreshTokens: without a refresh token in the cache spa-js throws missing_refresh_token
      getTokenSilently: (request) =>
        fakeClient(provider)
          .getTokenSilently(request)
          .catch(() => Promise.reject(auth0Error("missing_refresh_token"))),
    };
    const source = auth0TokenSource(client, { ...engine, audience });
    source.subscribe(() => {});
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-out");
    provider.setSubject("auth0|ada"); // loginWithPopup() resolved: no reload, no event
    await source.getToken({ forceRefresh: true });
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "auth0|ada" });
    provider.setSubject(null); // logout({ openUrl: false }) cleared the cache and the refresh token
    expect(await source.getToken({ forceRefresh: true })).toBeNull();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null });
  });
});
