/**
 * Property-based fuzzing: mutate valid tokens and check that none is accepted and that every
 * refusal is a typed VerificationError. CI runs a small count; `pnpm fuzz` runs 100,000
 * (FUZZ_RUNS overrides both).
 */
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { VerificationError, type Verifier } from "@jazz-auth/verifier";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutateToken, tokenMutation } from "./token-mutations";
import { createVerifier, issuerRefusal } from "./verifier-under-test";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const CODES = new Set([
  "ERR_MALFORMED",
  "ERR_TOKEN_TOO_LARGE",
  "ERR_ALG_NOT_ALLOWED",
  "ERR_CRIT_UNSUPPORTED",
  "ERR_KEY_NOT_FOUND",
  "ERR_KEY_UNUSABLE",
  "ERR_SIGNATURE_INVALID",
  "ERR_EXPIRED",
  "ERR_NOT_YET_VALID",
  "ERR_ISSUED_IN_FUTURE",
  issuerRefusal(),
  "ERR_AUDIENCE_MISMATCH",
  "ERR_CLAIM_INVALID",
]);

let issuer: TestIssuer;
let verifier: Verifier;
let tokens: string[];

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256", "EdDSA"] });
  verifier = createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience });
  tokens = await Promise.all(
    ["ES256", "RS256", "EdDSA"].map((alg) => issuer.mint({ claims: { role: "admin" }, name: "Zoë" }, { alg })),
  );
});
afterAll(() => issuer.close());

describe("fuzz: mutated tokens", () => {
  it(`accepts none of ${RUNS} mutated tokens and refuses each with a typed code`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.array(tokenMutation, { minLength: 1, maxLength: 3 }), async (which, changes) => {
        const original = tokens[which] ?? "";
        const mutated = changes.reduce(mutateToken, original);
        fc.pre(mutated !== original);
        const error = await verifier.verify(mutated).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(VerificationError);
        expect(CODES.has((error as VerificationError).code)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
