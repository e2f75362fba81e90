/**
 * What routing by `iss` costs: a multi-issuer verifier with 3 issuers (the token's issuer is the
 * last entry) against a single-issuer one for the same issuer, in one run (compareThroughput: they
 * take turns). Goal: at most 1.05× the single-issuer cost per token.
 *
 * Alone: `pnpm --filter @jazz-auth/verifier build && pnpm exec tsx bench/verifier-multi-issuer.ts`.
 */
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { verifierPackage } from "./verifier-package";
import { machine } from "./verifier-report";

const { createVerifier } = verifierPackage;

/** One row: verifications per second of each, and the multi-issuer cost per token relative to one issuer. */
export interface MultiIssuerRow {
  readonly alg: string;
  readonly tokens: "one" | "1,000";
  readonly cache: boolean;
  readonly single: number;
  readonly multi: number;
  /** single ÷ multi throughput: the cost per token of the multi-issuer verifier, 1.00 = the same. */
  readonly cost: number;
}

/**
 * Runs per second of `ours` and `baseline` by the process's CPU time (`process.cpuUsage`, user +
 * system) rather than the wall clock, so other processes on a shared machine do not count: medians
 * of `rounds` rounds of `iterations` sequential runs, the two taking turns to go first.
 */
async function compareByCpuTime(
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  { iterations, rounds }: { iterations: number; rounds: number },
): Promise<{ ours: number; baseline: number; ratio: number }> {
  const time = async (run: () => Promise<unknown>) => {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) await run();
    const { user, system } = process.cpuUsage(start);
    return iterations / ((user + system) / 1e6);
  };
  await time(baseline);
  await time(ours);
  const oursRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [baseline, ours] : [ours, baseline];
    for (const run of order) (run === ours ? oursRuns : baselineRuns).push(await time(run));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return { ours: median(oursRuns), baseline: median(baselineRuns), ratio: median(oursRuns) / median(baselineRuns) };
}

async function row(
  alg: string,
  tokens: "one" | "1,000",
  cache: boolean,
  issuers: readonly TestIssuer[],
  { iterations = 2000, rounds = 21, runs = 3 } = {},
): Promise<MultiIssuerRow> {
  const [target, ...decoys] = issuers as [TestIssuer, ...TestIssuer[]];
  const options = (issuer: TestIssuer) => ({
    jwks: issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
    algorithms: [alg as "ES256"],
  });
  const tokenCache = cache ? {} : { tokenCache: false as const };
  const single = createVerifier({ ...options(target), ...tokenCache });
  const multi = createVerifier({ issuers: [...decoys.map(options), options(target)], ...tokenCache });
  const minted = await Promise.all(
    Array.from({ length: tokens === "one" ? 1 : 1000 }, (_, i) => target.mint({ sub: `user-${i}` }, { alg })),
  );
  for (const token of minted) {
    await single.verify(token);
    await multi.verify(token);
  }
  let a = 0;
  let b = 0;
  const results = [];
  for (let run = 0; run < runs; run++) {
    results.push(
      await compareByCpuTime(
        () => multi.verify(minted[a++ % minted.length] ?? ""),
        () => single.verify(minted[b++ % minted.length] ?? ""),
        { iterations: cache ? iterations * 10 : iterations / 2, rounds },
      ),
    );
  }
  // The run with the median ratio: one noisy run (a shared machine) does not decide the figure.
  results.sort((x, y) => x.ratio - y.ratio);
  const result = results[Math.floor(results.length / 2)] ?? { ours: Number.NaN, baseline: Number.NaN };
  return { alg, tokens, cache, single: result.baseline, multi: result.ours, cost: result.baseline / result.ours };
}

/** The rows: ES256 and RS256, in full (no cache) and from the verified-token cache (one token, 1,000 in turn). */
export async function multiIssuerCost(): Promise<MultiIssuerRow[]> {
  const rows: MultiIssuerRow[] = [];
  for (const alg of ["ES256", "RS256"]) {
    const issuers = await Promise.all(
      [0, 1, 2].map((n) => createTestIssuer({ algorithms: [alg], audience: `app-${n}` })),
    );
    try {
      rows.push(await row(alg, "one", false, issuers));
      rows.push(await row(alg, "one", true, issuers));
      rows.push(await row(alg, "1,000", true, issuers));
    } finally {
      for (const issuer of issuers) await issuer.close();
    }
  }
  return rows;
}

/** The "Several issuers" part of docs/benchmarks.md. */
export function multiIssuerSection(rows: readonly MultiIssuerRow[]): string {
  const k = (rate: number) => (rate >= 100_000 ? `${Math.round(rate / 1000)}k` : `${(rate / 1000).toFixed(1)}k`);
  const body = rows.map(
    (r) =>
      `| ${r.alg} | ${r.tokens} | ${r.cache ? "on" : "off"} | ${k(r.single)} | ${k(r.multi)} | ${r.cost.toFixed(2)} |`,
  );
  return `### Several issuers

\`createVerifier({ issuers })\` with 3 issuers (the token's is the last entry) against
\`createVerifier\` for that one issuer, same key set, same options, in one run, timed by the process's CPU time (\`process.cpuUsage\`, so other processes on a shared
machine do not count): 3 runs of 21 rounds taking turns, each run's figures the medians of its
rounds, and the run with the median ratio shown. Cost = single-issuer throughput ÷ multi-issuer throughput. Goal: at most 1.05.
Command: \`pnpm --filter @jazz-auth/verifier build && pnpm exec tsx bench/verifier-multi-issuer.ts\` (also part of \`pnpm bench\`).

Machine: ${machine()}; load average ${loadavg()[0]?.toFixed(2)} at the end.

| alg | tokens | token cache | one issuer, per second | 3 issuers, per second | cost |
|---|---|---|---:|---:|---:|
${body.join("\n")}

A repeated token is looked up in the issuers' caches without waiting (the issuer that answered last is
asked first), where the single-issuer verifier awaits its cache lookup: hence the multi-issuer verifier
is not slower there. Without the cache, routing adds one parse of the payload, which the issuer's checks
then reuse.
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(multiIssuerSection(await multiIssuerCost()));
}
