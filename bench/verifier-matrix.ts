/**
 * The verifier bench against the real limit: every contender (verifier-contenders.ts) in one
 * interleaved run per cell — ES256, RS256, EdDSA; one token repeated or 1,000 in rotation; 1 or 64
 * in flight; 1 or 2 worker threads — repeated `runs` times; each figure is the median over runs of
 * the median over interleaved rounds, and each ratio the median over every round of the ratio
 * within the round ({@link pairedRatio}): two contenders of one round ran a second apart at most.
 */
import { Worker } from "node:worker_threads";
import { CONTENDERS, type ContenderName } from "./verifier-contenders";
import { BENCH_ALGORITHMS, benchMaterial } from "./verifier-material";
import type { MeasureRequest } from "./verifier-thread";

/** One cell of the matrix. */
export interface MatrixCell {
  readonly alg: string;
  readonly tokens: "one" | "rotation";
  readonly inFlight: number;
  readonly threads: 1 | 2;
}

/** Verifications per second of each contender in a cell (`null`: the library cannot verify it). */
export interface MatrixRow extends MatrixCell {
  readonly rates: Readonly<Record<ContenderName, number | null>>;
  /** Each contender's figure in every round of every run, in the same order for all (`null`: cannot verify). */
  readonly rounds: Readonly<Record<ContenderName, readonly number[] | null>>;
}

/**
 * The median over rounds of `of`'s figure divided by the best of `against`'s in the same round:
 * a ratio of two figures measured at most a second apart, so that the machine's drift between
 * rounds (a shared VM's speed moves by a third within minutes) cancels out. `NaN` when either
 * cannot verify.
 */
export function pairedRatio(row: MatrixRow, of: ContenderName, against: readonly ContenderName[]): number {
  const ours = row.rounds[of];
  const theirs = against.map((name) => row.rounds[name]).filter((list) => list != null);
  if (!ours || theirs.length === 0) return Number.NaN;
  return median(ours.map((rate, i) => rate / Math.max(...theirs.map((list) => list[i] ?? Number.NaN))));
}

/** The in-flight sweep on one thread: where the thread pool overtakes the synchronous check. */
export interface InFlightRow {
  readonly alg: string;
  readonly inFlight: number;
  readonly rates: Readonly<Partial<Record<ContenderName, number | null>>>;
}

interface Thread {
  measure(request: MeasureRequest): Promise<number | null>;
  stop(): Promise<number>;
}

function startThread(material: ReturnType<typeof benchMaterial>): Promise<Thread> {
  const worker = new Worker(new URL("./verifier-worker.mjs", import.meta.url), {
    workerData: { entry: new URL("./verifier-thread.ts", import.meta.url).href, material },
  });
  let pending: ((value: unknown) => void) | null = null;
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (message: unknown) => {
      if (message === "ready") {
        resolve({
          measure: (request) =>
            new Promise((done) => {
              pending = done as (value: unknown) => void;
              worker.postMessage(request);
            }),
          stop: () => worker.terminate(),
        });
        return;
      }
      const settle = pending;
      pending = null;
      settle?.(message);
    });
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function onThreads(threads: readonly Thread[], request: MeasureRequest): Promise<number | null> {
  const rates = await Promise.all(threads.map((thread) => thread.measure(request)));
  return rates.some((rate) => rate === null) ? null : rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
}

/**
 * Each contender's figure in every interleaved round: each round runs every contender once, starting
 * one later each round, after a warm-up of two windows per contender (the JIT, and `verify()`'s check
 * placement settling on the cell: the steady state a server runs in, not the first moments of a load).
 */
async function interleaved(
  threads: readonly Thread[],
  names: readonly ContenderName[],
  cell: Omit<MeasureRequest, "contender" | "durationMs">,
  { rounds, durationMs }: { rounds: number; durationMs: number },
): Promise<Record<string, number[] | null>> {
  for (const contender of names)
    await onThreads(threads, { ...cell, contender, durationMs: 2 * durationMs, warm: true });
  const samples = new Map<ContenderName, number[] | null>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length] as ContenderName);
    for (const contender of order) {
      const rate = await onThreads(threads, { ...cell, contender, durationMs });
      const list = samples.get(contender);
      if (rate === null || list === null) samples.set(contender, null);
      else list?.push(rate);
    }
  }
  return Object.fromEntries(samples);
}

/** The cells of the matrix, in table order. */
export function matrixCells(): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const alg of BENCH_ALGORITHMS)
    for (const tokens of ["one", "rotation"] as const)
      for (const inFlight of [1, 64])
        for (const threads of [1, 2] as const) cells.push({ alg, tokens, inFlight, threads });
  return cells;
}

/** Runs the matrix and the in-flight sweep `runs` times; each figure is the median over runs. */
export async function verifierMatrix({
  runs = 3,
  rounds = 5,
  durationMs = 100,
  only = (_cell: MatrixCell) => true,
  sweep = true,
} = {}): Promise<{
  rows: MatrixRow[];
  inFlight: InFlightRow[];
  runs: number;
}> {
  const material = benchMaterial();
  const threads = await Promise.all([startThread(material), startThread(material)]);
  const sweepNames: ContenderName[] = ["node:crypto sync", "node:crypto callback", "WebCrypto", "verify(), no cache"];
  const sweepLevels = [1, 2, 4, 8, 16, 64];
  const cellRuns = matrixCells().map(() => [] as Record<string, number[] | null>[]);
  const sweepRuns = BENCH_ALGORITHMS.flatMap(() => sweepLevels.map(() => [] as Record<string, number[] | null>[]));
  try {
    for (let run = 0; run < runs; run++) {
      for (const [i, cell] of matrixCells().entries()) {
        if (!only(cell)) continue;
        const group = threads.slice(0, cell.threads);
        cellRuns[i]?.push(await interleaved(group, CONTENDERS, cell, { rounds, durationMs }));
      }
      let s = 0;
      for (const alg of sweep ? BENCH_ALGORITHMS : []) {
        for (const inFlight of sweepLevels) {
          const one = threads.slice(0, 1);
          sweepRuns[s++]?.push(
            await interleaved(one, sweepNames, { alg, tokens: "rotation", inFlight }, { rounds, durationMs }),
          );
        }
      }
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.stop()));
  }
  const over = (perRun: Record<string, number[] | null>[], names: readonly ContenderName[]) =>
    Object.fromEntries(
      names.map((name) => {
        const values = perRun.map((r) => r[name]);
        return [name, values.some((v) => v == null) ? null : median((values as number[][]).map(median))];
      }),
    ) as Record<ContenderName, number | null>;
  const allRounds = (perRun: Record<string, number[] | null>[]) =>
    Object.fromEntries(
      CONTENDERS.map((name) => {
        const values = perRun.map((r) => r[name]);
        return [name, values.some((v) => v == null) ? null : (values as number[][]).flat()];
      }),
    ) as Record<ContenderName, number[] | null>;
  const rows = matrixCells().map((cell, i) => ({
    ...cell,
    rates: over(cellRuns[i] ?? [], CONTENDERS),
    rounds: allRounds(cellRuns[i] ?? []),
  }));
  let s = 0;
  const inFlight: InFlightRow[] = [];
  for (const alg of BENCH_ALGORITHMS)
    for (const level of sweepLevels)
      inFlight.push({ alg, inFlight: level, rates: over(sweepRuns[s++] ?? [], sweepNames) });
  return { rows, inFlight, runs };
}
