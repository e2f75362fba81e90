/**
 * Property-based fuzzing of the token bridge's Web handler: random methods, paths and
 * `Authorization` headers, mutated provider tokens, provider `sub`s full of white space, and
 * provider key sets with members replaced by any JSON value (served by a JWKS server on
 * 127.0.0.1). The handler never throws and never answers 500; every refusal carries a typed code;
 * a minted token's `sub` is exactly the provider's, one no Jazz verifier trims. CI runs a small
 * count; `pnpm fuzz` runs 100,000 (FUZZ_RUNS overrides both).
 */
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { createJazzTokenBridge, type JazzTokenBridge, rustTrim, type VerificationErrorCode } from "@jazz-auth/verifier";
import fc from "fast-check";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutateToken, tokenMutation } from "./token-mutations";
import { createVerifier } from "./verifier-under-test";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Every code, so that a new one must be added here (and to docs/errors.md) to pass the type check. */
const CODES: Record<VerificationErrorCode, true> = {
  ERR_MALFORMED: true,
  ERR_TOKEN_TOO_LARGE: true,
  ERR_ALG_NOT_ALLOWED: true,
  ERR_CRIT_UNSUPPORTED: true,
  ERR_KEY_NOT_FOUND: true,
  ERR_KEY_UNUSABLE: true,
  ERR_SIGNATURE_INVALID: true,
  ERR_EXPIRED: true,
  ERR_NOT_YET_VALID: true,
  ERR_ISSUED_IN_FUTURE: true,
  ERR_ISSUER_MISMATCH: true,
  ERR_ISSUER_UNKNOWN: true,
  ERR_AUDIENCE_MISMATCH: true,
  ERR_AUTHORIZED_PARTY_MISMATCH: true,
  ERR_CLAIM_INVALID: true,
  ERR_SUBJECT_WHITESPACE: true,
  ERR_SUBJECT_CONFLICT: true,
  ERR_SUBJECT_NOT_MAPPED: true,
  ERR_LIFETIME_TOO_LONG: true,
  ERR_JWKS_UNAVAILABLE: true,
};
const ROUTE_ERRORS = new Set(["not found", "method not allowed"]);

let issuer: TestIssuer;
let signingKey: JWK;
let healthy: JazzTokenBridge;
let valid: string;

function bridgeOver(jwksUrl: string): JazzTokenBridge {
  return createJazzTokenBridge({
    verifier: createVerifier({ jwksUrl, issuer: issuer.issuer, audience: issuer.audience }),
    signingKey,
    issuer: "https://app.example.com/jazz",
  });
}

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256", "EdDSA"] });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  signingKey = { ...(await exportJWK(privateKey)), kid: "bridge", alg: "ES256" };
  healthy = bridgeOver(issuer.jwksUrl);
  valid = await issuer.mint();
});
afterAll(() => issuer.close());

const WHITE_SPACE = [" ", "\t", "\n", "\u0085", "\u00a0", "\u2003", "\u2028", "\u3000", "\uFEFF", "\u200b"];
const subject = fc
  .array(fc.oneof(fc.constantFrom(...WHITE_SPACE), fc.constantFrom("a", "7", "-", "é", "😀")), { maxLength: 6 })
  .map((chars) => chars.join(""));

const keyMember = fc.record({
  member: fc.constantFrom("kty", "kid", "alg", "use", "key_ops", "crv", "x", "y", "n", "e", "d", "k", "ext"),
  value: fc.option(fc.jsonValue(), { nil: undefined }),
});

const request = fc.record({
  method: fc.constantFrom("POST", "POST", "POST", "GET", "HEAD", "PUT", "DELETE", "OPTIONS"),
  path: fc.constantFrom("/jazz/token", "/jazz/token", "/jazz/jwks", "/jazz/other", "/token/", "/"),
  authorization: fc.oneof(
    fc.constant({ kind: "valid" as const }),
    fc.record({
      kind: fc.constant("mutated" as const),
      changes: fc.array(tokenMutation, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant("subject" as const), sub: subject }),
    fc.record({ kind: fc.constant("raw" as const), value: fc.string({ maxLength: 80 }) }),
    fc.constant({ kind: "none" as const }),
  ),
  keys: fc.option(fc.array(keyMember, { minLength: 1, maxLength: 3 }), { nil: undefined }),
});

/** The provider key set with some members of the current keys replaced (or removed, for `undefined`). */
function damagedKeys(changes: readonly { member: string; value: unknown }[]): unknown {
  const keys = issuer.jwks().keys.map((key) => ({ ...key }) as Record<string, unknown>);
  changes.forEach(({ member, value }, i) => {
    const key = keys[i % keys.length] as Record<string, unknown>;
    if (value === undefined) delete key[member];
    else key[member] = value;
  });
  return { keys };
}

describe("fuzz: the bridge handler", () => {
  it(`answers ${RUNS} random requests without a throw or a 500, each outcome typed`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, authorization, keys }) => {
        let token: string | null = null;
        let expectedSub: string | null = null;
        if (authorization.kind === "valid") token = valid;
        if (authorization.kind === "mutated") token = authorization.changes.reduce(mutateToken, valid);
        if (authorization.kind === "subject") {
          token = await issuer.mint({ sub: authorization.sub });
          expectedSub = authorization.sub;
        }
        const header = authorization.kind === "raw" ? authorization.value : token === null ? null : `Bearer ${token}`;
        let incoming: Request;
        try {
          incoming = new Request(`https://app.example.com${path}`, {
            method,
            headers: header === null ? {} : { authorization: header },
          });
        } catch {
          fc.pre(false); // a header value no HTTP server can receive (a raw newline, say)
          return;
        }
        let bridge = healthy;
        if (keys) {
          issuer.jwksOverride = damagedKeys(keys);
          bridge = bridgeOver(issuer.jwksUrl);
        }
        let response: Response;
        try {
          response = await bridge.handler(incoming);
        } finally {
          issuer.jwksOverride = undefined;
        }
        expect([200, 401, 404, 405, 503]).toContain(response.status);
        const text = method === "HEAD" ? "" : await response.text();
        if (method === "HEAD") return;
        const body = JSON.parse(text) as { error?: string; token?: string; keys?: unknown[] };
        if (token && token.length >= 40) expect(text).not.toContain(token.slice(0, 40));
        if (response.status === 200 && path.endsWith("/token")) {
          const minted = JSON.parse(Buffer.from(body.token?.split(".")[1] ?? "", "base64url").toString());
          const sub = expectedSub ?? "user-1";
          expect(minted.sub).toBe(sub);
          expect(rustTrim(sub) === sub && sub.trim() === sub).toBe(true);
          expect(token === valid || authorization.kind === "subject" || keys !== undefined).toBe(true);
        } else if (response.status === 200) {
          expect(Array.isArray(body.keys)).toBe(true);
        } else if (response.status === 404 || response.status === 405) {
          expect(ROUTE_ERRORS.has(body.error ?? "")).toBe(true);
        } else {
          expect(Object.hasOwn(CODES, body.error ?? "")).toBe(true);
        }
        if (expectedSub !== null && !keys && method === "POST" && path.endsWith("/token")) {
          const verbatim = rustTrim(expectedSub) === expectedSub && expectedSub.trim() === expectedSub;
          const expected =
            rustTrim(expectedSub) === "" ? "ERR_CLAIM_INVALID" : verbatim ? "minted" : "ERR_SUBJECT_WHITESPACE";
          expect(response.status === 200 ? "minted" : body.error).toBe(expected);
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
