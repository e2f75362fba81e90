import { type SupabaseSessionLike, supabaseTokenSource } from "@jazz-auth/supabase";
import { createConformanceHarness } from "@jazz-auth/testing";
import { describeTabSharing, describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { fakeSupabaseAuth } from "./fake-sdk";

describeTokenSourceConformance("supabase", ({ provider, engine }) =>
  supabaseTokenSource(fakeSupabaseAuth(provider), engine),
);
describeTabSharing("supabase", ({ provider, engine }) => supabaseTokenSource(fakeSupabaseAuth(provider), engine));

const UUID = "8c1f5e0a-3b7d-4f2e-9a61-2d4c8b7e5f13";

describe("supabaseTokenSource quirks", () => {
  it("takes the SDK's session on an unforced call and calls refreshSession only when forced", async () => {
    const { provider, engine } = createConformanceHarness();
    const auth = fakeSupabaseAuth(provider);
    const calls: string[] = [];
    const source = supabaseTokenSource(
      {
        getSession: () => {
          calls.push("getSession");
          return auth.getSession();
        },
        refreshSession: () => {
          calls.push("refreshSession");
          return auth.refreshSession();
        },
        onAuthStateChange: auth.onAuthStateChange,
      },
      engine,
    );
    expect(await source.getToken()).toMatch(/^ey/);
    expect(calls).toEqual(["getSession"]);
    await source.getToken({ forceRefresh: true });
    expect(calls).toEqual(["getSession", "refreshSession"]);
  });

  it("refreshes 5 minutes before a 1-hour token expires, before auth-js's own timer (< 120 s left) would", async () => {
    const { provider, engine, clock } = createConformanceHarness({ lifetimeSeconds: 3600 });
    const source = supabaseTokenSource(fakeSupabaseAuth(provider), engine);
    source.subscribe(() => {});
    await clock.advance(56 * 60_000);
    // The SDK's session first, a forced call that dates it, then one refresh ahead of expiry.
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, true, true]);
    const start = Date.UTC(2026, 0, 1);
    expect(provider.calls[2]?.at).toBeGreaterThanOrEqual(start + 54 * 60_000);
    expect(provider.calls[2]?.at).toBeLessThan(start + 56 * 60_000);
  });

  it("ignores TOKEN_REFRESHED and USER_UPDATED of the same user, and follows a user switch", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const auth = fakeSupabaseAuth(provider);
    let emit: (event: string, session: SupabaseSessionLike | null) => void = () => {};
    const source = supabaseTokenSource(
      {
        ...auth,
        onAuthStateChange(callback) {
          emit = callback;
          return auth.onAuthStateChange(callback);
        },
      },
      engine,
    );
    source.subscribe(() => {});
    await clock.flush();
    const before = provider.calls.length;
    await source.getToken({ forceRefresh: true }); // auth-js emits TOKEN_REFRESHED for it
    const session = { access_token: provider.mint("user-1"), user: { id: "user-1" } };
    emit("TOKEN_REFRESHED", session);
    emit("USER_UPDATED", { ...session, access_token: provider.mint("user-1") });
    emit("SIGNED_IN", session); // auth-js emits it again when a tab regains focus
    await clock.advance(1000);
    expect(auth.events).toContain("TOKEN_REFRESHED");
    expect(provider.calls.length).toBe(before + 1);
    provider.signIn(UUID);
    await clock.advance(1000);
    expect(provider.calls.length).toBe(before + 2);
    expect(source.getSnapshot().principal).toBe(UUID);
  });

  it.each(["refresh_token_not_found", "refresh_token_already_used", "session_not_found", "user_banned"])(
    "reads a refused refresh (%s) as signed out",
    async (code) => {
      const { provider, engine } = createConformanceHarness();
      provider.failNext(1, { name: "AuthApiError", code, status: 400 });
      expect(await supabaseTokenSource(fakeSupabaseAuth(provider), engine).getToken()).toBeNull();
    },
  );

  it("retries AuthRetryableFetchError (offline) and AuthRefreshDiscardedError (another tab's refresh won)", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.failNext(1, { name: "AuthRetryableFetchError", status: 0 });
    provider.failNext(1, { name: "AuthRefreshDiscardedError", status: 409 });
    const token = supabaseTokenSource(fakeSupabaseAuth(provider), engine).getToken();
    await clock.advance(10_000);
    expect(await token).toMatch(/^ey/);
  });

  it("reads a client made with throwOnError, which throws the auth error instead of returning it", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const auth = fakeSupabaseAuth(provider);
    const throwing = (result: Awaited<ReturnType<typeof auth.getSession>>) => {
      if (result.error) throw Object.assign(new Error("refused"), result.error);
      return result;
    };
    const source = supabaseTokenSource(
      {
        getSession: () => auth.getSession().then(throwing),
        refreshSession: () => auth.refreshSession().then(throwing),
        onAuthStateChange: auth.onAuthStateChange,
      },
      engine,
    );
    provider.failNext(1, { name: "AuthApiError", code: "session_not_found" });
    expect(await source.getToken()).toBeNull();
    provider.failNext(1, { name: "AuthRetryableFetchError" });
    const token = source.getToken({ forceRefresh: true });
    await clock.advance(10_000);
    expect(await token).toMatch(/^ey/);
  });
});

describe("supabaseTokenSource: SSR hand-off", () => {
  const handOff = async (initialToken: string | null, browser: string | null) => {
    const harness = createConformanceHarness();
    const { provider, engine, clock } = harness;
    provider.setSubject(browser);
    const source = supabaseTokenSource(fakeSupabaseAuth(provider), { ...engine, initialToken });
    const statuses: string[] = [];
    source.subscribe(() => statuses.push(source.getSnapshot().status));
    await clock.flush();
    return { source, provider, statuses };
  };

  it.each([
    ["another user", "user-1", "user-2", "user-2"],
    ["signed out", "user-1", null, null],
    ["signed in while the server said signed out", null, "user-2", "user-2"],
  ])("follows a browser session of %s at INITIAL_SESSION", async (_name, server, browser, principal) => {
    const { provider: minter } = createConformanceHarness();
    const { source } = await handOff(server === null ? null : minter.mint(server), browser);
    expect(source.getSnapshot().principal).toBe(principal);
  });

  it("calls nothing when the browser's session agrees with the hand-off", async () => {
    const { provider: minter } = createConformanceHarness();
    const { source, provider, statuses } = await handOff(minter.mint("user-1"), "user-1");
    expect(provider.calls).toHaveLength(0);
    expect(statuses).not.toContain("loading");
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1" });
  });
});

describe("supabaseTokenSource: a refused refresh of a session auth-js keeps", () => {
  const refused = { name: "AuthApiError", code: "refresh_token_already_used" };
  // auth-js after a refused refresh: getSession() answers what it still holds.
  const authWith = (held: () => SupabaseSessionLike | null) => ({
    getSession: async () => ({ data: { session: held() }, error: null }),
    refreshSession: async () => ({ data: { session: null }, error: refused }),
    onAuthStateChange: () => ({ data: { subscription: { unsubscribe: () => {} } } }),
  });

  it("keeps the current token (a non-retryable error, not a sign-out) while the session is still valid", async () => {
    const { provider, engine } = createConformanceHarness();
    const session = { access_token: provider.mint("user-1"), user: { id: "user-1" } };
    const source = supabaseTokenSource(
      authWith(() => session),
      { ...engine, shareAcrossTabs: false },
    );
    expect(await source.getToken()).toBe(session.access_token);
    await expect(source.getToken({ forceRefresh: true })).rejects.toMatchObject({
      code: "ERR_FETCH_FAILED",
      retryable: false,
    });
  });

  it("reads it as signed out when auth-js no longer holds a valid session", async () => {
    const { provider, engine } = createConformanceHarness();
    let session: SupabaseSessionLike | null = { access_token: provider.mint("user-1"), user: { id: "user-1" } };
    const source = supabaseTokenSource(
      authWith(() => session),
      { ...engine, shareAcrossTabs: false },
    );
    expect(await source.getToken()).toBe(session.access_token);
    session = null;
    expect(await source.getToken({ forceRefresh: true })).toBeNull();
  });
});
