import { firebaseTokenSource } from "@jazz-auth/firebase";
import { createConformanceHarness } from "@jazz-auth/testing";
import { describeTabSharing, describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { fakeAuth } from "./fake-sdk";

describeTokenSourceConformance("firebase", ({ provider, engine }) => firebaseTokenSource(fakeAuth(provider), engine));
describeTabSharing("firebase", ({ provider, engine }) => firebaseTokenSource(fakeAuth(provider), engine));

describe("firebaseTokenSource quirks", () => {
  it("waits for authStateReady before reading currentUser", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    let restore: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      restore = resolve;
    });
    provider.setSubject(null);
    const source = firebaseTokenSource(fakeAuth(provider, ready), engine);
    const token = source.getToken();
    await clock.flush();
    provider.setSubject("restored-user");
    restore();
    expect(await token).toMatch(/^ey/);
    expect(source.getSnapshot().principal).toBe("restored-user");
  });

  it.each(["auth/user-token-expired", "auth/user-disabled"])(
    "reads %s (the SDK signs out itself) as signed out",
    async (code) => {
      const { provider, engine } = createConformanceHarness();
      provider.failNext(1, Object.assign(new Error(code), { code }));
      expect(await firebaseTokenSource(fakeAuth(provider), engine).getToken()).toBeNull();
    },
  );

  it("retries auth/network-request-failed", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.failNext(1, Object.assign(new Error("network"), { code: "auth/network-request-failed" }));
    const token = firebaseTokenSource(fakeAuth(provider), engine).getToken();
    await clock.advance(5000);
    expect(await token).toMatch(/^ey/);
  });

  it("refreshes with getIdToken(true) ahead of the 1-hour expiry, which Firebase alone does not", async () => {
    const { provider, engine, clock } = createConformanceHarness({ lifetimeSeconds: 3600 });
    const source = firebaseTokenSource(fakeAuth(provider), engine);
    source.subscribe(() => {});
    await clock.advance(56 * 60_000);
    // The SDK's cached token first, a forced one that dates it, then the refresh ahead of expiry.
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, true, true]);
    expect(provider.calls[2]?.at).toBeGreaterThan(Date.UTC(2026, 0, 1) + 50 * 60_000);
  });
});
