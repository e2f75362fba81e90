/** Markdown tables of the simulated sessions (bench/session-simulation.ts). */
import { PROVIDERS, type SessionResult, type Setup, STRATEGIES, type Timeline } from "./session-simulation";

/** "1 min", "24 h". */
export function lifetime(seconds: number): string {
  return seconds >= 3600 ? `${seconds / 3600} h` : seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`;
}

/** The longest time from a Jazz rejection to a working handshake, or why there is none. */
export function recovery(result: SessionResult): string {
  if (result.unrecovered > 0) return "never (paused to the end)";
  return result.maxRecoveryMs === null ? "–" : `${(result.maxRecoveryMs / 1000).toFixed(1)} s`;
}

const sameSetup = (a: Setup, b: Setup) => a.tabs === b.tabs && a.route === b.route;

/** One table for one setup: a row per provider and strategy. */
export function sessionTable(results: readonly SessionResult[], setup: Setup, timeline: Timeline): string {
  const lines = [
    `| provider (token lifetime) | strategy | auth-caused reconnects/h | expired handshakes after drops the page saw (${timeline.sleeps.length + timeline.offline.length}) | expired handshakes after drops it could not see (${timeline.drops.length}) | provider calls/h | Jazz rejection → working handshake (longest) | expired tokens handed over |`,
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { name, lifetimeSeconds } of PROVIDERS) {
    for (const strategy of STRATEGIES) {
      const row = results.find(
        (r) => r.lifetimeSeconds === lifetimeSeconds && r.strategy === strategy && sameSetup(r.setup, setup),
      );
      if (!row) continue;
      lines.push(
        `| ${name} (${lifetime(lifetimeSeconds)}) | ${strategy} | ${row.authReconnectsPerHour.toFixed(1)} | ${row.expiredAfterSeenDrops} | ${row.expiredAfterUnseenDrops} | ${row.callsPerHour.toFixed(1)} | ${recovery(row)} | ${row.expiredHandovers} |`,
      );
    }
  }
  return lines.join("\n");
}

/** The goals of issue 9 checked against jazz-auth's rows, as sentences (measured, not asserted). */
export function goals(results: readonly SessionResult[], timeline: Timeline): string[] {
  const ours = results.filter((r) => r.strategy === "jazz-auth");
  const max = (pick: (r: SessionResult) => number) => Math.max(...ours.map(pick));
  const perDrop = timeline.drops.length ? max((r) => r.expiredAfterUnseenDrops) / timeline.drops.length : 0;
  const mark = (ok: boolean) => (ok ? "met" : "**not met**");
  return [
    `auth-caused reconnects ≤ 1 per hour for every provider: at most ${max((r) => r.authReconnectsPerHour).toFixed(1)}/h (${mark(max((r) => r.authReconnectsPerHour) <= 1)})`,
    `0 expired handshakes after drops the page sees: at most ${max((r) => r.expiredAfterSeenDrops)} (${mark(max((r) => r.expiredAfterSeenDrops) === 0)})`,
    `at most one expired handshake per drop it cannot see: at most ${perDrop.toFixed(1)} per drop (${mark(perDrop <= 1)})`,
    `0 expired tokens handed over: ${ours.reduce((sum, r) => sum + r.expiredHandovers, 0)} (${mark(ours.every((r) => r.expiredHandovers === 0))})`,
  ];
}
