/**
 * Sharing across tabs, measured: the simulated day of bench/session-simulation.ts (sleeps, an offline
 * hour, two unseen server restarts) with 1, 3 and 10 tabs of one origin on one Jazz leader
 * connection, each tab its own engine and Db, with and without `shareAcrossTabs` (a fake
 * BroadcastChannel and Web Locks, @jazz-auth/testing `createFakeTabHub`); then the time for a
 * sign-out to reach every tab over Node's real `BroadcastChannel` (no Web Locks in Node 20).
 * `tsx bench/tabs.ts` prints the section; `pnpm bench` puts it in docs/benchmarks.md.
 */
import { browserTabs, createTokenSource, type TokenSource } from "@jazz-auth/core";
import { mintUnsignedJwt } from "@jazz-auth/testing";
import { DAY, PROVIDERS, type SessionResult, simulateSession, type Timeline } from "./session-simulation";

const TAB_COUNTS = [1, 3, 10] as const;

/** One provider's day with `tabs` tabs, sharing or not. */
function day(lifetimeSeconds: number, tabs: number, share: boolean, timeline: Timeline): Promise<SessionResult> {
  return simulateSession(lifetimeSeconds, "jazz-auth", timeline, undefined, { tabs, route: "browser-worker", share });
}

/** The sharing table: per provider, calls and auth-caused reconnects per hour for 1, 3 and 10 tabs. */
export async function tabsSection(timeline: Timeline = DAY): Promise<string> {
  const rows: string[] = [];
  let worst = 0;
  for (const { name, lifetimeSeconds } of PROVIDERS) {
    const shared: SessionResult[] = [];
    const alone: SessionResult[] = [];
    for (const tabs of TAB_COUNTS) {
      shared.push(await day(lifetimeSeconds, tabs, true, timeline));
      alone.push(await day(lifetimeSeconds, tabs, false, timeline));
    }
    const one = shared[0] as SessionResult;
    const ten = shared[2] as SessionResult;
    worst = Math.max(worst, ten.callsPerHour / one.callsPerHour);
    const cells = (list: SessionResult[], pick: (result: SessionResult) => number) =>
      list.map((result) => pick(result).toFixed(1)).join(" / ");
    rows.push(
      `| ${name} (${lifetimeSeconds} s) | ${cells(shared, (r) => r.callsPerHour)} | ${cells(alone, (r) => r.callsPerHour)} | ${(ten.callsPerHour / one.callsPerHour).toFixed(2)} | ${cells(shared, (r) => r.authReconnectsPerHour)} | ${cells(shared, (r) => r.unrecovered)} |`,
    );
  }
  const signOut = await signOutPropagation(10, 200);
  return `## Sharing across tabs

\`tsx bench/tabs.ts\` (also part of \`pnpm bench\`). The simulated day (two sleeps, an offline hour, two
server restarts the page cannot see) with 1, 3 and 10 tabs of one origin on one Jazz leader connection
(browser-worker route), tabs opened 20 s apart; each tab its own engine, \`connectJazz\` and Db.
"Shared": \`shareAcrossTabs\` over the test kit's BroadcastChannel and Web Locks; "own": each tab on its own.

| provider (token lifetime) | provider calls / h, shared: 1 / 3 / 10 tabs | own: 1 / 3 / 10 tabs | 10 tabs ÷ 1 tab, shared | auth-caused Jazz reconnects / h, shared | unrecovered rejections |
|---|---:|---:|---:|---:|---:|
${rows.join("\n")}

Goal: 10 tabs cost what one does, within 10 %: the worst ratio is **${worst.toFixed(2)}**. Auth-caused
reconnects are handshakes made only because a token was handed to a connected Db; the hand-off policy
makes none in any setup.

A sign-out reaching every tab, over Node ${process.version}'s real \`BroadcastChannel\` (10 tabs, one
process, ${signOut.runs} runs): median **${signOut.medianMs.toFixed(2)} ms**, worst ${signOut.maxMs.toFixed(2)} ms, from the
signing-out tab's provider answer to the last tab's \`signed-out\` snapshot. In Chromium, the
three-tab test (test/browser/tabs.test.ts) measures it end to end.`;
}

/** Time from one tab's sign-out answer to every other tab showing `signed-out`, over a real BroadcastChannel. */
async function signOutPropagation(
  tabCount: number,
  runs: number,
): Promise<{ runs: number; medianMs: number; maxMs: number }> {
  const platform = browserTabs({ BroadcastChannel: globalThis.BroadcastChannel });
  if (!platform) throw new Error("this Node has no BroadcastChannel");
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    let signedIn = true;
    const listeners = new Set<() => void>();
    const token = mintUnsignedJwt({
      sub: "user-1",
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    const tabs: TokenSource[] = Array.from({ length: tabCount }, (_, index) =>
      createTokenSource({
        provider: "bench",
        fetchToken: async () => (signedIn ? token : null),
        // Only the first tab's SDK notices the sign-out: the others learn it from the channel.
        watch: (onChange) => {
          if (index > 0) return () => {};
          listeners.add(onChange);
          return () => listeners.delete(onChange);
        },
        environment: { subscribe: () => () => {}, tabs: platform },
        shareAcrossTabs: { key: `run-${run}` },
      }),
    );
    await Promise.all(tabs.map((tab) => tab.getToken()));
    const done = new Promise<number>((resolve) => {
      let out = 0;
      for (const tab of tabs.slice(1)) {
        const stop = tab.subscribe((snapshot) => {
          if (snapshot.status !== "signed-out") return;
          stop();
          if (++out === tabCount - 1) resolve(performance.now());
        });
      }
    });
    let answeredAt = 0;
    const first = tabs[0] as TokenSource;
    const stopFirst = first.subscribe((snapshot) => {
      if (snapshot.status === "signed-out" && !answeredAt) answeredAt = performance.now();
    });
    signedIn = false;
    for (const listener of listeners) listener();
    times.push((await done) - answeredAt);
    stopFirst();
    for (const tab of tabs) tab.dispose();
  }
  times.sort((a, b) => a - b);
  return { runs, medianMs: times[Math.floor(runs / 2)] ?? 0, maxMs: times.at(-1) ?? 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await tabsSection());
