import { describe, expect, it } from "vitest";
import {
  CHANGE_FACTOR,
  CHANGE_RUNS,
  CHOSEN_CHECKS,
  type CheckForm,
  createCheckPlacement,
  POOL_FROM_IN_FLIGHT,
  TAKEN_STRETCH,
  TRIAL_CHECKS,
  TRIAL_SETTLE,
} from "../src/check-placement";

/**
 * A placement on a fake clock (ms) with a microtask queue the test runs by hand, on 2 cores; the
 * process's CPU time grows by `busyCores` per millisecond (`null`: the runtime cannot tell).
 */
function harness({ busyCores = 1 as number | null } = {}) {
  let now = 0;
  let cpuAt = 0;
  let cpu = 0;
  /** CPU time grows by `busyCores` per millisecond from now on. */
  const cpuTime = () => {
    if (busyCores === null) return null;
    cpu += (now - cpuAt) * busyCores;
    cpuAt = now;
    return cpu;
  };
  const queued: (() => void)[] = [];
  const placement = createCheckPlacement({
    now: () => now,
    defer: (task) => queued.push(task),
    processCpu: cpuTime,
    cores: 2,
  });
  return {
    placement,
    runMicrotasks: () => {
      for (const task of queued.splice(0)) task();
    },
    advance: (ms: number) => {
      now += ms;
    },
    setBusyCores: (cores: number) => {
      cpuTime();
      busyCores = cores;
    },
    /**
     * `checks` busy placements in a closed loop: each form places its next check after its own
     * cost (ms per check), as completions free the lanes.
     */
    /**
     * `checks` checks made at once in waves of 64 (a closed loop whose verifications all answer at
     * once), `cost` ms each, with the probe running after each wave; false once one is counted.
     */
    atOnce(checks: number, cost: number): boolean {
      for (let i = 0; i < checks; i++) {
        if (placement.counted()) return false;
        placement.checkedAtOnce();
        now += cost;
        if (i % 64 === 63) for (const task of queued.splice(0)) task();
      }
      return true;
    },
    busy(checks: number, cost: Record<CheckForm, number>): CheckForm[] {
      const forms: CheckForm[] = [];
      for (let i = 0; i < checks; i++) {
        const form: CheckForm = placement.offload() ? "pool" : "thread";
        forms.push(form);
        now += cost[form];
      }
      return forms;
    },
  };
}

/** A full trial: both forms, settle and timed checks each. */
const TRIAL = 2 * (TRIAL_SETTLE + TRIAL_CHECKS);

describe("check placement", () => {
  it("checks one verification at a time at once: a probe between them counts one each time", () => {
    const { placement, runMicrotasks } = harness();
    for (let i = 0; i < 100; i++) {
      placement.checkedAtOnce();
      runMicrotasks();
    }
    expect(placement.counted()).toBe(false);
  });

  it("finds overlap when a burst starts before the probe runs, and goes back when few are in flight", () => {
    const { placement, runMicrotasks } = harness();
    for (let i = 0; i < POOL_FROM_IN_FLIGHT - 1; i++) placement.checkedAtOnce();
    runMicrotasks();
    expect(placement.counted()).toBe(false);
    for (let i = 0; i < POOL_FROM_IN_FLIGHT; i++) placement.checkedAtOnce();
    runMicrotasks();
    expect(placement.counted()).toBe(true);
    for (let i = 0; i < POOL_FROM_IN_FLIGHT - 1; i++) placement.enter();
    expect(placement.offload()).toBe(false);
    expect(placement.counted()).toBe(false);
  });

  it("times both forms while busy and keeps the faster, then tries again and follows a change", () => {
    const { placement, busy } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    const first = busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(first.filter((form) => form === "pool")).toHaveLength(TRIAL / 2);
    expect(placement.state()).toMatchObject({ chosen: "pool", phase: "chosen" });
    expect(new Set(busy(CHOSEN_CHECKS - 1, { pool: 0.01, thread: 0.03 }))).toEqual(new Set(["pool"]));
    // The machine changes (other threads take the cores): the next trial, thread first, follows it.
    const second = busy(TRIAL, { pool: 0.04, thread: 0.01 });
    expect(second[0]).toBe("thread");
    expect(placement.state().chosen).toBe("thread");
    const trial = placement.state().lastTrial;
    expect(trial?.thread).toBeGreaterThan(trial?.pool ?? Number.POSITIVE_INFINITY);
  });

  it("keeps its form when the other is not faster by the margin", () => {
    const { placement, busy } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.0101, thread: 0.01 });
    expect(placement.state().chosen).toBe("pool");
  });

  it("leaves a pause out of a trial's timing", () => {
    const { placement, busy, advance } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    // The pool's checks are faster, but the thread leaves the busy state for a second in the middle of
    // the pool's timed checks: without the pause left out, the pool would look a hundred times slower.
    busy(TRIAL_SETTLE + TRIAL_CHECKS / 2, { pool: 0.01, thread: 0.02 });
    advance(1000);
    busy(TRIAL - TRIAL_SETTLE - TRIAL_CHECKS / 2, { pool: 0.01, thread: 0.02 });
    expect(placement.state()).toMatchObject({ chosen: "pool", phase: "chosen" });
  });

  it("keeps checks on the thread when the process already uses every core (other threads busy)", () => {
    const { placement, busy } = harness({ busyCores: 1.9 });
    for (let i = 0; i < 64; i++) placement.enter();
    // Alone, this thread would see the pool win; but the cores are taken: the pool cannot add one.
    busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(placement.state()).toMatchObject({ chosen: "thread", coresTaken: true });
  });

  it("compares throughput alone where the runtime cannot tell the process's CPU time", () => {
    const { placement, busy } = harness({ busyCores: null });
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(placement.state()).toMatchObject({ chosen: "pool", coresTaken: false });
  });

  it("tries again at once when the cores it found taken are free again", () => {
    const { placement, busy, setBusyCores } = harness({ busyCores: 1.9 });
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(placement.state()).toMatchObject({ chosen: "thread", coresTaken: true });
    // The other threads stop: within two timed runs of chosen checks, a trial starts, and finds the pool.
    setBusyCores(1);
    busy(CHANGE_RUNS * (TRIAL_CHECKS + 1), { pool: 0.01, thread: 0.03 });
    expect(placement.state().phase).toBe("trial");
    busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(placement.state()).toMatchObject({ chosen: "pool", coresTaken: false });
  });

  it("tries again at once when the chosen form slows down, not when it speeds up or drifts", () => {
    const { placement, busy } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.02, thread: 0.06 });
    // Faster (the JIT warmed up), then a slow drift: the figure follows, no trial.
    busy(4 * (TRIAL_CHECKS + 1), { pool: 0.01, thread: 0.06 });
    for (const factor of [1.2, 1.4, 1.6]) busy(2 * (TRIAL_CHECKS + 1), { pool: 0.01 * factor, thread: 0.06 });
    expect(placement.state().phase).toBe("chosen");
    // One slow run (a stall, a neighbour starting): no trial yet.
    busy(TRIAL_CHECKS + 1, { pool: 0.016 * (CHANGE_FACTOR + 0.2), thread: 0.06 });
    expect(placement.state().phase).toBe("chosen");
    busy(TRIAL_CHECKS + 1, { pool: 0.016, thread: 0.06 });
    // A fall that lasts: a trial.
    busy(CHANGE_RUNS * (TRIAL_CHECKS + 1), { pool: 0.016 * (CHANGE_FACTOR + 0.2), thread: 0.06 });
    expect(placement.state().phase).toBe("trial");
  });

  it("makes the thread's checks at once between trials, still timed, and counts again for the next trial", () => {
    const { placement, busy, atOnce, runMicrotasks } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.03, thread: 0.01 });
    expect(placement.state()).toMatchObject({ chosen: "thread", phase: "chosen", coresTaken: false });
    for (let i = 0; i < 64; i++) placement.leave();
    // A burst answered at once: overlapping, but with the thread chosen nothing is counted or yields.
    for (let i = 0; i < 64; i++) placement.checkedAtOnce();
    runMicrotasks();
    expect(placement.counted()).toBe(false);
    // The stretch runs on checks made at once; at its end a trial starts, and those are counted.
    expect(atOnce(CHOSEN_CHECKS - 64, 0.01)).toBe(true);
    expect(placement.state().phase).toBe("chosen");
    expect(atOnce(128, 0.01)).toBe(false);
    expect(placement.state().phase).toBe("trial");
    expect(placement.counted()).toBe(true);
  });

  it("starts a trial from checks made at once when the thread slows down", () => {
    const { placement, busy, atOnce, runMicrotasks } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.03, thread: 0.01 });
    for (let i = 0; i < 64; i++) placement.leave();
    for (let i = 0; i < 64; i++) placement.checkedAtOnce();
    runMicrotasks();
    expect(atOnce(4 * TRIAL_CHECKS, 0.01)).toBe(true);
    expect(atOnce((CHANGE_RUNS + 1) * TRIAL_CHECKS, 0.01 * (CHANGE_FACTOR + 0.2))).toBe(false);
    expect(placement.state().phase).toBe("trial");
  });

  it("stops the thread's stretch when the checks made at once no longer overlap", () => {
    const { placement, busy, runMicrotasks } = harness();
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.03, thread: 0.01 });
    for (let i = 0; i < 64; i++) placement.leave();
    for (let i = 0; i < 64; i++) placement.checkedAtOnce();
    runMicrotasks();
    // Then one at a time (a probe between each): however many, they are not the busy stretch.
    for (let i = 0; i < 2 * CHOSEN_CHECKS; i++) {
      placement.checkedAtOnce();
      runMicrotasks();
    }
    expect(placement.state().phase).toBe("chosen");
    expect(placement.counted()).toBe(false);
  });

  it("waits longer between trials while the cores that kept the thread stay taken", () => {
    const { placement, busy } = harness({ busyCores: 1.9 });
    for (let i = 0; i < 64; i++) placement.enter();
    busy(TRIAL, { pool: 0.01, thread: 0.03 });
    expect(placement.state()).toMatchObject({ chosen: "thread", coresTaken: true });
    busy(CHOSEN_CHECKS + TRIAL_CHECKS, { pool: 0.01, thread: 0.03 });
    expect(placement.state().phase).toBe("chosen");
    busy((TAKEN_STRETCH - 1) * CHOSEN_CHECKS, { pool: 0.01, thread: 0.03 });
    expect(placement.state().phase).toBe("trial");
  });
});
