import { MAX_TIMER_DELAY_MS } from "@jazz-auth/core";
import { createFakeClock } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

describe("createFakeClock", () => {
  it("fires timers in order as time advances, moving both clocks", async () => {
    const clock = createFakeClock({ start: 1000, skewMs: 500 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b"), 200);
    clock.setTimeout(() => fired.push("a"), 100);
    const cleared = clock.setTimeout(() => fired.push("never"), 150);
    clock.clearTimeout(cleared);
    await clock.advance(150);
    expect(fired).toEqual(["a"]);
    expect(clock.serverNow()).toBe(1150);
    expect(clock.now()).toBe(1650);
    await clock.advance(100);
    expect(fired).toEqual(["a", "b"]);
    expect(clock.pending()).toEqual([]);
  });

  it("sleeps like a host: wall clocks jump, timers keep their remaining running time", async () => {
    const clock = createFakeClock({ start: 0 });
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, 1000);
    clock.sleep(3_600_000);
    expect(clock.serverNow()).toBe(3_600_000);
    expect(clock.pending()[0]?.remainingMs).toBe(1000);
    await clock.advance(999);
    expect(fired).toBe(false);
    await clock.advance(1);
    expect(fired).toBe(true);
  });

  it("fires a delay above 2^31 - 1 ms after 1 ms, as hosts do", async () => {
    const clock = createFakeClock();
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, MAX_TIMER_DELAY_MS + 1);
    await clock.advance(1);
    expect(fired).toBe(true);
  });

  it("lets promise chains settle between timers", async () => {
    const clock = createFakeClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => order.push("chain"));
    }, 10);
    clock.setTimeout(() => order.push("second timer"), 20);
    await clock.advance(20);
    expect(order).toEqual(["chain", "second timer"]);
  });

  it("stops advancing as soon as the predicate holds", async () => {
    const clock = createFakeClock({ start: 0 });
    let count = 0;
    const tick = () => {
      count += 1;
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    expect(await clock.advanceUntil(() => count === 3, 10_000)).toBe(true);
    expect(clock.serverNow()).toBe(300);
  });
});
