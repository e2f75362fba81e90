import { type OidcUserLike, type OidcUserManagerLike, oidcTokenSource } from "@jazz-auth/oidc";
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

/** A manager over the scripted provider whose SDK events the test raises itself. */
const managerWithEvents = (provider: Parameters<typeof fakeUserManager>[0]) => {
  const manager = fakeUserManager(provider);
  const raise = { loaded: new Set<(user: OidcUserLike) => void>(), unloaded: new Set<() => void>() };
  const expired = new Set<() => void>();
  const events = {
    addUserLoaded: (listener: (user: OidcUserLike) => void) => {
      raise.loaded.add(listener);
      return () => raise.loaded.delete(listener);
    },
    addUserUnloaded: (listener: () => void) => {
      raise.unloaded.add(listener);
      return () => raise.unloaded.delete(listener);
    },
    // The real UserManager has it; the adapter must not treat it as a session change.
    addAccessTokenExpired: (listener: () => void) => {
      expired.add(listener);
      return () => expired.delete(listener);
    },
  };
  return { manager: { ...manager, events }, raise, expired };
};

describe("oidcTokenSource: expiry is no session change", () => {
  it("keeps the principal when the SDK reports the access token expired", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const { manager, expired } = managerWithEvents(provider);
    const mint = provider.mint.bind(provider);
    const withAudience = { ...manager, getUser: async () => userOf(mint("user-1"), mint("user-1", { aud: audience })) };
    const source = oidcTokenSource(withAudience, { ...engine, audience });
    const statuses: string[] = [];
    source.subscribe(() => statuses.push(source.getSnapshot().status));
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-in");
    statuses.length = 0;
    for (const listener of expired) listener();
    await clock.flush();
    expect(statuses).not.toContain("loading");
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1" });
  });

  it.each([
    ["flagged expired", (token: string) => ({ ...userOf(token), expired: true })],
    [
      "whose token's exp has passed (no expires_at)",
      (_token: string) => ({ ...userOf(mintUnsignedJwt({ sub: "user-1", iat: 0, exp: 1 })), expired: undefined }),
    ],
  ])("renews a stored user %s on an unforced call", async (_name, storedUser) => {
    const { provider, engine } = createConformanceHarness();
    const manager = fakeUserManager(provider);
    const fresh = provider.mint("user-1");
    let silent = 0;
    const stale = {
      ...manager,
      getUser: async () => storedUser(fresh),
      signinSilent: async () => {
        silent += 1;
        return userOf(fresh);
      },
    };
    expect(await oidcTokenSource(stale, engine).getToken()).toBe(fresh);
    expect(silent).toBe(1);
  });
});

describe("oidcTokenSource: SSR hand-off", () => {
  it("reads the SDK's first userLoaded for the hand-off's user as no change", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const { manager, raise } = managerWithEvents(provider);
    const initialToken = provider.mint("user-1");
    const source = oidcTokenSource(manager, { ...engine, initialToken });
    const statuses: string[] = [];
    source.subscribe((snapshot) => statuses.push(snapshot.status));
    await clock.flush();
    const calls = provider.calls.length;
    for (const listener of raise.loaded) listener(userOf(provider.mint("user-1")));
    await clock.flush();
    expect(provider.calls).toHaveLength(calls);
    expect(statuses).not.toContain("loading");
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1" });
  });

  it("reads the SDK's first userUnloaded after a signed-out hand-off as no change", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const { manager, raise } = managerWithEvents(provider);
    const source = oidcTokenSource(manager, { ...engine, initialToken: null });
    const statuses: string[] = [];
    source.subscribe((snapshot) => statuses.push(snapshot.status));
    await clock.flush();
    const calls = provider.calls.length;
    for (const listener of raise.unloaded) listener();
    await clock.flush();
    expect(provider.calls).toHaveLength(calls);
    expect(statuses).not.toContain("loading");
    expect(source.getSnapshot().status).toBe("signed-out");
  });
});
