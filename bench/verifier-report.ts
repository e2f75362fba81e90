/** The "against the limit" section of docs/benchmarks.md: the verifier matrix as tables of figures and ratios. */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { CONTENDERS, type ContenderName, PEERS, PLAIN_PARSE } from "./verifier-contenders";
import { type InFlightRow, type MatrixRow, pairedRatio, verifierMatrix } from "./verifier-matrix";

/** The two raw node:crypto forms: the limit in a round is the faster of them. */
const LIMIT: readonly ContenderName[] = ["node:crypto sync", "node:crypto callback"];
/** The peers without a cache. */
const UNCACHED_PEERS: readonly ContenderName[] = PEERS.filter((name) => name !== "fast-jwt, cache");

/** The machine a figure comes from: `nproc`, the CPU model in /proc/cpuinfo, Node, and the load. */
export function machine(): string {
  let model = "unknown CPU";
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? model;
  } catch {}
  return `nproc ${availableParallelism()}, ${model}, Node ${process.version}`;
}

const k = (rate: number | null | undefined) =>
  rate == null ? "—" : rate >= 100_000 ? `${Math.round(rate / 1000)}k` : `${(rate / 1000).toFixed(1)}k`;
const ratio = (value: number) => value.toFixed(2);
const best = (row: MatrixRow, names: readonly ContenderName[]) =>
  names.reduce<{ name: ContenderName; rate: number } | null>((top, name) => {
    const rate = row.rates[name];
    return rate != null && (!top || rate > top.rate) ? { name, rate } : top;
  }, null);

function figures(rows: readonly MatrixRow[]): string {
  const head = `| alg | tokens | in flight | threads | ${CONTENDERS.join(" | ")} |`;
  const rule = `|---|---|---:|---:|${CONTENDERS.map(() => "---:").join("|")}|`;
  const body = rows.map(
    (row) =>
      `| ${row.alg} | ${row.tokens === "one" ? "one" : "1,000"} | ${row.inFlight} | ${row.threads} | ${CONTENDERS.map((name) => k(row.rates[name])).join(" | ")} |`,
  );
  return [head, rule, ...body].join("\n");
}

function ratios(rows: readonly MatrixRow[]): string {
  const head =
    "| alg | tokens | in flight | threads | the limit (node:crypto) | fastest peer | `verify()` ÷ limit | `verify()` ÷ peer | no cache ÷ limit | no cache ÷ fastest uncached peer | plain parse ÷ limit |";
  const rule = "|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|";
  const body = rows.map((row) => {
    const limit = best(row, LIMIT);
    const peer = best(row, PEERS);
    const form = limit?.name === "node:crypto sync" ? "sync" : "callback";
    const cells = [
      pairedRatio(row, "verify()", LIMIT),
      pairedRatio(row, "verify()", PEERS),
      pairedRatio(row, "verify(), no cache", LIMIT),
      pairedRatio(row, "verify(), no cache", UNCACHED_PEERS),
      pairedRatio(row, PLAIN_PARSE, LIMIT),
    ].map(ratio);
    return `| ${row.alg} | ${row.tokens === "one" ? "one" : "1,000"} | ${row.inFlight} | ${row.threads} | ${k(limit?.rate)} (${form}) | ${peer?.name ?? "—"} ${k(peer?.rate)} | ${cells.join(" | ")} |`;
  });
  return [head, rule, ...body].join("\n");
}

/** The issue's goals (issue 14), checked against this run's cells: which hold, and where not. */
function goals(rows: readonly MatrixRow[]): string {
  const cellName = (row: MatrixRow) => `${row.alg} ${row.inFlight} in flight × ${row.threads}`;
  const check = (label: string, cells: readonly MatrixRow[], value: (row: MatrixRow) => number, goal: number) => {
    const misses = cells.filter((row) => !(value(row) >= goal));
    const worst = Math.min(...cells.map(value));
    const verdict =
      misses.length === 0
        ? "met in every cell"
        : `missed in ${misses.length} of ${cells.length}: ${misses.map((row) => `${cellName(row)} ${ratio(value(row))}`).join(", ")}`;
    return `- ${label} (goal ≥ ${ratio(goal)}): worst ${ratio(worst)}; ${verdict}.`;
  };
  const rotation = rows.filter((row) => row.tokens === "rotation");
  const repeated = rows.filter((row) => row.tokens === "one");
  const plainRatios = rotation.map((row) => pairedRatio(row, PLAIN_PARSE, LIMIT));
  return [
    check(
      "`verify()` without cache on 1,000 distinct tokens ÷ the limit",
      rotation,
      (row) => pairedRatio(row, "verify(), no cache", LIMIT),
      0.85,
    ),
    check(
      "the same ÷ the fastest peer without a cache",
      rotation,
      (row) => pairedRatio(row, "verify(), no cache", UNCACHED_PEERS),
      1,
    ),
    check(
      "`verify()` on one repeated token ÷ fast-jwt with its cache",
      repeated,
      (row) => pairedRatio(row, "verify()", ["fast-jwt, cache"]),
      1,
    ),
    `- For reference, the plain parse ÷ the limit on the same cells: ${ratio(Math.min(...plainRatios))} to ${ratio(Math.max(...plainRatios))} (what the least parsing of a token, with no rule, leaves of the limit).`,
  ].join("\n");
}

function sweep(rows: readonly InFlightRow[]): string {
  const names: ContenderName[] = ["node:crypto sync", "node:crypto callback", "WebCrypto", "verify(), no cache"];
  const head = `| alg | in flight | ${names.join(" | ")} |`;
  const rule = `|---|---:|${names.map(() => "---:").join("|")}|`;
  return [
    head,
    rule,
    ...rows.map((row) => `| ${row.alg} | ${row.inFlight} | ${names.map((n) => k(row.rates[n])).join(" | ")} |`),
  ].join("\n");
}

/** Runs the matrix (VERIFIER_BENCH_RUNS, default 3) and renders its section. */
export async function verifierLimitSection(): Promise<string> {
  const runs = Number(process.env.VERIFIER_BENCH_RUNS ?? 3);
  const durationMs = Number(process.env.VERIFIER_BENCH_MS ?? 100);
  const before = loadavg()[0] ?? 0;
  const started = performance.now();
  const rounds = Number(process.env.VERIFIER_BENCH_ROUNDS ?? 5);
  const result = await verifierMatrix({ runs, rounds, durationMs });
  const minutes = (performance.now() - started) / 60_000;
  const after = loadavg()[0] ?? 0;
  return `### Against the limit: node:crypto, WebCrypto and the other libraries

Every contender checks the same tokens with the same key: the raw signature checks on tokens already
split and decoded (node:crypto \`verify\` on a \`KeyObject\`, synchronous or with a callback on libuv's
thread pool — **the limit** is the faster of the two; WebCrypto \`subtle.verify\` on a \`CryptoKey\`),
a plain parse (\`node:crypto + parse\`: the synchronous check after the least parsing a verifier
must do — find the dots, decode payload and signature, \`JSON.parse\`, the signing input's bytes —
written plainly, with no rule at all),
jose \`jwtVerify\` (an imported \`CryptoKey\`, and a local JWKS), fast-jwt 6.3.6 (without and with its
cache of 1,000), jsonwebtoken 9.0.3 (no EdDSA) and \`verify()\` (a fixed \`jwks\`, the default
\`signatureChecks: "auto"\`, the default verified-token cache of 1,000 tokens, and \`tokenCache: false\`), with issuer, audience, the algorithm,
5 s tolerance and \`exp\`/\`sub\` where the library has the option. Tokens: one repeated, or 1,000
distinct ones in turn (a different \`sub\` each). In flight: verifications awaited at once per thread.
Threads: worker threads running the same loop at the same time (figures are their sum). In each cell
the contenders take turns (${rounds} interleaved rounds of ${durationMs} ms, each starting with the next
contender, after a warm-up of two windows per contender in which the contenders with a cache also see every token
once: the steady state, the JIT warm and \`verify()\`'s check placement settled on the cell); each figure is the median over ${result.runs} such runs of the median
over rounds. Figures are verifications per second. Each ratio is the median, over the ${rounds * result.runs} rounds of
the cell, of the ratio within a round (the limit, or the fastest peer, being the faster in that round): two
contenders of one round ran about a second apart, while this shared machine's speed drifts by up to a
third within minutes, so a ratio of medians taken at different times would carry that drift. (\`VERIFIER_BENCH_RUNS\`,
\`VERIFIER_BENCH_ROUNDS\` and \`VERIFIER_BENCH_MS\` set the runs, rounds and window.)

Machine: ${machine()}; load average ${before.toFixed(2)} before, ${after.toFixed(2)} after (${minutes.toFixed(1)} min).

${figures(result.rows)}

Ratios (the fastest peer is the fastest of jose, fast-jwt and jsonwebtoken in that cell, cache or not;
the last column compares \`tokenCache: false\` with the fastest peer without a cache):

${ratios(result.rows)}

Goals, from the cells above:

${goals(result.rows)}

Where the thread pool overtakes the synchronous check (one thread, 1,000 tokens in rotation). \`verify()\`
(\`signatureChecks: "auto"\`) does not follow a fixed threshold: from 8 verifications in flight on a
thread it times both forms in turn and keeps the faster (docs/server/verifier.md); the rows with 2
threads above are where the synchronous form wins instead.

${sweep(result.inFlight)}
`;
}
