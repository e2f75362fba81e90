import type { AuthSnapshot, TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, scriptedTokenSource } from "@jazz-auth/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

function setup(initialToken: (harness: ReturnType<typeof createConformanceHarness>) => string | null) {
  const harness = createConformanceHarness({ lifetimeSeconds: 600 });
  const source = scriptedTokenSource(harness, { initialToken: initialToken(harness) });
  sources.push(source);
  const seen: AuthSnapshot[] = [];
  return { ...harness, source, seen, listen: () => source.subscribe((snapshot) => seen.push(snapshot)) };
}

describe("initialToken (SSR)", () => {
  it("starts signed in with a valid server token, and calls the provider only when a refresh is due", async () => {
    let minted = "";
    const { source, provider, clock, listen, seen } = setup((harness) => {
      minted = harness.provider.mint("user-1");
      return minted;
    });
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", token: minted, principal: "user-1" });
    listen();
    await clock.advance(60_000);
    expect(provider.calls).toHaveLength(0);
    expect(await source.getToken()).toBe(minted);
    expect(seen.every((snapshot) => snapshot.status === "signed-in")).toBe(true);
    await clock.advance(10 * 60_000);
    expect(provider.calls.length).toBeGreaterThanOrEqual(1);
    expect(source.getSnapshot().token).not.toBe(minted);
  });

  it("starts signed out for null, with no loading frame and no provider call", async () => {
    const { source, provider, clock, listen, seen } = setup(() => null);
    expect(source.getSnapshot().status).toBe("signed-out");
    listen();
    await clock.advance(60_000);
    expect(provider.calls).toHaveLength(0);
    expect(seen.every((snapshot) => snapshot.status === "signed-out")).toBe(true);
  });

  it("ignores an expired server token: loads as usual, never signed out on the way", async () => {
    const { source, provider, clock, listen, seen } = setup((harness) => {
      const stale = harness.provider.mint("user-1");
      harness.clock.sleep(11 * 60_000);
      return stale;
    });
    expect(source.getSnapshot().status).toBe("loading");
    listen();
    await clock.advance(1_000);
    expect(provider.calls.length).toBeGreaterThanOrEqual(1);
    expect(source.getSnapshot().status).toBe("signed-in");
    expect(seen.some((snapshot) => snapshot.status === "signed-out")).toBe(false);
  });

  it("ignores a token it cannot use (no sub)", () => {
    const { source } = setup(() => "eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjR9.c2ln");
    expect(source.getSnapshot().status).toBe("loading");
  });
});

describe("initialToken with renderedAt", () => {
  it("dates a token the server had cached from the render time, on a device clock two hours ahead", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600, skewMs: 2 * 3_600_000 });
    const cached = harness.provider.mint("user-1"); // minted at server time S, expires S + 600 s
    harness.clock.sleep(300_000); // rendered 5 min later
    const source = scriptedTokenSource(harness, { initialToken: cached, renderedAt: harness.clock.serverNow() });
    sources.push(source);
    const snapshot = source.getSnapshot();
    expect(snapshot.status).toBe("signed-in");
    const trueExpiryOnDevice = harness.clock.now() + 300_000;
    expect(snapshot.expiresAt).not.toBeNull();
    expect(snapshot.expiresAt ?? 0).toBeLessThanOrEqual(trueExpiryOnDevice);
    expect(snapshot.expiresAt ?? 0).toBeGreaterThan(trueExpiryOnDevice - 5_000);
  });

  it("ignores a cached token that expired before the render", () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600, skewMs: -3_600_000 });
    const cached = harness.provider.mint("user-1");
    harness.clock.sleep(700_000);
    const source = scriptedTokenSource(harness, { initialToken: cached, renderedAt: harness.clock.serverNow() });
    sources.push(source);
    expect(source.getSnapshot().status).toBe("loading");
  });

  it("refuses a renderedAt that is not a time", () => {
    const harness = createConformanceHarness();
    expect(() => scriptedTokenSource(harness, { initialToken: null, renderedAt: Number.NaN })).toThrow(TypeError);
  });
});

describe("initialToken on a server and in a page", () => {
  it("a server render dates the token from now, not from the process's start an hour ago", () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const spy = vi.spyOn(performance, "timeOrigin", "get").mockReturnValue(harness.clock.now() - 3_600_000);
    try {
      const source = scriptedTokenSource(harness, { initialToken: harness.provider.mint("user-1") });
      sources.push(source);
      expect(source.getSnapshot().status).toBe("signed-in");
    } finally {
      spy.mockRestore();
    }
  });

  it("a page dates it from its navigation's start (an hour-old page ignores the token and loads)", () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const spy = vi.spyOn(performance, "timeOrigin", "get").mockReturnValue(harness.clock.now() - 3_600_000);
    vi.stubGlobal("document", {});
    try {
      const source = scriptedTokenSource(harness, { initialToken: harness.provider.mint("user-1") });
      sources.push(source);
      expect(source.getSnapshot().status).toBe("loading");
    } finally {
      vi.unstubAllGlobals();
      spy.mockRestore();
    }
  });
});

describe("initialToken without renderedAt, cached by the server", () => {
  it("is never believed to outlive exp on this device's clock", () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 3600 });
    const cached = harness.provider.mint("user-1");
    harness.clock.sleep(50 * 60_000); // the server hands over a token minted 50 min ago
    const source = scriptedTokenSource(harness, { initialToken: cached });
    sources.push(source);
    const snapshot = source.getSnapshot();
    expect(snapshot.status).toBe("signed-in");
    expect(snapshot.expiresAt ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(harness.clock.now() + 10 * 60_000);
  });
});
