/** The measuring loop of the verifier bench. */
import type { Contender } from "./verifier-contenders";

/** Runs per second of `run` over `tokens` for `durationMs`, with `inFlight` lanes awaiting in turn. */
export async function runsPerSecond(
  run: Contender,
  tokens: readonly string[],
  inFlight: number,
  durationMs: number,
): Promise<number> {
  let next = 0;
  let done = 0;
  const start = performance.now();
  const end = start + durationMs;
  const lane = async () => {
    while (performance.now() < end) {
      const index = next++ % tokens.length;
      await run(tokens[index] ?? "", index);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done / ((performance.now() - start) / 1000);
}
