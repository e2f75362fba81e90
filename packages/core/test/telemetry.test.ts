import { connectJazz, type JazzHandOffEvent, type TokenSourceEvent } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

describe("onEvent", () => {
  it("tells of refreshes, failures and principal changes, and never carries a token or a principal", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    harness.provider.latencyMs = 120;
    const events: TokenSourceEvent[] = [];
    const source = scriptedTokenSource(harness, { onEvent: (event) => events.push(event) });
    source.subscribe(() => {});
    await harness.clock.advance(2_000);
    harness.provider.failNext(1);
    await harness.clock.advance(10 * 60_000);
    harness.provider.signOut();
    await harness.clock.advance(1_000);
    const tokens = harness.provider.calls.length;
    expect(tokens).toBeGreaterThan(2);
    const types = events.map((event) => event.type);
    expect(types).toContain("refresh-started");
    expect(types).toContain("refresh-failed");
    expect(events.find((event) => event.type === "refresh-finished")).toMatchObject({
      provider: "scripted",
      durationMs: 120,
      signedIn: true,
      servedBy: "provider",
    });
    expect(events.find((event) => event.type === "refresh-failed")).toMatchObject({
      code: "ERR_FETCH_FAILED",
      retryable: true,
    });
    expect(events.filter((event) => event.type === "principal-changed").map((event) => event.signedIn)).toEqual([
      true,
      false,
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain("user-1");
    expect(text).not.toMatch(/ey[\w-]+\./);
    source.dispose();
  });

  it("a listener that throws breaks nothing", async () => {
    const harness = createConformanceHarness();
    const source = scriptedTokenSource(harness, {
      onEvent: () => {
        throw new Error("telemetry down");
      },
    });
    const thrown: unknown[] = [];
    const onError = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onError);
    try {
      const token = source.getToken();
      await harness.clock.advance(100);
      expect(await token).toMatch(/^ey/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("uncaughtException", onError);
      source.dispose();
    }
    expect(thrown.length).toBeGreaterThan(0);
  });

  it("connectJazz tells why it handed a token over, and when Jazz refused one", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const source = scriptedTokenSource(harness);
    const first = source.getToken();
    await harness.clock.advance(100);
    const db = createFakeJazzDb({ token: (await first) ?? "", clock: harness.clock });
    const events: JazzHandOffEvent[] = [];
    const stop = connectJazz(source, db, { ...harness.engine, onEvent: (event) => events.push(event) });
    await harness.clock.advance(1_000);
    expect(events[0]).toEqual({ type: "handed-off", provider: "scripted", cause: "creation" });
    // The connection outlives its token; a server restart makes it hand-shake with the expired one.
    await harness.clock.advance(11 * 60_000);
    db.connection.drop();
    await harness.clock.advance(20_000);
    expect(events).toContainEqual({ type: "jazz-refused", provider: "scripted", reason: "expired" });
    expect(events.at(-1)).toEqual({ type: "handed-off", provider: "scripted", cause: "expired" });
    expect(JSON.stringify(events)).not.toMatch(/ey[\w-]+\./);
    stop();
    source.dispose();
  });
});
