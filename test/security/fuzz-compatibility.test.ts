/**
 * Fuzzing the Jazz predictor for both targets: mutated tokens, well-signed tokens over arbitrary
 * JSON (so the payload rules are reached), and arbitrary key sets. Nothing may throw, and every
 * verdict must be typed: a known outcome, a known reason code when not accepted, typed warnings
 * and a session of strings. CI runs a small count; `pnpm fuzz` runs 100,000 (FUZZ_RUNS overrides).
 */
import { createHmac } from "node:crypto";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { checkJazzCompatibility, type JazzCompatibility, type JazzTarget } from "@jazz-auth/verifier";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutateToken, tokenMutation } from "./token-mutations";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const OUTCOMES = new Set(["accepted", "expired", "invalid"]);
const REASONS = new Set([
  "empty-token",
  "jwks-unavailable",
  "header-invalid",
  "alg-unsupported",
  "no-matching-key",
  "signature-invalid",
  "payload-invalid",
  "subject-invalid",
  "expired",
  "local-first-disabled",
  "self-signed-invalid",
  "app-id-required",
]);
const WARNINGS = new Set([
  "hmac-token",
  "oct-keys-published",
  "no-exp",
  "top-level-claims-dropped",
  "iss-aud-unchecked",
  "time-claims-ignored",
  "reserved-claims-overwritten",
  "kid-less-keys",
  "key-skipped",
  "sub-trimmed",
  "trim-differs",
  "header-ignored",
  "kid-not-matched",
  "self-signed-iss-spelling",
  "anonymous-as-external",
  "undetermined",
]);
const TARGETS: JazzTarget[] = ["server", "backend"];
const SECRET = Buffer.from("fuzz-compatibility-secret-0123456789");
const OCT = { kty: "oct", kid: "k1", k: SECRET.toString("base64url") };
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const hs = (header: string, payload: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
};

function expectTyped(result: JazzCompatibility, target: JazzTarget): void {
  expect(result.target).toBe(target);
  expect(OUTCOMES.has(result.outcome)).toBe(true);
  // The predictor's last-resort catch must never be what answered: every input goes through Jazz's rules.
  expect(result.reason ?? "").not.toMatch(/^The predictor could not read this token/);
  if (result.outcome === "accepted") expect(result.reasonCode).toBeUndefined();
  else expect(REASONS.has(result.reasonCode ?? "")).toBe(true);
  for (const warning of result.warnings) {
    expect(WARNINGS.has(warning.code)).toBe(true);
    expect(typeof warning.message).toBe("string");
  }
  if (result.session) {
    expect(typeof result.session.userId).toBe("string");
    expect(typeof result.session.claims).toBe("object");
    expect(["external", "local-first", "anonymous"]).toContain(result.authMode);
  }
  if (result.outcome === "accepted") expect(result.session?.userId).toBeTruthy();
}

/** A JSON text with the shapes the rules care about: duplicates, odd numbers, escapes, nesting. */
const member = fc.constantFrom(
  "sub",
  "iss",
  "exp",
  "iat",
  "nbf",
  "aud",
  "claims",
  "kid",
  "alg",
  "typ",
  "crit",
  "x5c",
  "\\u0073ub",
  "x",
);
const scalar = fc.oneof(
  fc.constantFrom(
    "null",
    "true",
    "-0",
    "1.0",
    "1e3",
    "18446744073709551616",
    '"\\ud800"',
    '" a "',
    '"\\u0085"',
    '""',
    "[]",
    "{}",
    "[1]",
  ),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("object"), tie("array")),
  object: fc
    .array(fc.tuple(member, tie("value")), { maxLength: 5 })
    .map((entries) => `{${entries.map(([name, value]) => `"${name}":${value}`).join(",")}}`),
  array: fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
})) as unknown as { value: fc.Arbitrary<string>; object: fc.Arbitrary<string> };

let issuer: TestIssuer;
let tokens: string[];
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256", "EdDSA"] });
  tokens = await Promise.all(
    ["ES256", "RS256", "EdDSA"].map((alg) => issuer.mint({ claims: { role: "admin" } }, { alg })),
  );
});
afterAll(() => issuer.close());

describe.each(TARGETS)("fuzz: checkJazzCompatibility, target %s", (target) => {
  it(`types every verdict on ${RUNS} mutated tokens`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.array(tokenMutation, { minLength: 1, maxLength: 3 }), async (which, changes) => {
        const mutated = changes.reduce(mutateToken, tokens[which] ?? "");
        expectTyped(await checkJazzCompatibility(mutated, { jwks: issuer.jwks(), target }), target);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it(`types every verdict on ${RUNS} signed tokens over arbitrary JSON`, async () => {
    await fc.assert(
      fc.asyncProperty(json.object, json.value, async (header, payload) => {
        const token = hs(
          header.includes('"alg"') ? header : `{"alg":"HS256","kid":"k1",${header.slice(1)}`.replace(",}", "}"),
          payload,
        );
        expectTyped(await checkJazzCompatibility(token, { jwks: { keys: [OCT] }, target }), target);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it(`types every verdict against ${RUNS} arbitrary key sets`, async () => {
    const token = hs('{"alg":"HS256","kid":"k1"}', '{"sub":"alice"}');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(json.value, fc.constant(JSON.stringify(OCT))), { maxLength: 3 }),
        async (entries) => {
          const jwks = JSON.parse(`{"keys":[${entries.join(",")}]}`);
          expectTyped(await checkJazzCompatibility(token, { jwks, target }), target);
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
