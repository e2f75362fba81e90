import { createConformanceHarness } from "@jazz-auth/testing";
import { describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { workosSessionEvents, workosTokenSource } from "@jazz-auth/workos";
import { RefreshError, RefreshTimeoutError } from "@workos-inc/authkit-js";
import { describe, expect, it } from "vitest";
import { fakeClient } from "./fake-sdk";

describeTokenSourceConformance("workos", ({ provider, engine }) =>
  workosTokenSource(fakeClient(provider), { ...engine, watch: provider.watch }),
);

describe("workosTokenSource quirks", () => {
  it("reads LoginRequiredError as signed out once AuthKit has loaded", async () => {
    const { provider, engine } = createConformanceHarness();
    provider.signOut();
    expect(await workosTokenSource(fakeClient(provider), engine).getToken()).toBeNull();
  });

  it("does not read the loading placeholder's LoginRequiredError as a sign-out", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    let loading = true;
    provider.signOut();
    const source = workosTokenSource(fakeClient(provider), { ...engine, isLoading: () => loading });
    const seen: string[] = [];
    source.subscribe((snapshot) => seen.push(snapshot.status));
    await clock.flush();
    expect(source.getSnapshot().status).toBe("error");
    expect(source.getSnapshot().error?.retryable).toBe(true);
    provider.signIn("user_01HZX3K9V7Q2M8N4P6R5S1T0AB");
    loading = false;
    await clock.advance(5000);
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user_01HZX3K9V7Q2M8N4P6R5S1T0AB" });
    expect(seen).not.toContain("signed-out");
  });

  it("retries a transient RefreshError and asks for forceRefresh when forced", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const transient = Object.assign(new Error("refresh failed"), { name: "RefreshError", isTransient: true });
    provider.failNext(1, transient);
    const source = workosTokenSource(fakeClient(provider), engine);
    const token = source.getToken();
    await clock.advance(5000);
    expect(await token).toMatch(/^ey/);
    await source.getToken({ forceRefresh: true });
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, false, true]);
  });

  // authkit-js 0.20.3 (src/http-client.ts) marks a refresh failure transient only for 408, 429 and 5xx;
  // on any other one (invalid_grant, a revoked or expired session) it deletes the session (src/create-client.ts
  // #doRefresh: removeSessionData, state ERROR) and every later getAccessToken() is a LoginRequiredError.
  it.each([
    ["invalid_grant", new RefreshError("Session has already ended.", { status: 400, error: "invalid_grant" })],
    ["a revoked session", new RefreshError("Session revoked.", { status: 401, isTransient: false })],
    ["an SDK error without isTransient", Object.assign(new Error("refresh failed"), { name: "RefreshError" })],
  ])("reads a non-transient RefreshError (%s) as signed out, and does not ask AuthKit again", async (_, error) => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.failNext(1000, error); // the refresh token is dead: asking again cannot help
    const source = workosTokenSource(fakeClient(provider), engine);
    const seen: string[] = [];
    source.subscribe((snapshot) => seen.push(snapshot.status));
    const token = source.getToken().catch((reason: unknown) => reason);
    await clock.advance(30 * 60_000);
    expect(await token).toBeNull();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null, error: null });
    expect(seen).not.toContain("error");
    expect(provider.calls).toHaveLength(1);
    source.dispose();
  });

  it("retries the SDK's transient RefreshError (503) and RefreshTimeoutError", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.failNext(1, new RefreshError("Service unavailable", { status: 503, isTransient: true }));
    provider.failNext(1, new RefreshTimeoutError());
    const source = workosTokenSource(fakeClient(provider), engine);
    const token = source.getToken();
    await clock.advance(10_000);
    expect(await token).toMatch(/^ey/);
    expect(provider.calls).toHaveLength(3);
  });
});

// Outside React the user and organization come from authkit-js's createClient callbacks (0.20.3,
// src/create-client.ts: #onRefresh after every refresh, onRefreshFailure once a refresh token is dead).
describe("workosSessionEvents (authkit-js without React)", () => {
  function setUp() {
    const harness = createConformanceHarness();
    const events = workosSessionEvents();
    harness.provider.signIn("user_A");
    events.callbacks.onRefresh({ user: { id: "user_A" } }); // createClient's own first refresh
    const source = workosTokenSource(fakeClient(harness.provider), { ...harness.engine, watch: events.watch });
    source.subscribe(() => {});
    return { ...harness, events, source };
  }

  it("refetches when onRefresh reports another user, and not on a refresh of the same one", async () => {
    const { provider, clock, events, source } = setUp();
    await clock.flush();
    expect(source.getSnapshot().principal).toBe("user_A");
    events.callbacks.onRefresh({ user: { id: "user_A" } });
    await clock.flush();
    expect(provider.calls).toHaveLength(1);
    provider.setSubject("user_B");
    events.callbacks.onRefresh({ user: { id: "user_B" } });
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user_B" });
    expect(provider.calls).toHaveLength(2);
  });

  it("refetches on an organization switch (the same user, another org_id)", async () => {
    const { provider, clock, events, source } = setUp();
    await clock.flush();
    events.callbacks.onRefresh({ user: { id: "user_A" }, organizationId: "org_2" });
    await clock.flush();
    expect(provider.calls).toHaveLength(2);
    expect(source.getSnapshot().principal).toBe("user_A");
  });

  it("reads onRefreshFailure (a dead refresh token) as signed out at once", async () => {
    const { provider, clock, events, source } = setUp();
    await clock.flush();
    provider.setSubject(null);
    events.callbacks.onRefreshFailure();
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null });
  });

  it("stops calling a listener once its unsubscribe has run", () => {
    const events = workosSessionEvents();
    const seen: string[] = [];
    const stop = events.watch(() => seen.push("first"));
    events.watch(() => seen.push("second"));
    events.callbacks.onRefresh({ user: { id: "user_A" } });
    stop();
    events.callbacks.onRefresh({ user: { id: "user_B" } });
    expect(seen).toEqual(["first", "second", "second"]);
  });
});
