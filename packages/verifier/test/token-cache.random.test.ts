/**
 * Seeded randomized test of the verified-token cache: a verifier with a tiny cache and one without
 * see the same tokens, clock moves (forwards and back) and key rotations, and must give the same
 * answer every time — the cache may only make answers faster, never different. CI runs a fixed
 * seed; CACHE_FUZZ_RUNS and CACHE_FUZZ_SEED run more or others.
 */
import { createTestIssuer } from "@jazz-auth/testing";
import { createVerifier, type VerifiedToken } from "@jazz-auth/verifier";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const RUNS = Number(process.env.CACHE_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.CACHE_FUZZ_SEED ?? 20261201);
const START_S = Date.UTC(2026, 11, 1) / 1000;

/** A token to mint on first use (with the key current then) and to send again later. */
const tokenSpec = fc.record({
  sub: fc.constantFrom("user-1", "user-2", " user-3 "),
  alg: fc.constantFrom("ES256", "EdDSA"),
  exp: fc.option(fc.integer({ min: -10, max: 240 }), { nil: undefined }),
  nbf: fc.option(fc.integer({ min: -30, max: 120 }), { nil: undefined }),
  iat: fc.option(fc.integer({ min: -30, max: 120 }), { nil: undefined }),
  signer: fc.constantFrom("current", "current", "current", "foreign"),
  tamper: fc.boolean(),
});

const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("verify" as const), token: fc.nat(7) }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: -60, max: 60 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: -300, max: 600 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rotate" as const), dropOld: fc.boolean() }) },
);

const summary = (result: VerifiedToken) => ({ ...result, expiresAt: result.expiresAt?.getTime() ?? null });
const outcome = (promise: Promise<VerifiedToken>) =>
  promise.then(
    (result) => ({ accepted: summary(result) }),
    (error: { code?: string }) => ({ refused: error.code }),
  );

describe("the verified-token cache against no cache (seeded)", () => {
  it(`gives the same answer as a verifier without cache, step by step (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(tokenSpec, { minLength: 8, maxLength: 8 }),
        fc.array(step, { minLength: 20, maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        async (specs, steps, maxEntries) => {
          let now = START_S * 1000;
          const clock = { now: () => now };
          const issuer = await createTestIssuer({ algorithms: ["ES256", "EdDSA"], clock });
          try {
            const options = {
              jwksUrl: issuer.jwksUrl,
              issuer: issuer.issuer,
              audience: issuer.audience,
              clock,
              clockToleranceSeconds: 5,
              jwksCache: { ttlSeconds: 120, cooldownSeconds: 0 },
            };
            const cached = createVerifier({ ...options, tokenCache: { maxEntries } });
            const plain = createVerifier({ ...options, tokenCache: false });
            const minted = new Map<number, string>();
            for (const s of steps) {
              if (s.kind === "advance") now += s.seconds * 1000;
              else if (s.kind === "rotate") await issuer.rotate({ dropOld: s.dropOld });
              else {
                const spec = specs[s.token] ?? specs[0];
                if (!spec) continue;
                let token = minted.get(s.token);
                if (!token) {
                  const at = (offset: number | undefined) => (offset === undefined ? undefined : START_S + offset);
                  token = await issuer.mint(
                    { sub: spec.sub, exp: at(spec.exp), nbf: at(spec.nbf), iat: at(spec.iat) },
                    { alg: spec.alg, foreignKey: spec.signer === "foreign" },
                  );
                  if (spec.tamper) token = `${token.slice(0, -3)}${token.endsWith("AAA") ? "BAA" : "AAA"}`;
                  minted.set(s.token, token);
                }
                const [withCache, without] = [await outcome(cached.verify(token)), await outcome(plain.verify(token))];
                expect(withCache).toEqual(without);
              }
            }
          } finally {
            await issuer.close();
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
