/**
 * Property-based fuzzing: mutate valid tokens and check that none is accepted and that every
 * refusal is a typed VerificationError. CI runs a small count; `pnpm fuzz` runs 100,000
 * (FUZZ_RUNS overrides both).
 */
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, VerificationError, type Verifier } from "@jazz-auth/verifier";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
  "ERR_ISSUER_MISMATCH",
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

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const unb64 = (segment: string) => Buffer.from(segment, "base64url").toString();
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= \n+/";

/** One way of damaging a token; each keeps the result a string. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("replace"), at: fc.nat(), char: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), char: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("swap"), a: fc.nat(2), b: fc.nat(2) }),
  fc.record({
    kind: fc.constant("claim"),
    name: fc.constantFrom("sub", "exp", "iss", "aud", "iat", "nbf", "claims"),
    value: fc.jsonValue(),
  }),
  fc.record({
    kind: fc.constant("header"),
    name: fc.constantFrom("alg", "kid", "crit", "b64", "jku", "typ"),
    value: fc.jsonValue(),
  }),
);

function mutate(token: string, change: Record<string, unknown> & { kind: string }): string {
  const at = (n: unknown) => (n as number) % (token.length + 1);
  const parts = token.split(".");
  switch (change.kind) {
    case "replace":
      return token.slice(0, at(change.at)) + change.char + token.slice(at(change.at) + 1);
    case "insert":
      return token.slice(0, at(change.at)) + change.char + token.slice(at(change.at));
    case "delete":
      return token.slice(0, at(change.at)) + token.slice(at(change.at) + (change.length as number));
    case "swap": {
      const copy = [...parts];
      [copy[change.a as number], copy[change.b as number]] = [
        parts[change.b as number] ?? "",
        parts[change.a as number] ?? "",
      ];
      return copy.join(".");
    }
    default: {
      const index = change.kind === "claim" ? 1 : 0;
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(unb64(parts[index] ?? "")) as Record<string, unknown>;
      } catch {
        return token; // an earlier mutation already broke this segment
      }
      json[change.name as string] = change.value;
      parts[index] = b64(JSON.stringify(json));
      return parts.join(".");
    }
  }
}

describe("fuzz: mutated tokens", () => {
  it(`accepts none of ${RUNS} mutated tokens and refuses each with a typed code`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, changes) => {
        const original = tokens[which] ?? "";
        const mutated = changes.reduce((token, change) => mutate(token, change as never), original);
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
