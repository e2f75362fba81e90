import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createTestIssuer } from "@jazz-auth/testing";
import { createJazzTokenBridge, createVerifier } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ecPointProblem } from "../src/ec-curves";
import { PRIVATE_JWK_MEMBERS, publicKeyProblem, withoutPrivateMaterial } from "../src/jwk-hygiene";
import { quoteUntrusted } from "../src/untrusted-text";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const publicJwk = (type: "rsa" | "ec" | "ed25519", options: object = {}): Record<string, unknown> =>
  (generateKeyPairSync as (type: string, options: object) => { publicKey: KeyObject })(type, options).publicKey.export({
    format: "jwk",
  }) as Record<string, unknown>;
/** An Ed25519 point of order 8 (libsodium's blocklist). */
const ORDER_8 = Buffer.from("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "hex").toString(
  "base64url",
);

describe("publicKeyProblem", () => {
  it("passes sound RSA, EC (P-256, P-384, P-521) and Ed25519 keys", () => {
    expect(publicKeyProblem(publicJwk("rsa", { modulusLength: 2048 }))).toBeNull();
    for (const namedCurve of ["P-256", "P-384", "P-521"])
      expect(publicKeyProblem(publicJwk("ec", { namedCurve }))).toBeNull();
    expect(publicKeyProblem(publicJwk("ed25519"))).toBeNull();
  });

  it.each([
    ["an RSA modulus of 2047 bits", { ...publicJwk("rsa", { modulusLength: 2047 }) }, /2047 bits/],
    [
      "an RSA exponent of 3 is fine, 65536 is even",
      { ...publicJwk("rsa", { modulusLength: 2048 }), e: b64(new Uint8Array([1, 0, 0])) },
      /even/,
    ],
    [
      "a P-521 point off the curve",
      (() => {
        const key = publicJwk("ec", { namedCurve: "P-521" });
        const y = Buffer.from(String(key.y), "base64url");
        y[65] = (y[65] ?? 0) ^ 1;
        return { ...key, y: b64(y) };
      })(),
      /not a point on P-521/,
    ],
    [
      "an EC key on a curve JOSE's ECDSA does not name",
      { ...publicJwk("ec", { namedCurve: "P-256" }), crv: "secp256k1" },
      /does not name/,
    ],
    ["an Ed448 key", { kty: "OKP", crv: "Ed448", x: "AAAA" }, /Ed448/],
    ["an Ed25519 point of order 8", { kty: "OKP", crv: "Ed25519", x: ORDER_8 }, /small order/],
    ["key material in standard base64", { ...publicJwk("ed25519"), x: "++//" }, /base64url/],
    ["a symmetric key", { kty: "oct", k: "AAAA" }, /symmetric/],
    ["an unknown key type", { kty: "PQ" }, /"PQ"/],
    ["a kid that is an object", { ...publicJwk("ed25519"), kid: { a: 1 } }, /`kid`/],
  ])("refuses %s", (_name, key, message) => {
    expect(publicKeyProblem(key as Record<string, unknown>)).toMatch(message);
  });

  it("keeps the RSA exponent 3 (odd, at least 3)", () => {
    expect(publicKeyProblem({ ...publicJwk("rsa", { modulusLength: 2048 }), e: b64(new Uint8Array([3])) })).toBeNull();
  });
});

describe("ecPointProblem", () => {
  it("refuses a coordinate at or above the field prime", () => {
    const p256 = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
    const bytes = Buffer.from(p256.toString(16), "hex");
    expect(ecPointProblem("P-256", bytes, bytes)).toMatch(/outside the field/);
  });
});

describe("withoutPrivateMaterial", () => {
  it("drops every member of the one list, an oct key's k included", () => {
    const key = Object.fromEntries([...PRIVATE_JWK_MEMBERS, "kty", "kid"].map((member) => [member, "x"])) as JWK;
    expect(withoutPrivateMaterial(key)).toEqual({ kty: "x", kid: "x" });
    expect(PRIVATE_JWK_MEMBERS).toContain("k");
  });
});

describe("quoteUntrusted", () => {
  it("quotes, escapes every control, bidi and invisible character, and cuts at 64", () => {
    expect(quoteUntrusted('a"\\\u001b[2J\u009b\u202e\u200b\uFEFF\u2028\ud800\u{e0041}')).toBe(
      '"a\\"\\\\\\u001b[2J\\u009b\\u202e\\u200b\\ufeff\\u2028\\ud800\\u{e0041}"',
    );
    expect(quoteUntrusted("x".repeat(100))).toBe(`"${"x".repeat(64)}…"`);
    expect(quoteUntrusted(5)).toBe('"5"');
  });
});

describe("the bridge on a runtime without node:crypto (an edge runtime)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("checks the key on WebCrypto in `ready`: a TypeError there and from exchange, a 500, never unhandled", async () => {
    vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined as never);
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    const issuer = await createTestIssuer();
    try {
      const { privateKey } = await generateKeyPair("ES256", { extractable: true });
      const { privateKey: other } = await generateKeyPair("ES256", { extractable: true });
      const mismatched = {
        ...(await exportJWK(privateKey)),
        d: (await exportJWK(other)).d as string,
        kid: "k",
        alg: "ES256",
      };
      const bridge = createJazzTokenBridge({
        verifier: createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience }),
        signingKey: mismatched,
        issuer: "https://app.example.com/jazz",
      });
      await expect(bridge.ready).rejects.toBeInstanceOf(TypeError);
      await expect(bridge.exchange(await issuer.mint())).rejects.toBeInstanceOf(TypeError);
      const response = await bridge.handler(
        new Request("https://app.example.com/jazz/token", {
          method: "POST",
          headers: { authorization: `Bearer ${await issuer.mint()}` },
        }),
      );
      expect(response.status).toBe(500);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
      await issuer.close();
    }
  });
});
