/** Orderings a review found: forced calls served without a mint, timers and locks left after dispose. */
import type { TokenSource } from "@jazz-auth/core";
import { createTabHarness, scriptedTokenSource, type TabHarness } from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

function tab(harness: TabHarness): TokenSource {
  const source = scriptedTokenSource(harness.openTab().harness, { shareAcrossTabs: { key: "k" } });
  sources.push(source);
  return source;
}

async function drive<T>(harness: TabHarness, promise: Promise<T>): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  await harness.clock.advanceUntil(() => settled, 60_000);
  return watched;
}

describe("tab sharing, review regressions", () => {
  it("a forced call is never served by another tab's unforced answer (it may be an older, SDK-cached token)", async () => {
    const harness = createTabHarness({ lifetimeSeconds: 600 });
    const b = tab(harness);
    const stale = harness.provider.mint("user-1");
    await harness.clock.advance(1000);
    await drive(harness, b.getToken({ forceRefresh: true }));
    await harness.clock.advance(500_000);
    const a = tab(harness);
    const held = harness.provider.holdNext();
    const first = a.getToken();
    await harness.clock.advance(100);
    const forced = b.getToken({ forceRefresh: true });
    await harness.clock.advance(100);
    held.release(stale);
    expect(await drive(harness, forced)).not.toBe(stale);
    expect(harness.provider.calls.map((call) => call.forceRefresh)).toEqual([true, false, true]);
    await drive(harness, first);
  });

  it("a forced first load in a new tab mints, it does not take the others' token", async () => {
    const harness = createTabHarness({ lifetimeSeconds: 600 });
    const a = tab(harness);
    a.subscribe(() => {});
    await harness.clock.advance(5000);
    const held = a.getSnapshot().token;
    const before = harness.provider.calls.length;
    const got = await drive(harness, tab(harness).getToken({ forceRefresh: true }));
    expect(got).not.toBe(held);
    expect(harness.provider.calls.length - before).toBe(1);
  });

  it("a tab disposed during its ask or its answer's grace leaves no timer and holds no lock", async () => {
    const harness = createTabHarness({ lifetimeSeconds: 600 });
    const asking = tab(harness);
    void asking.getToken().catch(() => undefined);
    await harness.clock.flush();
    asking.dispose();
    await harness.clock.advance(0);
    expect(harness.clock.pending()).toEqual([]);

    const answered = tab(harness);
    await drive(harness, answered.getToken());
    answered.dispose();
    await harness.clock.advance(0);
    expect(harness.clock.pending()).toEqual([]);
    expect(harness.hub.holders()).toEqual([]);
  });
});
