import { type Clock, MAX_TIMER_DELAY_MS, type Timers } from "@jazz-auth/core";

/** A pending fake timer, as {@link FakeClock.pending} lists it. */
export interface PendingTimer {
  readonly id: number;
  /** Milliseconds of running time until it fires. */
  readonly remainingMs: number;
}

/**
 * A clock and timers under the test's control. Three notions of time:
 * - `serverNow()`: real-world time, as an issuer or the Jazz server sees it;
 * - `now()`: the local wall clock, `serverNow()` plus `skewMs`;
 * - running time, which drives timers and stops while the machine {@link FakeClock.sleep}s.
 */
export interface FakeClock extends Clock, Timers {
  /** Real-world time in ms (the issuer's and the Jazz server's clock). */
  serverNow(): number;
  /** How far the local wall clock is ahead of real-world time, in ms (negative: behind). */
  skewMs: number;
  /** Moves time forward by `ms`, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Moves time forward until `predicate()` holds (checked after every timer), at most `limitMs`. */
  advanceUntil(predicate: () => boolean, limitMs: number): Promise<boolean>;
  /** The machine sleeps for `ms`: wall clocks jump, timers do not run (they resume on wake). */
  sleep(ms: number): void;
  /** Lets pending promise callbacks run, without moving time. */
  flush(): Promise<void>;
  /** Timers that have not fired nor been cleared. */
  pending(): PendingTimer[];
}

/** Options of {@link createFakeClock}. */
export interface FakeClockOptions {
  /** Real-world time at the start, in ms (default 2026-01-01T00:00:00Z). */
  readonly start?: number;
  /** Local wall clock minus real-world time, in ms (default 0). */
  readonly skewMs?: number;
}

interface Scheduled {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

const hostSetImmediate = globalThis.setImmediate;
const hostSetTimeout = globalThis.setTimeout;

/** Resolves after the host's next macrotask, when every queued promise callback has run. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => (hostSetImmediate ? hostSetImmediate(resolve) : hostSetTimeout(resolve, 0)));
}

/**
 * Creates a {@link FakeClock}. Like a real host, a delay above 2^31 − 1 ms fires after 1 ms:
 * an engine that forgets to clamp its timers shows up as a refresh loop.
 *
 * @example
 * ```ts
 * const clock = createFakeClock({ skewMs: 3 * 3600_000 });
 * const source = createTokenSource({ provider: "x", fetchToken, clock, timers: clock });
 * await clock.advance(60_000);
 * ```
 */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let realTime = options.start ?? Date.UTC(2026, 0, 1);
  let runningTime = 0;
  let nextId = 1;
  const timers = new Map<number, Scheduled>();

  const earliestDue = (limit: number): Scheduled | undefined => {
    let found: Scheduled | undefined;
    for (const timer of timers.values()) {
      if (timer.dueAt <= limit && (!found || timer.dueAt < found.dueAt)) found = timer;
    }
    return found;
  };

  const clock: FakeClock = {
    skewMs: options.skewMs ?? 0,
    now: () => realTime + clock.skewMs,
    serverNow: () => realTime,
    setTimeout(callback, delayMs) {
      const delay = delayMs > MAX_TIMER_DELAY_MS ? 1 : Math.max(0, delayMs);
      const id = nextId++;
      timers.set(id, { id, dueAt: runningTime + delay, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      await clock.advanceUntil(() => false, ms);
    },
    async advanceUntil(predicate, limitMs) {
      const target = runningTime + limitMs;
      await macrotask();
      if (predicate()) return true;
      for (let timer = earliestDue(target); timer; timer = earliestDue(target)) {
        realTime += timer.dueAt - runningTime;
        runningTime = timer.dueAt;
        timers.delete(timer.id);
        timer.callback();
        await macrotask();
        if (predicate()) return true;
      }
      realTime += target - runningTime;
      runningTime = target;
      await macrotask();
      return predicate();
    },
    sleep(ms) {
      realTime += ms;
    },
    flush: macrotask,
    pending: () => [...timers.values()].map((timer) => ({ id: timer.id, remainingMs: timer.dueAt - runningTime })),
  };
  return clock;
}
