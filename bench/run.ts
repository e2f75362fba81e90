/**
 * `pnpm bench`: measures the figures and writes them to docs/benchmarks.md. Every comparison is
 * a ratio against a baseline measured in the same run, so the machine's speed cancels out.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { simulateAdapters } from "./adapters";
import { coldBurstProviderCalls, warmCallCost } from "./engine";
import { keptBlocks } from "./kept";
import { sessionSection } from "./session-report";
import { DAY, simulateAll } from "./session-simulation";
import { lifetime } from "./session-table";
import { tabsSection } from "./tabs";
import { bridgeThroughput, coldFetches, forgedKidFlood, outageWindow, verifyThroughput } from "./verifier";
import { multiIssuerCost, multiIssuerSection } from "./verifier-multi-issuer";
import { verifierLimitSection } from "./verifier-report";

const burst = await coldBurstProviderCalls(1000);
const cost = await warmCallCost();
const rows = await simulateAll(DAY);
const adapters = await simulateAdapters(DAY);
const tabs = await tabsSection(DAY);
const kept = keptBlocks(readFileSync(new URL("../docs/benchmarks.md", import.meta.url), "utf8"));
const throughput = [];
for (const alg of ["ES256", "RS256", "EdDSA"]) throughput.push(await verifyThroughput(alg));
const repeat = await verifyThroughput("ES256", { tokenCache: true });
const bridge = await bridgeThroughput();
const cold = await coldFetches(1000);
const flood = await forgedKidFlood(10_000, 2000);
const outage = await outageWindow();
const limit = await verifierLimitSection();
const multiIssuer = multiIssuerSection(await multiIssuerCost());
const sizes = JSON.parse(sizeLimitJson()) as {
  name: string;
  size: number;
  sizeLimit: number;
  passed: boolean;
}[];

/** size-limit's JSON; it exits non-zero when a budget is exceeded, and the report still shows the figures ("OVER"). */
function sizeLimitJson(): string {
  try {
    return execFileSync("pnpm", ["exec", "size-limit", "--json"], { encoding: "utf8" });
  } catch (error) {
    const stdout = (error as { stdout?: unknown }).stdout;
    if (typeof stdout === "string" && stdout.trim().startsWith("[")) return stdout;
    throw error;
  }
}

const ns = (value: number) => `${value.toFixed(1)} ns`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const report = `# Benchmarks

Measured by \`pnpm bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version},
${cpus().length} × ${cpus()[0]?.model.trim()}. Each ratio compares against a baseline measured in the same run.

## Single-flight

1,000 concurrent \`getToken()\` calls on a cold cache (provider latency 50 ms) made **${burst}** provider call${burst === 1 ? "" : "s"}.

## Cost of a warm call

| call | time per call | ratio to its baseline |
|---|---:|---:|
| \`await Promise.resolve(token)\` (baseline) | ${ns(cost.baseline)} | 1.00 |
| \`await source.getToken()\`, cached | ${ns(cost.getToken)} | ${(cost.getToken / cost.baseline).toFixed(2)} |
| \`Promise.resolve(token)\`, not awaited (baseline) | ${ns(cost.syncBaseline)} | 1.00 |
| \`source.getSnapshot()\` | ${ns(cost.getSnapshot)} | ${(cost.getSnapshot / cost.syncBaseline).toFixed(2)} |

A warm \`getToken()\` is an async function that checks the cache against the clock: about two
\`Promise.resolve\`s. \`getSnapshot()\` returns a stored object and allocates nothing.

${sessionSection(rows, DAY)}
### The same day through each adapter

Each provider package's own token source over a fake of its SDK (the fakes the package's tests use:
Clerk's \`session.getToken\` with \`skipCache\`, AuthKit's \`getAccessToken\` with \`LoginRequiredError\`,
Better Auth's \`token()\` with 401s, Firebase's \`getIdToken\` behind \`authStateReady\`, Auth0's
\`getTokenSilently\` with \`cacheMode\`), with the provider's token lifetime and the page's lifecycle events, on one tab and the timeline above.

| adapter (token lifetime) | auth-caused reconnects/h | provider calls/h | expired handshakes | expired tokens handed to Jazz |
|---|---:|---:|---:|---:|
${adapters.map(({ name, lifetimeSeconds, result }) => `| ${name} (${lifetime(lifetimeSeconds)}) | ${result.authReconnectsPerHour.toFixed(1)} | ${result.callsPerHour.toFixed(1)} | ${result.expiredHandshakes} | ${result.expiredHandovers} |`).join("\n")}

${tabs}

${kept("tabs-browser")}

## Strict verifier (\`@jazz-auth/verifier\`)

\`verify()\` with a warm JWKS cache against jose's \`jwtVerify\` with the same key (an imported
\`CryptoKey\`, no key-set lookup at all) and the same options (issuer, audience, algorithm,
5 s tolerance, \`exp\` and \`sub\` required), in one run after a warm-up; medians of 9 rounds of
2,000 sequential verifications, the two taking turns to go first. The extra work is the strict pre-checks (canonical base64url,
duplicate members, header rules), the key-set lookup and the Jazz session shape. Goal: at least 0.90.

| algorithm | verify() per second | jose jwtVerify per second | ratio |
|---|---:|---:|---:|
${throughput.map((row) => `| ${row.alg} | ${row.ours.toFixed(0)} | ${row.jose.toFixed(0)} | ${row.ratio.toFixed(2)} |`).join("\n")}

The table runs \`createVerifier\` with \`tokenCache: false\`. With the verified-token cache (on by default), the
same ES256 token verified again runs at ${repeat.ours.toFixed(0)} per second (${repeat.ratio.toFixed(1)} × jose's full verification).

JWKS fetches, against a JWKS server on 127.0.0.1:

- 1,000 concurrent verifications on a cold cache: **${cold}** fetch${cold === 1 ? "" : "es"}.
- ${flood.sent.toLocaleString("en")} tokens with forged \`kid\`s in ${(flood.elapsedMs / 1000).toFixed(2)} s: **${flood.extraFetches}** extra fetch${flood.extraFetches === 1 ? "" : "es"} (every one refused with ${flood.refusals.join(", ")}).
- Endpoint down from the moment of the first fetch (TTL 300 s, stale window 300 s, one token a second on the
  fake clock): valid tokens kept verifying until second **${outage.lastAcceptedSecond}**, then \`ERR_JWKS_UNAVAILABLE\`;
  the endpoint was asked ${outage.fetchesDuringOutage} times in 900 s (at most once per 10 s cooldown).

${limit}
${multiIssuer}
The property-based fuzz (\`pnpm fuzz\`: 100,000 mutated ES256/RS256/EdDSA tokens, test/security/fuzz.test.ts)
accepted none and refused each with a typed code; CI runs 2,000.

## Token bridge

\`createJazzTokenBridge().exchange()\` (strict verification of an RS256 provider token with a warm
JWKS cache, claims mapping, ES256 signing) against the same work done with jose by hand in the same
run (\`jwtVerify\` with the same key and options, then \`SignJWT\` with the same key); medians of 7
rounds of 1,000 sequential exchanges after a warm-up. Goal: at least 0.85.

| | exchanges per second |
|---|---:|
| jose by hand (baseline) | ${bridge.jose.toFixed(0)} |
| \`bridge.exchange()\` | ${bridge.ours.toFixed(0)} |
| ratio | **${bridge.ratio.toFixed(2)}** |
| node:crypto verify + sign, nothing else (the limit) | ${bridge.raw.toFixed(0)} |
| \`bridge.exchange()\` ÷ the limit (same run, its own rounds) | **${bridge.rawRatio.toFixed(2)}** |

## Size

${sizes.map((entry) => `- ${entry.name}: **${kB(entry.size)}** min+gzip (limit ${kB(entry.sizeLimit)}, ${entry.passed ? "within" : "OVER"})`).join("\n")}

Measured by size-limit (\`pnpm size\`, enforced in CI).

## Binding sizes

${kept("binding-sizes")}
`;
writeFileSync(new URL("../docs/benchmarks.md", import.meta.url), report);
console.log(report);
