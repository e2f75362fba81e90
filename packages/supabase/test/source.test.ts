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
