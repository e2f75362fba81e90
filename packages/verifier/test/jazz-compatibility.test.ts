import { createHmac } from "node:crypto";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { checkJazzCompatibility, compareJazzVerifiers, createVerifier, type JazzTarget } from "@jazz-auth/verifier";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeBase64Decode } from "../src/jazz-compatibility/lenient-base64";
import { readSerdeJson } from "../src/jazz-compatibility/serde-json";

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
const codes = (warnings: readonly { code: string }[]) => warnings.map((warning) => warning.code);
const TARGETS: JazzTarget[] = ["server", "backend"];

describe.each(TARGETS)("checkJazzCompatibility, target %s (the contract's cases)", (target) => {
  it("accepts a provider-shaped token and builds the session the strict verifier reports", async () => {
    const token = await issuer.mint({ sub: "user-42", claims: { role: "admin" } });
    const result = await checkJazzCompatibility(token, { jwksUrl: issuer.jwksUrl, target });
    expect(result).toMatchObject({
      target,
      outcome: "accepted",
      authMode: "external",
      session: { userId: "user-42", claims: { role: "admin", subject: "user-42", issuer: issuer.issuer } },
    });
    const strict = await createVerifier({
      jwks: issuer.jwks(),
      issuer: issuer.issuer,
      audience: issuer.audience,
    }).verify(token);
    expect(result.session).toEqual({ userId: strict.userId, claims: strict.claims });
    expect(codes(result.warnings)).toContain("iss-aud-unchecked");
  });

  it("accepts HS256 from an oct key without exp, and warns about both (contract test 1)", async () => {
    const result = await checkJazzCompatibility(await hs256({ sub: "alice", claims: { role: "admin" } }), {
      jwks: octJwks,
      target,
    });
    expect(result.outcome).toBe("accepted");
    expect(result.session?.claims).toEqual({ role: "admin", subject: "alice" });
    expect(codes(result.warnings)).toEqual(expect.arrayContaining(["hmac-token", "oct-keys-published", "no-exp"]));
  });

  it("says invalid for another secret (contract test 2) and for an empty key set (test 3)", async () => {
    const other = new TextEncoder().encode("another-secret-another-secret-xx");
    const forged = await checkJazzCompatibility(await hs256({ sub: "a" }, "test-jwks-kid", other), {
      jwks: octJwks,
      target,
    });
    expect(forged).toMatchObject({ outcome: "invalid", reasonCode: "signature-invalid" });
    const empty = await checkJazzCompatibility(await hs256({ sub: "a" }), { jwks: { keys: [] }, target });
    expect(empty).toMatchObject({ outcome: "invalid", reasonCode: "jwks-unavailable" });
  });

  it("says invalid, not expired, for a badly signed expired token (rule 19)", async () => {
    const expired = await issuer.mint({ exp: now() - 60, iat: now() - 120 });
    expect(await checkJazzCompatibility(expired, { jwks: issuer.jwks(), target })).toMatchObject({
      outcome: "expired",
      reasonCode: "expired",
    });
    const forged = await issuer.mint(
      { exp: now() - 60 },
      { foreignKey: true, kid: issuer.jwks().keys[0]?.kid ?? null },
    );
    expect((await checkJazzCompatibility(forged, { jwks: issuer.jwks(), target })).reasonCode).toBe(
      "signature-invalid",
    );
  });

  it("matches kid exactly and never matches a key without kid to a token with one (rule 16)", async () => {
    const token = await issuer.mint({}, { kid: "rotated-away" });
    expect((await checkJazzCompatibility(token, { jwks: issuer.jwks(), target })).reasonCode).toBe("no-matching-key");
    const withoutKids = { keys: issuer.jwks().keys.map(({ kid: _kid, ...key }) => key) };
    const result = await checkJazzCompatibility(await issuer.mint(), { jwks: withoutKids, target });
    expect(result.reasonCode).toBe("no-matching-key");
    expect(codes(result.warnings)).toContain("kid-less-keys");
    const noKid = await checkJazzCompatibility(await issuer.mint({}, { kid: null }), { jwks: withoutKids, target });
    expect(noKid.outcome).toBe("accepted");
  });

  it("reports an endpoint that fails as jwks-unavailable", async () => {
    issuer.mode = "error";
    try {
      const result = await checkJazzCompatibility(await issuer.mint(), { jwksUrl: issuer.jwksUrl, target });
      expect(result).toMatchObject({ outcome: "invalid", reasonCode: "jwks-unavailable" });
    } finally {
      issuer.mode = "ok";
    }
  });

  it("never throws, and types every outcome, for inputs that are not tokens at all", async () => {
    for (const input of ["", "   ", ".", "..", "a.b.c", "%%%.%%%.%%%", "\u0000", 42 as unknown as string]) {
      const result = await checkJazzCompatibility(input, { jwks: octJwks, target });
      expect(result.outcome).toBe("invalid");
      expect(result.reasonCode).toEqual(expect.any(String));
    }
  });
});

describe("compareJazzVerifiers", () => {
  it("agrees on a well-formed token", async () => {
    const comparison = await compareJazzVerifiers(await issuer.mint({ sub: "user-1", claims: { role: "x" } }), {
      jwks: issuer.jwks(),
    });
    expect(comparison).toMatchObject({ agree: true, differences: [] });
    expect(comparison.server.target).toBe("server");
    expect(comparison.backend.target).toBe("backend");
  });

  it("reports the outcome when exp is null (auth.rs:188 vs request-auth.ts:301)", async () => {
    const input = `${Buffer.from('{"alg":"HS256","kid":"test-jwks-kid"}').toString("base64url")}.${Buffer.from('{"sub":"a","exp":null}').toString("base64url")}`;
    const token = `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    const comparison = await compareJazzVerifiers(token, { jwks: octJwks });
    expect(comparison.agree).toBe(false);
    expect(comparison.differences).toEqual([{ aspect: "outcome", server: "accepted", backend: "invalid" }]);
  });

  it("reports user id and claims when trimming and issuer rules differ (auth.rs:895, 914-917 vs client-session.ts:32, 108-110)", async () => {
    const comparison = await compareJazzVerifiers(await hs256({ sub: "\u0085bob" }), { jwks: octJwks });
    expect(comparison.differences).toEqual([
      { aspect: "userId", server: "bob", backend: "\u0085bob" },
      { aspect: "claims", server: { subject: "bob", issuer: null }, backend: { subject: "\u0085bob" } },
    ]);
  });
});

describe("the readers the predictor is built on", () => {
  it("decodes base64 exactly as Node's Buffer does (client-session.ts:59)", () => {
    const alphabet = "ABab09+/-_= .!\n\u00e9";
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 5000; n++) {
      let text = "";
      for (let i = Math.floor(random() * 14); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(Buffer.from(nodeBase64Decode(text)).equals(Buffer.from(text, "base64")), JSON.stringify(text)).toBe(true);
    }
  });

  it.each([
    ["a BOM", [0xef, 0xbb, 0xbf, 0x7b, 0x7d], true],
    ["trailing characters", [...Buffer.from("{} x")], true],
    ["a raw control character in a string", [...Buffer.from('"a\u0001"')], true],
    ["a plain object", [...Buffer.from('{"a":[1,-0,1.0,1e3,"\\ud800"]}')], false],
  ])("refuses or reads %s as serde_json does", (_label, input, refused) => {
    expect("error" in readSerdeJson(Uint8Array.from(input))).toBe(refused);
  });

  it("classifies numbers as serde_json's ParserNumber (de.rs parse_integer/parse_number)", () => {
    const kinds = (text: string) => {
      const node = readSerdeJson(Buffer.from(text));
      return node && "t" in node && node.t === "arr"
        ? node.items.map((item) => (item.t === "num" ? item.kind : item.t))
        : [];
    };
    expect(kinds("[0, 18446744073709551615, 18446744073709551616, -1, -0, 1.0, 1e3, -9223372036854775809]")).toEqual([
      "u64",
      "u64",
      "f64",
      "i64",
      "f64",
      "f64",
      "f64",
      "f64",
    ]);
  });
});
