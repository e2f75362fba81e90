/**
 * Tabs sharing under seeded random orderings: three tabs of one origin on one fake clock, and a
 * random run of freezes, thaws, a close, sleeps, sign-ins, sign-outs, provider failures and time.
 * After every step no live tab shows an expired token or another principal's token; at the end
 * every live tab converges on the provider's user. CI runs a fixed seed; `TABS_RUNS=2000
 * TABS_SEED=7` runs more.
 */
import { decodeJwt, type TokenSource } from "@jazz-auth/core";
import { createTabHarness, type HarnessTab, scriptedTokenSource } from "@jazz-auth/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const runs = Number(process.env.TABS_RUNS ?? 60);
const seed = Number(process.env.TABS_SEED ?? 20261202);

const step = fc.oneof(
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
  fc.record({ kind: fc.constant("freeze" as const), tab: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("thaw" as const), tab: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("close" as const), tab: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("sleep" as const), ms: fc.integer({ min: 0, max: 2 * 3_600_000 }) }),
  fc.record({ kind: fc.constant("sign-in" as const), user: fc.constantFrom("user-1", "user-2") }),
  fc.record({ kind: fc.constant("sign-out" as const) }),
  fc.record({ kind: fc.constant("fail" as const), count: fc.integer({ min: 1, max: 3 }) }),
);

interface Tab extends HarnessTab {
  readonly source: TokenSource;
  closed: boolean;
}

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/**
 * Orderings this test found, kept: a frozen tab's answer from the very millisecond of a later sign-in
 * was taken as the new user's (the answer rule read "at the change" as "after it").
 */
const FOUND: Step[][] = [
  [
    { kind: "sign-in", user: "user-1" },
    { kind: "advance", ms: 115539 },
    { kind: "freeze", tab: 0 },
    { kind: "sign-in", user: "user-1" },
  ],
];

describe("tab sharing under random orderings (seeded)", () => {
  it("never shows an expired or foreign token, and live tabs converge on the provider's user", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const harness = createTabHarness({ lifetimeSeconds: 300 });
        const tabs: Tab[] = [0, 1, 2].map(() => {
          const tab = harness.openTab();
          const source = scriptedTokenSource(tab.harness, { shareAcrossTabs: { key: "fuzz" } });
          source.subscribe(() => {});
          return { ...tab, source, closed: false };
        });
        const check = () => {
          for (const tab of tabs) {
            if (tab.closed) continue;
            const { token, principal } = tab.source.getSnapshot();
            if (token === null) continue;
            const payload = decodeJwt(token).payload;
            expect(Number(payload.exp) * 1000).toBeGreaterThan(harness.clock.serverNow());
            expect(payload.sub).toBe(principal);
          }
        };
        try {
          await harness.clock.advance(2_000);
          for (const action of steps) {
            const tab = "tab" in action ? tabs[action.tab] : undefined;
            if (action.kind === "advance") await harness.clock.advance(action.ms);
            else if (action.kind === "sleep") harness.clock.sleep(action.ms);
            else if (action.kind === "freeze" && tab && !tab.closed) tab.tab.freeze();
            else if (action.kind === "thaw" && tab && !tab.closed) tab.tab.thaw();
            else if (action.kind === "close" && tab && !tab.closed && tabs.filter((t) => !t.closed).length > 1) {
              tab.closed = true;
              tab.tab.close();
              tab.source.dispose();
            } else if (action.kind === "sign-in") harness.provider.signIn(action.user);
            else if (action.kind === "sign-out") harness.provider.signOut();
            else if (action.kind === "fail") harness.provider.failNext(action.count);
            await harness.clock.flush();
            check();
          }
          // Quiet: every tab awake, a user signed in, and long enough for the queued failures to run
          // out through the backoff (at most 60 s apart).
          for (const tab of tabs) if (!tab.closed) tab.tab.thaw();
          harness.provider.signIn("user-3");
          // Within a minute no live tab still names another user (it may still be loading or failing).
          await harness.clock.advance(60_000);
          for (const tab of tabs) {
            if (!tab.closed) expect([null, "user-3"]).toContain(tab.source.getSnapshot().principal);
          }
          await harness.clock.advance(19 * 60_000);
          check();
          for (const tab of tabs) {
            if (tab.closed) continue;
            expect(tab.source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-3" });
          }
        } finally {
          for (const tab of tabs) tab.source.dispose();
        }
      }),
      { numRuns: runs, seed, endOnFailure: true, examples: FOUND.map((steps) => [steps]) },
    );
  }, 120_000);
});
