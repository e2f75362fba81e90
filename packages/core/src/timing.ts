/** A wall clock in milliseconds since the epoch. Inject a fake one in tests. */
export interface Clock {
  now(): number;
}

/** The two timer functions the engine uses. Inject fake ones in tests. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The longest delay `setTimeout` honours (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

/** The global `setTimeout` / `clearTimeout`, looked up when called. */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
