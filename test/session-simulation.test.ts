// The 24 h simulation's counting (bench/session-simulation.ts); the figures themselves are measured, not asserted.
import type { Handshake } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";
import { countHandshakes } from "../bench/session-counts";
import { DAY, ONE_TAB, simulateSession, THREE_TABS, type Timeline } from "../bench/session-simulation";

const QUIET: Timeline = { hours: 2, sleeps: [], offline: [], drops: [] };
const UNSEEN_DROP: Timeline = { hours: 2, sleeps: [], offline: [], drops: [{ at: 1 }] };

describe("the session simulation", () => {
  it("counts one auth-caused reconnect per refresh for the old policy with Clerk's 60 s tokens (≈ 45/h over the day)", async () => {
    const day = await simulateSession(60, "old policy", DAY);
    expect(day.authReconnectsPerHour).toBeGreaterThan(40);
    expect(day.authReconnectsPerHour).toBeLessThan(50);
    const awake = await simulateSession(60, "old policy", QUIET);
    expect(Math.abs(awake.authReconnectsPerHour - awake.callsPerHour)).toBeLessThanOrEqual(1);
  });

  it("counts the reconnects of one shared socket, not of each tab", async () => {
    const one = await simulateSession(60, "old policy", QUIET, undefined, ONE_TAB);
    const three = await simulateSession(60, "old policy", QUIET, undefined, THREE_TABS);
    expect(three.callsPerHour).toBeGreaterThan(2.5 * one.callsPerHour);
    expect(three.authReconnectsPerHour).toBeGreaterThan(2 * one.authReconnectsPerHour);
  });

  it("counts the hand-written pattern's handshake after an unseen drop as expired and never recovered (the worker says invalid)", async () => {
    const result = await simulateSession(60, "hand-written", UNSEEN_DROP);
    expect(result).toMatchObject({ expiredAfterUnseenDrops: 1, expiredAfterSeenDrops: 0, unrecovered: 1 });
    expect(result.authReconnectsPerHour).toBe(0);
  });

  it("attributes an expired handshake to the drop before it only until a handshake is accepted, and times recovery", () => {
    const shake = (at: number, outcome: Handshake["outcome"], code?: "expired"): Handshake => ({
      token: "t",
      trigger: "retry",
      startedAt: at - 50,
      at,
      outcome,
      ...(code ? { code } : {}),
    });
    const counts = countHandshakes(
      [
        shake(100, "accepted"),
        shake(1_050, "invalid", "expired"),
        shake(1_300, "accepted"),
        shake(5_050, "expired", "expired"),
      ],
      [{ at: 1_000, seen: false }],
    );
    expect(counts).toMatchObject({
      expiredHandshakes: 2,
      expiredAfterUnseenDrops: 1,
      expiredAfterSeenDrops: 0,
      rejections: 2,
      unrecovered: 1,
      maxRecoveryMs: 250,
    });
  });
});
