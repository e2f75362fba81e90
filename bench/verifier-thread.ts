/** A measuring thread of the verifier bench: builds the contenders, then runs what the main thread asks. */
import { parentPort, workerData } from "node:worker_threads";
import { type ContenderName, contendersFor } from "./verifier-contenders";
import { runsPerSecond } from "./verifier-loop";
import type { AlgorithmMaterial } from "./verifier-material";

/** One measurement: a contender on one algorithm's tokens, with `inFlight` verifications at a time. */
export interface MeasureRequest {
  readonly alg: string;
  readonly contender: ContenderName;
  /** `"one"`: the same token every time; `"rotation"`: the 1,000 tokens in turn. */
  readonly tokens: "one" | "rotation";
  readonly inFlight: number;
  readonly durationMs: number;
  /** A warm-up: a contender with a cache first sees every token once, so its cache holds the rotation. */
  readonly warm?: boolean;
}

/** The contenders that keep verified tokens. */
const CACHED: ReadonlySet<ContenderName> = new Set(["fast-jwt, cache", "verify()"]);

const material = (workerData as { material: AlgorithmMaterial[] }).material;
const byAlg = new Map(await Promise.all(material.map(async (m) => [m.alg, { m, c: await contendersFor(m) }] as const)));

parentPort?.on("message", async (request: MeasureRequest) => {
  const entry = byAlg.get(request.alg as AlgorithmMaterial["alg"]);
  const run = entry?.c[request.contender];
  if (!entry || !run) return parentPort?.postMessage(null);
  const tokens = request.tokens === "one" ? entry.m.tokens.slice(0, 1) : entry.m.tokens;
  if (request.warm && CACHED.has(request.contender)) {
    for (const [index, token] of tokens.entries()) await run(token, index);
  }
  parentPort?.postMessage(await runsPerSecond(run, tokens, request.inFlight, request.durationMs));
});
parentPort?.postMessage("ready");
