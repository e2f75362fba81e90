/**
 * The seeded fault-injection simulation over the engine (docs/testing.md, "The fault simulation").
 * CI runs a fixed seed for a few seconds; `SIM_SESSIONS=5000 SIM_SEED=7` runs more, and
 * `SIM_SEED=7 SIM_SESSION=123` replays one session with a long trace; `SIM_KNOBS='{"perHour":{"sleep":0}}'`
 * overrides knobs to narrow a failure; `SIM_REPORT=file` writes every violation found there.
 */

import { writeFileSync } from "node:fs";
import {
  formatViolation,
  INVARIANTS,
  type InvariantId,
  runFaultSimulation,
  type SimulationKnobOverrides,
  type SimulationResult,
} from "@jazz-auth/testing";
import { beforeAll, describe, expect, it } from "vitest";

const seed = Number(process.env.SIM_SEED ?? 20261201);
const replay = process.env.SIM_SESSION === undefined ? undefined : Number(process.env.SIM_SESSION);
const sessions = replay === undefined ? Number(process.env.SIM_SESSIONS ?? 120) : 1;

let result: SimulationResult;

beforeAll(async () => {
  result = await runFaultSimulation({
    seed,
    sessions,
    firstSession: replay ?? 0,
    traceLength: replay === undefined ? 30 : 400,
    knobs: JSON.parse(process.env.SIM_KNOBS ?? "{}") as SimulationKnobOverrides,
  });
  if (process.env.SIM_REPORT)
    writeFileSync(process.env.SIM_REPORT, result.violations.map(formatViolation).join("\n\n"));
}, 600_000);

describe(`the engine under ${sessions} simulated sessions of faults (seed ${seed})`, () => {
  it("ran every session, with provider calls, callers and Jazz handshakes", () => {
    expect(result.stats.sessions).toBe(sessions);
    expect(result.stats.providerCalls).toBeGreaterThan(sessions);
    expect(result.stats.getTokenCalls).toBeGreaterThan(sessions);
    expect(result.stats.handshakes).toBeGreaterThan(sessions / 2);
  });

  it.each(Object.keys(INVARIANTS) as InvariantId[])("keeps invariant %s in every session", (id) => {
    const broken = result.violations.filter((violation) => violation.invariant === id);
    const sessionsBroken = new Set(broken.map((violation) => violation.session)).size;
    const report = broken.slice(0, 3).map(formatViolation).join("\n\n");
    expect(report, `${sessionsBroken} of ${sessions} sessions broke it; the first ones:`).toBe("");
  });
});
