import { createTestIssuer } from "@jazz-auth/testing";
import { createVerifier } from "@jazz-auth/verifier";
import { jazzAuth as expressAuth } from "@jazz-auth/verifier/express";
import { jazzAuth as fastifyAuth } from "@jazz-auth/verifier/fastify";
import { jazzAuth as honoAuth } from "@jazz-auth/verifier/hono";
import { withJazzAuth } from "@jazz-auth/verifier/next";
import { describe, expect, it } from "vitest";
import { authenticateRequest, readBearerToken, refusalFor } from "../../src/request-auth";

describe("readBearerToken: Jazz's backend rules (packages/jazz-tools/src/backend/request-auth.ts:37-74)", () => {
  it.each([
    ["Bearer abc", { kind: "token", token: "abc" }],
    ["Bearer   abc  ", { kind: "token", token: "abc" }],
    // trim() drops U+00A0 and U+FEFF too (line 68), not only HTTP's spaces and tabs.
    ["Bearer \u00a0abc\ufeff", { kind: "token", token: "abc" }],
    // A joined Headers value keeps its comma: the verifier refuses it as a malformed token.
    ["Bearer a, Bearer b", { kind: "token", token: "a, Bearer b" }],
    [["Bearer first", "Bearer second"], { kind: "token", token: "first" }],
    [undefined, { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    [null, { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    ["", { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    [[], { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    ["Basic dXNlcjpwYXNz", { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    ["Bearerabc", { kind: "refused", code: "ERR_NO_CREDENTIALS" }],
    ["bearer abc", { kind: "refused", code: "ERR_BEARER_SCHEME" }],
    ["BEARER abc", { kind: "refused", code: "ERR_BEARER_SCHEME" }],
    ["Bearer\tabc", { kind: "refused", code: "ERR_BEARER_SCHEME" }],
    ["Bearer", { kind: "refused", code: "ERR_EMPTY_TOKEN" }],
    ["Bearer \u00a0", { kind: "refused", code: "ERR_EMPTY_TOKEN" }],
    ["bearer", { kind: "refused", code: "ERR_EMPTY_TOKEN" }],
  ] as const)("%j → %j", (value, reading) => {
    expect(readBearerToken(value)).toEqual(reading);
  });
});

describe("refusalFor: RFC 6750 §3 and §3.1", () => {
  it("sends a realm with every challenge (the scheme MUST be followed by an auth-param)", () => {
    expect(refusalFor("ERR_NO_CREDENTIALS", "api").headers["www-authenticate"]).toBe('Bearer realm="api"');
    expect(refusalFor("ERR_EXPIRED", "api").headers["www-authenticate"]).toBe(
      'Bearer realm="api", error="invalid_token", error_description="ERR_EXPIRED"',
    );
  });

  it("gives each code its status", () => {
    expect(refusalFor("ERR_NO_CREDENTIALS").status).toBe(401);
    expect(refusalFor("ERR_BEARER_SCHEME").status).toBe(400);
    expect(refusalFor("ERR_EMPTY_TOKEN").status).toBe(400);
    expect(refusalFor("ERR_SIGNATURE_INVALID").status).toBe(401);
    expect(refusalFor("ERR_JWKS_UNAVAILABLE")).toMatchObject({ status: 503, body: { code: "ERR_JWKS_UNAVAILABLE" } });
    expect(refusalFor("ERR_JWKS_UNAVAILABLE").headers["www-authenticate"]).toBeUndefined();
  });

  it("sends Retry-After on a 503 only, and only a whole number of seconds the verifier gave", () => {
    expect(refusalFor("ERR_JWKS_UNAVAILABLE", "jazz", 7).headers["retry-after"]).toBe("7");
    expect(refusalFor("ERR_JWKS_UNAVAILABLE").headers["retry-after"]).toBeUndefined();
    for (const odd of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusalFor("ERR_JWKS_UNAVAILABLE", "jazz", odd).headers["retry-after"]).toBeUndefined();
    }
    expect(refusalFor("ERR_SIGNATURE_INVALID", "jazz", 7).headers["retry-after"]).toBeUndefined();
  });
});

describe("authenticateRequest with a multi-issuer verifier", () => {
  it("attaches which configured issuer verified the token", async () => {
    const [staging, production] = await Promise.all([createTestIssuer(), createTestIssuer()]);
    try {
      const verifier = createVerifier({
        issuers: [
          { name: "staging", jwksUrl: staging.jwksUrl, issuer: staging.issuer, audience: staging.audience },
          { name: "production", jwksUrl: production.jwksUrl, issuer: production.issuer, audience: production.audience },
        ],
      });
      const names = [];
      for (const issuer of [production, staging]) {
        const outcome = await authenticateRequest(`Bearer ${await issuer.mint()}`, { verifier });
        names.push(outcome.ok ? [outcome.auth.issuerName, outcome.auth.issuer] : outcome.refusal.body.code);
      }
      expect(names).toEqual([
        ["production", production.issuer],
        ["staging", staging.issuer],
      ]);
    } finally {
      await Promise.all([staging.close(), production.close()]);
    }
  });
});

describe("options", () => {
  const verifier = createVerifier({ secret: "0123456789abcdef0123456789abcdef", issuer: "i", audience: "a" });

  it("refuses a realm a quoted string cannot hold when the middleware is built", () => {
    for (const realm of ['a"b', "a\\b", "a\nb", "é"]) {
      expect(() => honoAuth({ verifier, realm })).toThrow(TypeError);
      expect(() => expressAuth({ verifier, realm })).toThrow(TypeError);
      expect(() => fastifyAuth({ verifier, realm })).toThrow(TypeError);
      expect(() => withJazzAuth(() => new Response(), { verifier, realm })).toThrow(TypeError);
    }
  });

  it("rethrows what is not a refusal (a bug in the verifier is not a 401)", async () => {
    const broken = { verify: () => Promise.reject(new RangeError("boom")) };
    await expect(authenticateRequest("Bearer abc", { verifier: broken })).rejects.toThrow(RangeError);
  });
});

describe("authenticateRequest and expiry", () => {
  it("refuses a token at or past exp with no leeway, as Jazz's backend does (ensureJwtNotExpired: exp <= now)", async () => {
    const issuer = await createTestIssuer();
    try {
      const verifier = createVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
      const now = Math.floor(Date.now() / 1000);
      const outcome = await authenticateRequest(`Bearer ${await issuer.mint({ iat: now - 600, exp: now - 2 })}`, {
        verifier,
      });
      expect(outcome.ok ? "accepted" : outcome.refusal.body.code).toBe("ERR_EXPIRED");
    } finally {
      await issuer.close();
    }
  });
});
