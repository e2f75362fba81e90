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

/**
 * Runs per second of `ours` and of `baseline`, measured in one run after a warm-up: medians of
 * `rounds` rounds of `iterations` sequential runs, the two taking turns to go first so drift and GC
 * pauses fall on both sides alike; `ratio` is the median of the ratios within each round.
 */
export async function compareThroughput(
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  { iterations = 2000, rounds = 9 } = {},
): Promise<{ ours: number; baseline: number; ratio: number }> {
  const time = async (run: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await run();
    return iterations / ((performance.now() - start) / 1000);
  };
  await time(baseline);
  await time(ours);
  const oursRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [baseline, ours] : [ours, baseline];
    for (const run of order) (run === ours ? oursRuns : baselineRuns).push(await time(run));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  // The ratio within each round (the two ran back to back), then the median: the machine's drift
  // between rounds cancels out, as a ratio of two medians taken at different times would not.
  const ratios = oursRuns.map((rate, i) => rate / (baselineRuns[i] ?? Number.NaN));
  return { ours: median(oursRuns), baseline: median(baselineRuns), ratio: median(ratios) };
}
