import { createHmac } from "node:crypto";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { checkJazzCompatibility, createVerifier } from "@jazz-auth/verifier";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256"] });
});
afterAll(() => issuer.close());

const now = () => Math.floor(Date.now() / 1000);
const secret = new TextEncoder().encode("jazz-hs256-test-secret-0123456789");
const octJwks = {
  keys: [{ kty: "oct", kid: "test-jwks-kid", alg: "HS256", k: Buffer.from(secret).toString("base64url") }],
};
const hs256 = (claims: Record<string, unknown>, kid = "test-jwks-kid", key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid }).sign(key);

describe("checkJazzCompatibility (jazz-contract.md §1-2)", () => {
  it("accepts a signed token and builds the session Jazz builds", async () => {
    const token = await issuer.mint({ sub: "user-42", claims: { role: "admin" } });
    const result = await checkJazzCompatibility(token, { jwksUrl: issuer.jwksUrl });
    expect(result).toMatchObject({
      outcome: "accepted",
      session: { userId: "user-42", claims: { role: "admin", subject: "user-42", issuer: issuer.issuer } },
    });
    const strict = await createVerifier({
      jwks: issuer.jwks(),
      issuer: issuer.issuer,
      audience: issuer.audience,
    }).verify(token);
    expect(result.session).toEqual({ userId: strict.userId, claims: strict.claims });
  });

  it("accepts HS256 from an oct key without exp, and warns about both (contract test 1)", async () => {
    const result = await checkJazzCompatibility(await hs256({ sub: "alice", claims: { role: "admin" } }), {
      jwks: octJwks,
    });
    expect(result.outcome).toBe("accepted");
    expect(result.session?.claims).toEqual({ role: "admin", subject: "alice" });
    const flat = await checkJazzCompatibility(await hs256({ sub: "bob" }), { jwks: octJwks });
    expect(flat.session?.claims).toEqual({ subject: "bob", issuer: null });
    expect(result.warnings.join("\n")).toMatch(/HMAC/);
    expect(result.warnings.join("\n")).toMatch(/no `exp`/);
  });

  it("says invalid for another secret, and for an empty key set (contract tests 2-3)", async () => {
    const other = new TextEncoder().encode("another-secret-another-secret-xx");
    expect(
      (await checkJazzCompatibility(await hs256({ sub: "a" }, "test-jwks-kid", other), { jwks: octJwks })).outcome,
    ).toBe("invalid");
    const emptyKeys = await checkJazzCompatibility(await hs256({ sub: "a" }), { jwks: { keys: [] } });
    expect(emptyKeys).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/unable to load JWKS/) });
  });

  it("says expired for a good signature past exp, invalid when the signature is bad too (rule 19)", async () => {
    const expired = await issuer.mint({ exp: now() - 60, iat: now() - 120 });
    expect((await checkJazzCompatibility(expired, { jwks: issuer.jwks() })).outcome).toBe("expired");
    const forged = await issuer.mint({ exp: now() - 60 }, { foreignKey: true });
    expect((await checkJazzCompatibility(forged, { jwks: issuer.jwks() })).outcome).toBe("invalid");
  });

  it("treats exp equal to now as expired, with no leeway", async () => {
    const at = new Date(Date.now());
    const token = await issuer.mint({ exp: Math.floor(at.getTime() / 1000) });
    expect((await checkJazzCompatibility(token, { jwks: issuer.jwks(), now: at })).outcome).toBe("expired");
  });

  it("matches kid exactly and never matches a key without kid to a token with one (rule 16)", async () => {
    const token = await issuer.mint({}, { kid: "rotated-away" });
    expect(await checkJazzCompatibility(token, { jwks: issuer.jwks() })).toMatchObject({
      outcome: "invalid",
      reason: "no JWKS key matched token kid 'rotated-away'",
    });
    const withoutKids = { keys: issuer.jwks().keys.map(({ kid: _kid, ...key }) => key) };
    const result = await checkJazzCompatibility(await issuer.mint(), { jwks: withoutKids });
    expect(result.outcome).toBe("invalid");
    expect(result.warnings.join()).toMatch(/without `kid`/);
    expect((await checkJazzCompatibility(await issuer.mint({}, { kid: null }), { jwks: withoutKids })).outcome).toBe(
      "accepted",
    );
  });

  it.each([
    ["a numeric sub", { sub: 42 }, /`sub`/],
    ["a blank sub", { sub: "   " }, /Invalid JWT subject/],
    ["a fractional exp", { exp: now() + 60.5 }, /`exp`/],
    ["a negative iat", { iat: -1 }, /`iat`/],
    ["a numeric iss", { iss: 7 }, /`iss`/],
  ])("says invalid for %s (rules 17 and 20)", async (_label, claims, reason) => {
    const result = await checkJazzCompatibility(await issuer.mint(claims), { jwks: issuer.jwks() });
    expect(result).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(reason) });
  });

  it("ignores iss, aud, nbf and crit, and warns about them", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const input = `${encode({ alg: "HS256", kid: "test-jwks-kid", crit: ["exp"], exp: 1 })}.${encode({
      sub: "alice",
      exp: now() + 60,
      iss: "https://someone-else.example",
      aud: "another-app",
      nbf: now() + 3600,
      role: "admin",
    })}`;
    const mac = createHmac("sha256", secret).update(input).digest("base64url");
    const result = await checkJazzCompatibility(`${input}.${mac}`, { jwks: octJwks });
    expect(result.outcome).toBe("accepted");
    const warnings = result.warnings.join("\n");
    for (const pattern of [/neither `iss` nor `aud`/, /`nbf`/, /`crit`/, /top-level claims \(role\)/])
      expect(warnings).toMatch(pattern);
  });

  it("rejects algorithms Jazz cannot represent", async () => {
    const es512 = await createTestIssuer({ algorithms: ["ES512"] });
    try {
      const result = await checkJazzCompatibility(await es512.mint(), { jwks: es512.jwks() });
      expect(result).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/cannot verify alg "ES512"/) });
    } finally {
      await es512.close();
    }
  });

  it("sends self-signed tokens down Jazz's local-first path", async () => {
    const result = await checkJazzCompatibility(await issuer.mint({ iss: "urn:jazz:local-first" }), {
      jwks: issuer.jwks(),
    });
    expect(result).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/verifyLocalFirstProof/) });
  });

  it("reports an unreachable JWKS URL as invalid, like the server", async () => {
    issuer.mode = "error";
    try {
      const result = await checkJazzCompatibility(await issuer.mint(), { jwksUrl: issuer.jwksUrl });
      expect(result).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/unable to load JWKS/) });
    } finally {
      issuer.mode = "ok";
    }
  });
});
