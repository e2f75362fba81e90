/** A small, dependency-free timing loop: the median of several rounds, in nanoseconds per call. */
export async function nsPerCall(run: () => unknown, { iterations = 200_000, rounds = 7 } = {}): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await run();
    samples.push(((performance.now() - start) * 1e6) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** Same as {@link nsPerCall} for synchronous functions (no `await` in the loop). */
export function nsPerSyncCall(run: () => unknown, { iterations = 2_000_000, rounds = 7 } = {}): number {
  const samples: number[] = [];
  let sink: unknown;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = run();
    samples.push(((performance.now() - start) * 1e6) / iterations);
  }
  if (sink === Symbol.for("never")) console.log(sink);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}
