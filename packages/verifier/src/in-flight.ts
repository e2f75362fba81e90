/**
 * From how many verifications in flight at once (in this thread) an ECDSA or Ed25519 check leaves
 * the thread for node:crypto's thread pool (RSA checks stay: they are too cheap to gain from it). Below it the synchronous check is faster (no hand-off);
 * from it on, the pool's threads use the other cores. Chosen from the measurements in
 * docs/benchmarks.md (sync versus callback `crypto.verify` at 1, 2, 4, 8, 16 and 64 in flight).
 */
export const POOL_FROM_IN_FLIGHT = 8;

let inFlight = 0;

/** Counts verifications in flight across all verifiers of this thread; see {@link POOL_FROM_IN_FLIGHT}. */
export const verificationsInFlight = {
  enter(): void {
    inFlight++;
  },
  leave(): void {
    inFlight--;
  },
  /** True when enough verifications are in flight that the thread pool is faster. */
  busy(): boolean {
    return inFlight >= POOL_FROM_IN_FLIGHT;
  },
};
