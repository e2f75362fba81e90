/** How the engine retries a failed provider call. */
export interface RetryOptions {
  /** How many failed attempts make `getToken()` reject (default 3). Background refresh keeps trying. */
  readonly attempts?: number;
  /** Delay after the first failure (default 1 000 ms); it doubles per failure. */
  readonly baseDelayMs?: number;
  /** Upper bound of the delay (default 60 000 ms). */
  readonly maxDelayMs?: number;
  /** Source of randomness for the jitter, in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** Fills in the defaults of {@link RetryOptions} and checks the values. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = {
    attempts: options.attempts ?? 3,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    random: options.random ?? Math.random,
  };
  if (!(policy.attempts >= 1) || !(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new TypeError("[jazz-auth] retry: need attempts >= 1, 0 <= baseDelayMs <= maxDelayMs.");
  }
  return policy;
}

/**
 * The delay before the next attempt after `failures` consecutive failures: exponential, capped,
 * with "equal jitter" (between half and all of the capped value), so a fleet of clients that
 * failed together does not retry together.
 */
export function backoffDelay(failures: number, policy: RetryPolicy): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return capped / 2 + (policy.random() * capped) / 2;
}
