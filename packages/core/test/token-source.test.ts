import { type AuthSnapshot, createTokenSource, JazzAuthError, type TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, scriptedTokenSource } from "@jazz-auth/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
  vi.restoreAllMocks();
});

function setup(lifetimeSeconds = 600) {
  const harness = createConformanceHarness({ lifetimeSeconds });
  const source = scriptedTokenSource(harness);
  sources.push(source);
  return { ...harness, source };
}

describe("createTokenSource", () => {
  it("throws a TypeError without a provider name or a fetchToken function", () => {
    expect(() => createTokenSource({ provider: "", fetchToken: async () => null })).toThrow(TypeError);
    expect(() => createTokenSource({ provider: "x" } as never)).toThrow(/fetchToken/);
  });

  it("starts loading, then reports signed-in with the principal", async () => {
    const { source, clock } = setup();
    expect(source.getSnapshot()).toMatchObject({ status: "loading", token: null, principal: null });
    const seen: AuthSnapshot[] = [];
    source.subscribe((snapshot) => seen.push(snapshot));
    expect(source.getSnapshot().refreshing).toBe(true);
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1", refreshing: false });
    expect(seen.map((snapshot) => snapshot.status)).toEqual(["loading", "signed-in"]);
  });

  it("returns the same snapshot object until something changes", async () => {
    const { source, clock } = setup();
    await source.getToken();
    const first = source.getSnapshot();
    await clock.advance(1000);
    expect(source.getSnapshot()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("keeps the principal and says error, not signed-out, when the token expires during an outage", async () => {
    const { source, provider, clock, seen } = { ...setup(600), seen: [] as AuthSnapshot[] };
    source.subscribe((snapshot) => seen.push(snapshot));
    await clock.flush();
    provider.failNext(1000);
    await clock.advance(15 * 60_000);
    expect(source.getSnapshot()).toMatchObject({ status: "error", token: null, principal: "user-1" });
    expect(source.getSnapshot().error).toMatchObject({ code: "ERR_FETCH_FAILED", retryable: true });
    expect(seen.some((snapshot) => snapshot.status === "signed-out")).toBe(false);
  });

  it("stops background refresh after a non-retryable error until a caller asks again", async () => {
    const { source, provider, clock } = setup(600);
    source.subscribe(() => {});
    await clock.flush();
    const interaction = new JazzAuthError("ERR_INTERACTION_REQUIRED", "consent needed", { provider: "scripted" });
    provider.failNext(1, interaction);
    await clock.advance(9 * 60_000);
    expect(provider.calls).toHaveLength(2);
    expect(source.getSnapshot().error).toBe(interaction);
    await clock.advance(30 * 60_000);
    expect(provider.calls).toHaveLength(2);
    await expect(source.getToken()).resolves.toMatch(/^ey/);
    expect(provider.calls).toHaveLength(3);
    expect(source.getSnapshot().status).toBe("signed-in");
  });

  it("rejects at once when fetchToken rejects with a non-retryable error", async () => {
    const { source, provider } = setup();
    provider.failNext(1, new JazzAuthError("ERR_PROVIDER_CONFIG", "no jwt plugin"));
    await expect(source.getToken()).rejects.toMatchObject({ code: "ERR_PROVIDER_CONFIG", retryable: false });
    expect(provider.calls).toHaveLength(1);
  });

  it("wraps an unknown failure as a retryable ERR_FETCH_FAILED that keeps the cause", async () => {
    const { source, provider, clock } = setup();
    const cause = new Error("503 Service Unavailable");
    provider.failNext(3, cause);
    const result = source.getToken().catch((error: unknown) => error);
    await clock.advance(60_000);
    expect(await result).toMatchObject({ code: "ERR_FETCH_FAILED", retryable: true, provider: "scripted", cause });
  });

  it("asks for a forced token after the provider handed out an expired one", async () => {
    const { source, provider, clock } = setup();
    provider.answerNext(provider.mint("user-1", { exp: Math.floor(clock.serverNow() / 1000) - 5 }));
    const token = source.getToken();
    await clock.advance(5000);
    expect(await token).not.toBeNull();
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, true]);
  });

  it("passes forceRefresh to the provider for forced calls and proactive refreshes only", async () => {
    const { source, provider, clock } = setup(600);
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    source.subscribe(() => {});
    await clock.advance(9 * 60_000);
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, true, true]);
  });

  it("rejects a fetchToken result that is neither a string nor null", async () => {
    const { source, provider } = setup();
    provider.answerNext(undefined);
    await expect(source.getToken()).rejects.toMatchObject({ code: "ERR_MALFORMED_TOKEN" });
  });

  it("lets a caller stop waiting with an AbortSignal while the shared call goes on", async () => {
    const { source, provider, clock } = setup();
    provider.latencyMs = 100;
    const controller = new AbortController();
    const aborted = source.getToken({ signal: controller.signal });
    const other = source.getToken();
    controller.abort(new Error("user navigated away"));
    await expect(aborted).rejects.toMatchObject({ code: "ERR_ABORTED", retryable: false });
    await clock.advance(100);
    expect(await other).not.toBeNull();
    expect(provider.calls).toHaveLength(1);
    await expect(source.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ERR_ABORTED" });
  });

  it("gives a provider call that never settles fetchTimeoutMs, then retries", async () => {
    const harness = createConformanceHarness();
    const { provider, clock } = harness;
    const source = scriptedTokenSource(harness, { fetchTimeoutMs: 5000 });
    sources.push(source);
    provider.holdNext();
    const token = source.getToken();
    await clock.advance(4999);
    expect(provider.calls).toHaveLength(1);
    await clock.advance(2000);
    expect(provider.calls).toHaveLength(2);
    expect(await token).not.toBeNull();
  });

  it("honours the retry options", async () => {
    const harness = createConformanceHarness();
    const { provider, clock } = harness;
    const source = scriptedTokenSource(harness, {
      retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 400, random: () => 0 },
    });
    sources.push(source);
    provider.failNext(10);
    const result = source.getToken().catch((error: unknown) => error);
    await clock.advance(10_000);
    expect(await result).toBeInstanceOf(JazzAuthError);
    const gaps = provider.calls.slice(1).map((call, i) => call.at - (provider.calls[i]?.at ?? 0));
    expect(gaps).toEqual([50, 100, 200, 200]);
  });

  it("reports an exception thrown by a listener without starving the others", async () => {
    const { source, clock } = setup();
    const reported = vi.spyOn(globalThis, "queueMicrotask").mockImplementation(() => {});
    const second = vi.fn();
    source.subscribe(() => {
      throw new Error("listener bug");
    });
    source.subscribe(second);
    await clock.flush();
    expect(second).toHaveBeenCalled();
    expect(reported).toHaveBeenCalled();
  });

  it("watches the provider's session only once the source is used", async () => {
    const { source, provider } = setup();
    expect(provider.watchers).toBe(0);
    await source.getToken();
    expect(provider.watchers).toBe(1);
    source.subscribe(() => {})();
    expect(provider.watchers).toBe(1);
    source.dispose();
    expect(provider.watchers).toBe(0);
  });

  it("ignores subscriptions after dispose", () => {
    const { source } = setup();
    source.dispose();
    const listener = vi.fn();
    source.subscribe(listener)();
    expect(listener).not.toHaveBeenCalled();
  });

  it("uses no lifecycle events with environment: null", async () => {
    const { provider, clock } = createConformanceHarness({ lifetimeSeconds: 600 });
    const source = createTokenSource({
      provider: "x",
      fetchToken: provider.fetchToken,
      clock,
      timers: clock,
      environment: null,
    });
    sources.push(source);
    source.subscribe(() => {});
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-in");
  });
});
