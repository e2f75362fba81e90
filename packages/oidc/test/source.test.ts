import { type OidcUserManagerLike, oidcTokenSource } from "@jazz-auth/oidc";
import { createConformanceHarness, mintUnsignedJwt } from "@jazz-auth/testing";
import { describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { fakeUserManager, oidcError, userOf } from "./fake-sdk";

const audience = "https://jazz.example.com";
const now = () => Math.floor(Date.now() / 1000);

describeTokenSourceConformance("oidc", ({ provider, engine }) => oidcTokenSource(fakeUserManager(provider), engine));

/** A manager whose users carry `accessToken` next to a valid ID token. */
const managerWith = (accessToken: string): OidcUserManagerLike => {
  const { provider } = createConformanceHarness();
  const manager = fakeUserManager(provider);
  const id = provider.mint("user-1");
  return {
    ...manager,
    getUser: async () => userOf(id, accessToken),
    signinSilent: async () => userOf(id, accessToken),
  };
};

describe("oidcTokenSource: which token Jazz gets", () => {
  it("hands Jazz the ID token without an audience, and the access token for the audience with one", async () => {
    const access = mintUnsignedJwt({ sub: "user-1", aud: [audience, "account"], iat: now(), exp: now() + 60 });
    const { engine } = createConformanceHarness();
    const id = await oidcTokenSource(managerWith(access), engine).getToken();
    expect(id).not.toBe(access);
    expect(id).toMatch(/^ey/);
    expect(await oidcTokenSource(managerWith(access), { ...engine, audience }).getToken()).toBe(access);
  });

  it.each([
    ["an opaque access token", "2YotnFZFEjr1zCsicMWpAA", /opaque/],
    ["a JWT for another API", mintUnsignedJwt({ sub: "user-1", aud: "https://billing.example.com" }), /not for/],
  ])("refuses %s with ERR_PROVIDER_CONFIG, not retried", async (_name, access, message) => {
    const { engine } = createConformanceHarness();
    let calls = 0;
    const manager = managerWith(access);
    const counted = {
      ...manager,
      getUser: () => {
        calls += 1;
        return manager.getUser();
      },
    };
    await expect(oidcTokenSource(counted, { ...engine, audience }).getToken()).rejects.toMatchObject({
      code: "ERR_PROVIDER_CONFIG",
      retryable: false,
      message: expect.stringMatching(message),
    });
    expect(calls).toBe(1);
  });

  it("asks for the openid scope when the user has no ID token", async () => {
    const { engine } = createConformanceHarness();
    const manager = managerWith("opaque");
    const bare = { ...manager, getUser: async () => ({ access_token: "opaque", profile: { sub: "user-1" } }) };
    await expect(oidcTokenSource(bare, engine).getToken()).rejects.toMatchObject({
      code: "ERR_PROVIDER_CONFIG",
      message: expect.stringMatching(/openid/),
    });
  });
});

describe("oidcTokenSource quirks", () => {
  it("refreshes with signinSilent() and reads the stored user otherwise", async () => {
    const { provider, engine } = createConformanceHarness();
    const source = oidcTokenSource(fakeUserManager(provider), engine);
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, true]);
  });

  it.each(["login_required", "invalid_grant"])("reads %s as signed out and removes the stored user", async (code) => {
    const { provider, engine } = createConformanceHarness();
    const manager = fakeUserManager(provider);
    provider.failNext(1, oidcError(code));
    expect(await oidcTokenSource(manager, engine).getToken({ forceRefresh: true })).toBeNull();
    expect(manager.removed).toBe(1);
  });

  it.each(["consent_required", "interaction_required", "account_selection_required"])(
    "reports %s as ERR_INTERACTION_REQUIRED, not retried",
    async (code) => {
      const { provider, engine } = createConformanceHarness();
      provider.failNext(1, oidcError(code));
      await expect(oidcTokenSource(fakeUserManager(provider), engine).getToken()).rejects.toMatchObject({
        code: "ERR_INTERACTION_REQUIRED",
        retryable: false,
        message: expect.stringMatching(/signinRedirect/),
      });
      expect(provider.calls).toHaveLength(1);
    },
  );

  it("ignores the SDK's own renewals (userLoaded for the same user) and follows a user switch", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const manager = fakeUserManager(provider);
    const source = oidcTokenSource(manager, engine);
    source.subscribe(() => {});
    await clock.flush();
    await manager.signinSilent(); // automaticSilentRenew: userLoaded, same sub
    await clock.flush();
    expect(provider.calls).toHaveLength(2);
    provider.signIn("user-2");
    await clock.flush();
    expect(source.getSnapshot().principal).toBe("user-2");
    provider.signOut();
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-out");
  });
});
