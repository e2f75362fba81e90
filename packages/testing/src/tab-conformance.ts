/**
 * The conformance items of sharing across tabs, as a vitest suite: every token source that shares
 * (the bare engine with `shareAcrossTabs`, and each adapter that turns it on by default) runs it.
 */
import { JazzAuthError, type TokenSource } from "@jazz-auth/core";
import { afterEach, describe, expect, it } from "vitest";
import type { TokenSourceFactory } from "./harness";
import { createTabHarness, type OpenTabOptions, type TabHarness } from "./tab-harness";

const MINUTE = 60_000;

/**
 * Runs the tab-sharing conformance items against `factory`, which must build a source that shares
 * across tabs on the harness it is given (as an adapter does by default, or with
 * `shareAcrossTabs`): N tabs make one provider call per refresh; a holder that dies or freezes
 * mid-call does not block the others; a sign-out, a user switch and a non-retryable failure reach
 * every tab; two profiles never mix; tabs that wake from sleep at once make one call.
 */
export function describeTabSharing(name: string, factory: TokenSourceFactory): void {
  describe(`${name}: sharing across tabs`, () => {
    const sources: TokenSource[] = [];
    afterEach(() => {
      for (const source of sources.splice(0)) source.dispose();
    });

    function open(harness: TabHarness, count: number, options: OpenTabOptions = {}) {
      return Array.from({ length: count }, () => {
        const tab = harness.openTab(options);
        const source = factory(tab.harness);
        sources.push(source);
        source.subscribe(() => {});
        return { ...tab, source };
      });
    }
    const tokens = (tabs: readonly { source: TokenSource }[]) => tabs.map((tab) => tab.source.getSnapshot().token);
    const statuses = (tabs: readonly { source: TokenSource }[]) => tabs.map((tab) => tab.source.getSnapshot().status);

    /** Three signed-in tabs, a refresh under way whose provider call is held, and the tab holding the turn. */
    async function midRefresh() {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = open(harness, 3);
      await harness.clock.advance(2_000);
      const held = harness.provider.holdNext();
      const before = harness.provider.calls.length;
      await harness.clock.advanceUntil(() => harness.provider.calls.length > before, 10 * MINUTE);
      const holder = tabs.find((tab) => harness.hub.holders().includes(tab.tab));
      if (!holder) throw new Error("no tab holds the turn while the provider call is under way");
      return { harness, held, before, holder, others: tabs.filter((tab) => tab !== holder) };
    }

    /** Provider calls over `cycles` token lifetimes, after the first load, with `count` tabs. */
    async function callsOver(count: number, cycles: number): Promise<number> {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = open(harness, count);
      await harness.clock.advance(2_000);
      expect(statuses(tabs)).toEqual(tabs.map(() => "signed-in"));
      const before = harness.provider.calls.length;
      await harness.clock.advance(cycles * 600_000);
      expect(new Set(tokens(tabs)).size).toBe(1);
      return harness.provider.calls.length - before;
    }

    it("three tabs make as many provider calls per refresh as one tab, and hold the same token", async () => {
      const alone = await callsOver(1, 6);
      const three = await callsOver(3, 6);
      expect(alone).toBeGreaterThanOrEqual(6);
      expect(three).toBe(alone);
    });

    it("a tab that opens while the others hold a token takes theirs without a provider call", async () => {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = open(harness, 2);
      await harness.clock.advance(2_000);
      const before = harness.provider.calls.length;
      tabs.push(...open(harness, 1));
      await harness.clock.advance(1_000);
      expect(harness.provider.calls.length).toBe(before);
      expect(statuses(tabs)).toEqual(["signed-in", "signed-in", "signed-in"]);
      expect(new Set(tokens(tabs)).size).toBe(1);
    });

    it("a holder that closes mid-call hands the turn over: the other tabs get a token at once", async () => {
      const { harness, held, before, holder, others } = await midRefresh();
      holder.tab.close();
      holder.source.dispose();
      const stale = tokens(others);
      await harness.clock.advance(100);
      expect(harness.provider.calls.length).toBe(before + 2);
      expect(new Set(tokens(others)).size).toBe(1);
      expect(tokens(others)[0]).not.toBe(stale[0]);
      held.release();
    });

    it("a holder that freezes mid-call holds the others up for the handover time at most", async () => {
      const { harness, held, before, holder, others } = await midRefresh();
      holder.tab.freeze();
      const stale = tokens(others)[0];
      const served = await harness.clock.advanceUntil(
        () => others.every((tab) => tab.source.getSnapshot().token !== stale),
        10_500,
      );
      expect(served).toBe(true);
      expect(harness.provider.calls.length).toBe(before + 2);
      held.release();
      holder.tab.thaw();
    });

    it("a sign-out in one tab reaches the others without a provider call, even when their SDK does not notice", async () => {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = [...open(harness, 1), ...open(harness, 2, { sdkSeesSessionChanges: false })];
      await harness.clock.advance(2_000);
      const before = harness.provider.calls.length;
      harness.provider.signOut();
      await harness.clock.advance(10);
      expect(statuses(tabs)).toEqual(["signed-out", "signed-out", "signed-out"]);
      // The tab whose SDK noticed may ask the provider once (or know from its SDK alone); the others do not.
      expect(harness.provider.calls.length).toBeLessThanOrEqual(before + 1);
    });

    it("a user switch in one tab reaches the others as a principal change", async () => {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const [first] = open(harness, 1);
      const others = open(harness, 2, { sdkSeesSessionChanges: false });
      await harness.clock.advance(2_000);
      const versions = others.map((tab) => tab.source.getSnapshot().principalVersion);
      harness.provider.signIn("user-2");
      await harness.clock.advance(2_000);
      for (const [index, tab] of [first, ...others].entries()) {
        expect(tab?.source.getSnapshot().principal).toBe("user-2");
        if (index > 0) expect(tab?.source.getSnapshot().principalVersion).toBeGreaterThan(versions[index - 1] ?? 0);
      }
    });

    it("a non-retryable failure in one tab reaches the others", async () => {
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = open(harness, 3);
      await harness.clock.advance(2_000);
      harness.provider.failNext(1, new JazzAuthError("ERR_INTERACTION_REQUIRED", "Log in again."));
      await harness.clock.advance(10 * MINUTE);
      for (const tab of tabs) expect(tab.source.getSnapshot().error?.code).toBe("ERR_INTERACTION_REQUIRED");
    });

    it("two browser profiles never mix: each gets its own user's tokens", async () => {
      const alice = createTabHarness({ lifetimeSeconds: 600, subject: "alice" });
      const bob = createTabHarness({ lifetimeSeconds: 600, subject: "bob", clock: alice.clock });
      const aliceTabs = open(alice, 2);
      const bobTabs = open(bob, 2);
      await alice.clock.advance(20 * MINUTE);
      for (const tab of aliceTabs) expect(tab.source.getSnapshot().principal).toBe("alice");
      expect(new Set(tokens(aliceTabs)).size).toBe(1);
      for (const tab of bobTabs) expect(tab.source.getSnapshot().principal).toBe("bob");
      expect(JSON.stringify(bob.hub.posted)).not.toContain(aliceTabs[0]?.source.getSnapshot().token ?? "none");
    });

    it("tabs that wake from sleep at once make one provider call between them", async () => {
      const alone = createTabHarness({ lifetimeSeconds: 600 });
      const aloneTabs = open(alone, 1);
      const harness = createTabHarness({ lifetimeSeconds: 600 });
      const tabs = open(harness, 3);
      await Promise.all([alone.clock.advance(2_000), harness.clock.advance(2_000)]);
      const before = [alone.provider.calls.length, harness.provider.calls.length];
      alone.clock.sleep(3 * 3_600_000);
      harness.clock.sleep(3 * 3_600_000);
      await Promise.all([alone.clock.advance(MINUTE + 1_000), harness.clock.advance(MINUTE + 1_000)]);
      expect(statuses(tabs)).toEqual(["signed-in", "signed-in", "signed-in"]);
      expect(aloneTabs[0]?.source.getSnapshot().status).toBe("signed-in");
      expect(harness.provider.calls.length - (before[1] ?? 0)).toBe(alone.provider.calls.length - (before[0] ?? 0));
    });
  });
}
