/** How a failed attempt is retried: exponential backoff with "equal jitter". */
export interface Backoff {
  /** Delay after the first failure, in ms. */
  readonly baseDelayMs: number;
  /** Upper bound of the delay, in ms. */
  readonly maxDelayMs: number;
  /** Source of randomness for the jitter, in [0, 1). */
  readonly random: () => number;
}

/**
 * The delay before retry number `failures` (1 for the first retry): the capped exponential delay,
 * of which a random half is kept, so it lies between half and all of it. Both the engine's provider
 * calls and `connectJazz`'s recovery use it.
 */
export function backoffDelay(backoff: Backoff, failures: number): number {
  const capped = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return capped / 2 + (backoff.random() * capped) / 2;
}
