import { type AuthSnapshot, createTokenSource, decodeJwt, type TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, type HarnessOptions, scriptedTokenSource } from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

function setup(options: HarnessOptions = {}, overrides: Parameters<typeof scriptedTokenSource>[1] = {}) {
  const harness = createConformanceHarness({ lifetimeSeconds: 600, ...options });
  const source = scriptedTokenSource(harness, overrides);
  sources.push(source);
  const seen: AuthSnapshot[] = [];
  const listen = () => source.subscribe((snapshot) => seen.push(snapshot));
  return { ...harness, source, seen, listen };
}

/** A subscribed source whose clock has been dated by a forced call. */
async function dated(options: HarnessOptions = {}, overrides: Parameters<typeof scriptedTokenSource>[1] = {}) {
  const context = setup(options, overrides);
  context.listen();
  await context.clock.advance(1000);
  expect(context.source.getSnapshot().status).toBe("signed-in");
  return context;
}

const expiryOf = (token: string | null) => Number(decodeJwt(token ?? "").payload.exp) * 1000;

describe("engine options", () => {
  it.each([
    ["refreshLeewaySeconds", { refreshLeewaySeconds: Number.NaN }],
    ["refreshLeewaySeconds", { refreshLeewaySeconds: -1 }],
    ["fetchTimeoutMs", { fetchTimeoutMs: Number.POSITIVE_INFINITY }],
    ["fetchTimeoutMs", { fetchTimeoutMs: 0 }],
    ["retry.attempts", { retry: { attempts: 0 } }],
    ["retry.attempts", { retry: { attempts: 1.5 } }],
    ["retry.baseDelayMs", { retry: { baseDelayMs: -5 } }],
    ["retry.maxDelayMs", { retry: { baseDelayMs: 1000, maxDelayMs: 10 } }],
    ["retry.maxDelayMs", { retry: { maxDelayMs: Number.NaN } }],
  ])("refuses a bad %s with a TypeError that names it", (name, options) => {
    const make = () => createTokenSource({ provider: "x", fetchToken: async () => null, ...options });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(name);
  });
});

describe("engine events", () => {
  it("never calls the provider after a listener disposes the source as a refresh starts", async () => {
    const { source, provider, clock } = setup();
    let calls = 0;
    source.subscribe((snapshot) => {
      calls = provider.calls.length;
      if (snapshot.refreshing) source.dispose();
    });
    await clock.advance(60_000);
    expect(calls).toBe(0);
    expect(provider.calls).toHaveLength(0);
    expect(clock.pending()).toHaveLength(0);
  });

  it("never shows an expired token in a snapshot, with nobody subscribed and no timer run", async () => {
    const { source, clock } = setup();
    await source.getToken({ forceRefresh: true });
    expect(source.getSnapshot().token).not.toBeNull();
    clock.sleep(11 * 60_000); // no timer runs in sleep, and nobody is subscribed
    const snapshot = source.getSnapshot();
    expect(snapshot).toMatchObject({ token: null, expiresAt: null, principal: "user-1" });
    expect(source.getSnapshot()).toBe(snapshot);
  });

  it("keeps background calls a second apart when the clock's error makes tokens look short-lived", async () => {
    // A device clock 599.9 s ahead reads a fresh 600 s token as valid for 0.1 s until dated.
    const { provider, clock, listen } = setup({ skewMs: 599_900, lifetimeSeconds: 600 });
    listen();
    await clock.advance(10_000);
    const times = provider.calls.map((call) => call.at);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("never serves a token answered before a sleep and delivered after it, once it has expired", async () => {
    const { source, provider, clock } = await dated({ lifetimeSeconds: 600 });
    const held = provider.holdNext();
    const pending = source.getToken({ forceRefresh: true });
    await clock.flush();
    held.release(); // minted now; the laptop sleeps before the engine reads the answer
    clock.sleep(20 * 60_000);
    expect(source.getSnapshot().token).toBeNull();
    await clock.advance(10_000);
    const token = await pending;
    expect(expiryOf(token)).toBeGreaterThan(clock.serverNow());
    expect(expiryOf(source.getSnapshot().token)).toBeGreaterThan(clock.serverNow());
    expect(provider.calls.at(-1)?.forceRefresh).toBe(true);
  });

  it("drops the old session's token at once on a session change, and keeps the principal while it confirms", async () => {
    const { source, provider, clock } = await dated();
    provider.latencyMs = 500;
    provider.signOut();
    expect(source.getSnapshot()).toMatchObject({ status: "loading", token: null, principal: "user-1" });
    await clock.advance(500);
    expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null, principal: null });
  });

  it("keeps the principal through a spurious change signal: the same user, no new principal version", async () => {
    const { source, provider, clock } = await dated();
    const before = source.getSnapshot();
    provider.signIn("user-1");
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-1" });
    expect(source.getSnapshot().principalVersion).toBe(before.principalVersion);
  });

  it("gives up the old principal within the fetch timeout when the change cannot be confirmed", async () => {
    const { source, provider, clock, seen } = await dated({}, { fetchTimeoutMs: 10_000 });
    provider.holdNext();
    provider.signIn("user-2");
    await clock.advance(10_000);
    expect(source.getSnapshot()).toMatchObject({ status: "error", token: null, principal: null });
    expect(source.getSnapshot().error).toMatchObject({ code: "ERR_TIMEOUT" });
    expect(
      seen.some(
        (snapshot) => snapshot.principal === "user-1" && snapshot.token === null && snapshot.status === "signed-in",
      ),
    ).toBe(false);
  });

  it("drops the principal at once when no call confirms a reported change (fault simulation, seed 20261201, session 11)", async () => {
    const { source, provider, clock, environment } = await dated();
    environment.emit("offline");
    provider.signOut();
    expect(source.getSnapshot()).toMatchObject({ status: "loading", token: null, principal: null });
    const unsubscribed = setup();
    await unsubscribed.source.getToken({ forceRefresh: true });
    unsubscribed.provider.signIn("user-2");
    expect(unsubscribed.source.getSnapshot()).toMatchObject({ status: "loading", token: null, principal: null });
    await clock.flush();
  });

  it("keeps a caller's call a second after one that answered a token that looks short-lived (fault simulation, seed 7, session 516)", async () => {
    // A device clock 59.9 s ahead reads a first, SDK-cached 60 s token as valid for 0.1 s.
    const { source, provider, clock } = setup({ skewMs: 59_900, lifetimeSeconds: 60 });
    await source.getToken();
    await clock.advance(200);
    const next = source.getToken(); // the token has expired on the local clock: a plain caller waits
    await clock.advance(2000);
    await next;
    const [first, second] = provider.calls.map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("does not let repeated change signals stretch the confirmation past the fetch timeout (fault simulation, seed 11, session 485)", async () => {
    const { source, provider, clock } = await dated();
    provider.holdNext();
    provider.holdNext();
    provider.signIn("user-2"); // a confirming call starts, and hangs
    expect(source.getSnapshot()).toMatchObject({ status: "loading", principal: "user-1", refreshing: true });
    await clock.advance(20_000);
    provider.signIn("user-2"); // the same change again: a new call, which hangs too
    await clock.advance(10_500);
    expect(source.getSnapshot()).toMatchObject({ status: "loading", token: null, principal: null });
  });

  it("does not stay signed out after a sign-in whose refetch fails", async () => {
    const { source, provider, clock } = setup({ lifetimeSeconds: 600 });
    provider.setSubject(null);
    source.subscribe(() => {});
    await clock.flush();
    expect(source.getSnapshot().status).toBe("signed-out");
    provider.failNext(1);
    provider.signIn("user-2");
    expect(source.getSnapshot().status).toBe("loading");
    await clock.flush();
    expect(source.getSnapshot()).toMatchObject({ status: "error", principal: null });
    await clock.advance(5_000);
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-2" });
  });

  it("adopts a token from elsewhere as one event: no provider call, waiting callers answered", async () => {
    const { source, provider, clock, environment } = await dated();
    const calls = provider.calls.length;
    const adopted = provider.mint("user-1", { jti: "from-another-tab" });
    environment.emitToken(adopted);
    expect(source.getSnapshot().token).toBe(adopted);
    expect(await source.getToken()).toBe(adopted);
    environment.emitToken("not-a-jwt");
    expect(source.getSnapshot().token).toBe(adopted);
    await clock.flush();
    expect(provider.calls.length - calls).toBeLessThanOrEqual(1); // at most the call that dates it
  });
});
