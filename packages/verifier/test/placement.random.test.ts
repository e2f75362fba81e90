/**
 * Seeded randomized test of where and when signatures are checked: verifiers in each
 * `signatureChecks` form share one thread's placement and see random waves of valid, tampered,
 * expired and foreign tokens — some awaited one at a time (checked at once), some started together
 * (counted, then placed on the thread or the pool), with turns of the event loop between parts of a
 * wave. Every answer must be the one a lone verifier gives for that token, one at a time, and every
 * wave must settle. CI runs a fixed seed; PLACEMENT_RUNS and PLACEMENT_SEED run more or others.
 */
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type SignatureChecks, type VerifiedToken, type Verifier } from "@jazz-auth/verifier";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const RUNS = Number(process.env.PLACEMENT_RUNS ?? 40);
const SEED = Number(process.env.PLACEMENT_SEED ?? 20261202);
const ALGORITHMS = ["RS256", "ES256", "EdDSA"] as const;
const FORMS: readonly SignatureChecks[] = ["auto", "auto", "thread", "pool"];

const outcome = (promise: Promise<VerifiedToken>) =>
  promise.then(
    (result) => ({ accepted: result.userId }),
    (error: { code?: string }) => ({ refused: error.code }),
  );

let issuer: TestIssuer;
/** Tokens of every kind, and the answer a lone verifier gives each, one at a time. */
let tokens: { token: string; expected: Awaited<ReturnType<typeof outcome>> }[];

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: [...ALGORITHMS] });
  const now = Math.floor(Date.now() / 1000);
  const kinds = ["valid", "valid", "valid", "tampered", "expired", "foreign"] as const;
  const minted = await Promise.all(
    ALGORITHMS.flatMap((alg) =>
      kinds.map(async (kind, i) => {
        const token = await issuer.mint(
          { sub: `${alg}-${i}`, ...(kind === "expired" ? { exp: now - 60, iat: now - 120 } : {}) },
          { alg, foreignKey: kind === "foreign" },
        );
        return kind === "tampered" ? `${token.slice(0, -3)}${token.endsWith("AAA") ? "BAA" : "AAA"}` : token;
      }),
    ),
  );
  const lone = verifierIn("thread");
  tokens = [];
  for (const token of minted) tokens.push({ token, expected: await outcome(lone.verify(token)) });
});
afterAll(() => issuer.close());

function verifierIn(signatureChecks: SignatureChecks): Verifier {
  return createVerifier({
    jwksUrl: issuer.jwksUrl,
    issuer: issuer.issuer,
    audience: issuer.audience,
    algorithms: [...ALGORITHMS],
    tokenCache: false,
    signatureChecks,
    // The answers under test are the signature checks'; a JWKS fetch slowed past the default 5 s by
    // a machine busy with other test files would change a valid token's answer for another reason.
    jwksCache: { timeoutMs: 30_000 },
  });
}

/** One part of a wave: verifications started together (`together`) or awaited one by one. */
const part = fc.record({
  together: fc.boolean(),
  checks: fc.array(fc.record({ token: fc.nat(), verifier: fc.nat() }), { minLength: 1, maxLength: 40 }),
  /** What lets the event loop turn before the next part: nothing, a microtask, or a macrotask. */
  yieldAfter: fc.constantFrom("nothing", "microtask", "macrotask"),
});

describe("signature check placement (seeded)", () => {
  it(`answers every token as a lone verifier does, in any interleaving (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(part, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        async (waves) => {
          const verifiers = FORMS.map(verifierIn);
          for (const wave of waves) {
            const pending: Promise<void>[] = [];
            for (const { together, checks, yieldAfter } of wave) {
              for (const check of checks) {
                const { token, expected } = tokens[check.token % tokens.length] as (typeof tokens)[number];
                const verifier = verifiers[check.verifier % verifiers.length] as Verifier;
                const answered = outcome(verifier.verify(token)).then((got) => expect(got).toEqual(expected));
                if (together) pending.push(answered);
                else await answered;
              }
              if (yieldAfter === "microtask") await null;
              else if (yieldAfter === "macrotask") await new Promise((resolve) => setImmediate(resolve));
            }
            await Promise.all(pending);
          }
        },
      ),
      // A run whose waves do not settle fails within 60 s with its counterexample (a run takes
      // milliseconds; a hang is a bug), and shrinking stops by the 8th minute.
      {
        numRuns: RUNS,
        seed: SEED,
        timeout: 60_000,
        interruptAfterTimeLimit: 480_000,
        markInterruptAsFailure: true,
      },
    );
  }, 600_000);
});
