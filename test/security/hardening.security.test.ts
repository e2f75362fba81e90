/**
 * The hardening group of the security catalog (issue 10 §2): user ids under Jazz's trimming, key-set
 * hygiene in the verifier and the bridge alike, a bridge that checks its signing key at
 * construction, and error messages that never carry token content raw. Every case asserts the
 * exact typed code (or `TypeError` for a configuration the bridge refuses).
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import {
  createJazzTokenBridge,
  type JazzTokenBridgeOptions,
  jazzSessionClaims,
  VerificationError,
  type Verifier,
} from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, verifierFor } from "./verifier-under-test";

const b64 = (data: string | Uint8Array) => Buffer.from(data).toString("base64url");
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

let issuer: TestIssuer;
let strict: Verifier;
let signingKey: JWK;

async function privateJwk(alg: string, kid = `bridge-${alg}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg };
}

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256"] });
  strict = createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience });
  signingKey = await privateJwk("ES256");
});
afterAll(() => issuer.close());

function bridge(extra: Partial<JazzTokenBridgeOptions> = {}) {
  return createJazzTokenBridge({ verifier: strict, signingKey, issuer: "https://app.example.com/jazz", ...extra });
}

const post = (token: string) =>
  new Request("https://app.example.com/jazz/token", { method: "POST", headers: { authorization: `Bearer ${token}` } });

/** An RSA-2048 public JWK with a chosen public exponent. */
function rsaWithExponent(exponent: number, kid: string): JWK {
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
  return { kty: "RSA", n: jwk.n, e: b64(Buffer.from([exponent])), kid, alg: "RS256" } as JWK;
}

/** With e = 1, `s^e mod n = s`: the PKCS#1 v1.5 encoding of the hash is itself a valid signature. */
function forgeRs256ForExponentOne(kid: string): string {
  const input = `${b64(JSON.stringify({ alg: "RS256", kid }))}.${b64(
    JSON.stringify({
      sub: "admin",
      iss: issuer.issuer,
      aud: issuer.audience,
      exp: Math.floor(Date.now() / 1000) + 600,
    }),
  )}`;
  const digestInfo = Buffer.concat([
    Buffer.from("3031300d060960864801650304020105000420", "hex"),
    createHash("sha256").update(input).digest(),
  ]);
  const encoded = Buffer.concat([
    Buffer.from([0, 1]),
    Buffer.alloc(256 - 3 - digestInfo.length, 0xff),
    Buffer.from([0]),
    digestInfo,
  ]);
  return `${input}.${b64(encoded)}`;
}

/** The Ed25519 identity point (y = 1): `[S]B = R + [k]A` holds for R = identity, S = 0, any message. */
const IDENTITY_POINT = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);

function forgeEdDsaForIdentityKey(kid: string): string {
  const input = `${b64(JSON.stringify({ alg: "EdDSA", kid }))}.${b64(
    JSON.stringify({
      sub: "admin",
      iss: issuer.issuer,
      aud: issuer.audience,
      exp: Math.floor(Date.now() / 1000) + 600,
    }),
  )}`;
  return `${input}.${b64(Buffer.concat([IDENTITY_POINT, Buffer.alloc(32)]))}`;
}

/** A P-256 public JWK whose point is moved off the curve. */
function offCurve(jwk: JWK): JWK {
  const y = Buffer.from(jwk.y ?? "", "base64url");
  y[31] = (y[31] ?? 0) ^ 1;
  return { ...jwk, y: b64(y) };
}

const staticVerifier = (keys: JWK[]) =>
  createVerifier({ jwks: { keys }, issuer: issuer.issuer, audience: issuer.audience });

describe("security catalog: user ids under Jazz's trimming (Rust str::trim, auth.rs:895)", () => {
  it.each([
    ["H-01 a trailing U+0085 (NEL), which Rust trims and JavaScript keeps", "user-1\u0085", "user-1"],
    ["H-02 a leading U+FEFF (BOM), which Rust keeps and JavaScript trims", "\uFEFFuser-1", "\uFEFFuser-1"],
    ["H-03 a leading U+3000 and a trailing U+2029, which both trim", "\u3000user-1\u2029", "user-1"],
  ])("%s: userId is the Jazz server's", async (_name, sub, userId) => {
    expect((await strict.verify(await issuer.mint({ sub }))).userId).toBe(userId);
  });

  it("H-04 a sub of only U+0085 is ERR_CLAIM_INVALID (the Jazz server: Invalid JWT subject)", async () => {
    expect(await outcomeOf(strict.verify(await issuer.mint({ sub: "\u0085" })))).toBe("ERR_CLAIM_INVALID");
  });

  it("H-05 session.claims.subject and .issuer are Rust-trimmed too", () => {
    expect(jazzSessionClaims({ iss: "\u0085https://a.example\uFEFF" }, "u")).toEqual({
      subject: "u",
      issuer: "https://a.example\uFEFF",
    });
    expect(jazzSessionClaims({ iss: "\u0085" }, "u")).toEqual({ subject: "u", issuer: null });
  });

  it.each([
    ["H-06 a trailing U+0085", "user-1\u0085"],
    ["H-07 a leading ASCII space", " user-1"],
    ["H-08 a trailing U+2003 (em space)", "user-1\u2003"],
  ])("%s in the provider's sub: the bridge refuses with ERR_SUBJECT_WHITESPACE", async (_name, sub) => {
    const providerToken = await issuer.mint({ sub });
    expect(await outcomeOf(bridge().exchange(providerToken))).toBe("ERR_SUBJECT_WHITESPACE");
    const response = await bridge().handler(post(providerToken));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe("ERR_SUBJECT_WHITESPACE");
  });

  it("H-09 a mapped subject that Jazz would trim is ERR_SUBJECT_WHITESPACE, even from a clean sub", async () => {
    const mapped = bridge({ subject: (verified) => `firebase:${verified.userId}\u0085` });
    expect(await outcomeOf(mapped.exchange(await issuer.mint()))).toBe("ERR_SUBJECT_WHITESPACE");
  });

  it("H-10 a mapped subject that is not a string is ERR_CLAIM_INVALID, never a TypeError or a 500", async () => {
    const mapped = bridge({ subject: () => 42 as unknown as string });
    expect(await outcomeOf(mapped.exchange(await issuer.mint()))).toBe("ERR_CLAIM_INVALID");
    expect((await mapped.handler(post(await issuer.mint()))).status).toBe(401);
  });

  it("H-11 a leading U+FEFF, which the Rust server keeps but the TS backend trims, is ERR_SUBJECT_WHITESPACE too", async () => {
    expect(await outcomeOf(bridge().exchange(await issuer.mint({ sub: "\uFEFFuser-1" })))).toBe(
      "ERR_SUBJECT_WHITESPACE",
    );
  });

  it("H-11b a sub with white space inside is minted verbatim", async () => {
    const { token } = await bridge().exchange(await issuer.mint({ sub: "user\u00851" }));
    expect(payloadOf(token).sub).toBe("user\u00851");
  });
});

describe("security catalog: key-set hygiene in the verifier", () => {
  it("H-12 an RSA key with e = 1 (a signature anyone can forge) is ERR_KEY_UNUSABLE", async () => {
    const verifier = staticVerifier([rsaWithExponent(1, "rsa-e1")]);
    expect(await outcomeOf(verifier.verify(forgeRs256ForExponentOne("rsa-e1")))).toBe("ERR_KEY_UNUSABLE");
  });

  it("H-13 an RSA key with an even exponent is ERR_KEY_UNUSABLE", async () => {
    const verifier = staticVerifier([rsaWithExponent(4, "rsa-e4")]);
    expect(await outcomeOf(verifier.verify(forgeRs256ForExponentOne("rsa-e4")))).toBe("ERR_KEY_UNUSABLE");
  });

  it("H-14 an RSA public key given as a PEM with e = 1 is ERR_KEY_UNUSABLE", async () => {
    const jwk = rsaWithExponent(1, "pem");
    const { createPublicKey } = await import("node:crypto");
    const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ type: "spki", format: "pem" });
    const verifier = createVerifier({ publicKey: String(pem), issuer: issuer.issuer, audience: issuer.audience });
    expect(await outcomeOf(verifier.verify(forgeRs256ForExponentOne("pem")))).toBe("ERR_KEY_UNUSABLE");
  });

  it("H-15 an Ed25519 key of small order (the identity: any signature forges) is ERR_KEY_UNUSABLE", async () => {
    const verifier = staticVerifier([
      { kty: "OKP", crv: "Ed25519", x: b64(IDENTITY_POINT), kid: "ed-id", alg: "EdDSA" },
    ]);
    expect(await outcomeOf(verifier.verify(forgeEdDsaForIdentityKey("ed-id")))).toBe("ERR_KEY_UNUSABLE");
  });

  it("H-16 an EC key whose point is off the curve, or whose coordinate is not the curve's size, is ERR_KEY_UNUSABLE", async () => {
    const [published] = issuer.jwks().keys as [JWK];
    const token = await issuer.mint();
    expect(await outcomeOf(staticVerifier([offCurve(published)]).verify(token))).toBe("ERR_KEY_UNUSABLE");
    const padded = {
      ...published,
      x: b64(Buffer.concat([Buffer.from([0]), Buffer.from(published.x ?? "", "base64url")])),
    };
    expect(await outcomeOf(staticVerifier([padded]).verify(token))).toBe("ERR_KEY_UNUSABLE");
  });

  it.each([
    ["key_ops as a string", { key_ops: "verify" }],
    ["key_ops as a number", { key_ops: 5 }],
    ["key_ops with a non-string entry", { key_ops: ["verify", 5] }],
    ["use as a number", { use: 5 }],
    ["use as an array", { use: ["sig"] }],
    ["alg as a number", { alg: 256 }],
    ["x as a number", { x: 5 }],
    ["y missing", { y: undefined }],
  ])("H-17 a matching key with %s is ERR_KEY_UNUSABLE, never a TypeError", async (_name, change) => {
    const [published] = issuer.jwks().keys as [JWK];
    const key = { ...published, ...change } as JWK;
    expect(await outcomeOf(staticVerifier([key]).verify(await issuer.mint()))).toBe("ERR_KEY_UNUSABLE");
  });

  it.each(["d", "p", "q", "dp", "dq", "qi", "oth", "k"])(
    "H-18 a fetched set with a key carrying %s (private material) is refused whole: ERR_JWKS_UNAVAILABLE",
    async (member) => {
      const remote = await createTestIssuer({ algorithms: ["ES256"] });
      try {
        remote.jwksOverride = { keys: [...remote.jwks().keys, { kty: "oct", kid: "other", [member]: "AAAA" }] };
        expect(await outcomeOf(verifierFor(remote).verify(await remote.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
      } finally {
        await remote.close();
      }
    },
  );

  it("H-19 a `jwks` option with private material (an oct key's k included) is a TypeError at construction", () => {
    const keys = [...issuer.jwks().keys, { kty: "oct", kid: "hmac", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" }];
    expect(() => createVerifier({ jwks: { keys }, issuer: "x", audience: "y" })).toThrow(TypeError);
  });

  it("H-20 a malformed key member reaches the bridge handler as a 401, never a 500", async () => {
    const [published] = issuer.jwks().keys as [JWK];
    const broken = createVerifier({
      jwks: { keys: [{ ...published, key_ops: 5 } as unknown as JWK] },
      issuer: issuer.issuer,
      audience: issuer.audience,
    });
    const response = await bridge({ verifier: broken }).handler(post(await issuer.mint()));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe("ERR_KEY_UNUSABLE");
  });
});

describe("security catalog: the bridge's own keys", () => {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", listener);
  });
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled.splice(0)).toEqual([]);
  });
  afterAll(() => {
    process.off("unhandledRejection", listener);
  });

  it("H-21 a signing key with a broken private part is a TypeError at construction, and no unhandled rejection", () => {
    expect(() => bridge({ signingKey: { ...signingKey, d: "AAAA" } })).toThrow(TypeError);
  });

  it("H-22 a signing key whose private part does not match its public part is a TypeError at construction (without node:crypto: from `ready` and `exchange`)", async () => {
    const other = await privateJwk("ES256");
    const mismatched = { ...signingKey, d: other.d as string };
    if (process.getBuiltinModule("node:crypto")) {
      expect(() => bridge({ signingKey: mismatched })).toThrow(TypeError);
      return;
    }
    // An edge runtime has no synchronous crypto: the test signature is checked asynchronously.
    const edge = bridge({ signingKey: mismatched });
    await expect(edge.ready).rejects.toBeInstanceOf(TypeError);
    await expect(edge.exchange(await issuer.mint())).rejects.toBeInstanceOf(TypeError);
  });

  it("H-23 an RSA-1024 signing key is a TypeError at construction", () => {
    const jwk = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "jwk" });
    expect(() => bridge({ signingKey: { ...jwk, kid: "rsa-1024", alg: "RS256" } as JWK })).toThrow(TypeError);
  });

  it("H-24 an off-curve signing key is a TypeError at construction", () => {
    expect(() => bridge({ signingKey: offCurve(signingKey) })).toThrow(TypeError);
  });

  it.each([
    ["an RSA key with e = 1", () => rsaWithExponent(1, "old-rsa")],
    ["an off-curve EC key", () => offCurve({ ...(issuer.jwks().keys[0] as JWK), kid: "old-ec" })],
    [
      "a small-order Ed25519 key",
      () => ({ kty: "OKP", crv: "Ed25519", x: b64(IDENTITY_POINT), kid: "old-ed", alg: "EdDSA" }),
    ],
    ["a key_ops that is not an array", () => ({ ...(issuer.jwks().keys[0] as JWK), kid: "old", key_ops: "verify" })],
  ])("H-25 a previous key that is %s is a TypeError at construction", (_name, key) => {
    expect(() => bridge({ previousKeys: [key() as JWK] })).toThrow(TypeError);
  });

  it("H-26 the bridge says when its key is ready, and signs with it", async () => {
    const ready = bridge();
    await expect(ready.ready).resolves.toBeUndefined();
    expect((await ready.exchange(await issuer.mint())).token.split(".")).toHaveLength(3);
  });

  it("H-27 the published set never carries a private member of a previous key (one list with the verifier's)", async () => {
    const old = { ...(await privateJwk("RS256", "old-rsa")), k: "AAAA", oth: [] } as unknown as JWK;
    for (const key of bridge({ previousKeys: [old] }).jwks().keys) {
      for (const member of ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]) expect(key).not.toHaveProperty(member);
    }
  });
});

describe("security catalog: token content in error messages", () => {
  const hostile = "\u001b[2J\u001b]8;;https://evil.example\u0007click\u202Egnp.exe\u0085";

  it("H-28 a hostile alg or kid reaches the message escaped and truncated", async () => {
    for (const header of [{ alg: hostile }, { alg: "ES256", kid: `${hostile}${"x".repeat(500)}` }]) {
      const token = await issuer.signRaw(JSON.stringify(header), JSON.stringify({ sub: "u" }));
      const error = (await strict.verify(token).catch((e: unknown) => e)) as VerificationError;
      expect(error).toBeInstanceOf(VerificationError);
      expect(error.message).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
      expect(error.message.length).toBeLessThan(400);
    }
  });

  it("H-29 a hostile sub never reaches a bridge refusal", async () => {
    const response = await bridge().handler(post(await issuer.mint({ sub: `${hostile} ` })));
    const body = await response.text();
    expect(response.status).toBe(401);
    expect(body).not.toContain("evil.example");
  });
});

describe("security catalog: hardening cases are real", () => {
  it("H-30 both forgeries verify under WebCrypto when nobody checks the key (so H-12 and H-15 can fail)", async () => {
    const verify = async (token: string, algorithm: AlgorithmIdentifier | RsaHashedImportParams, jwk: JsonWebKey) => {
      const key = await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
      const [h, p, s] = token.split(".") as [string, string, string];
      return crypto.subtle.verify(algorithm, key, Buffer.from(s, "base64url"), new TextEncoder().encode(`${h}.${p}`));
    };
    const { kid: _kid, alg: _alg, ...rsa } = rsaWithExponent(1, "probe");
    const rsaParams = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    expect(await verify(forgeRs256ForExponentOne("probe"), rsaParams, rsa as JsonWebKey)).toBe(true);
    const ed = { kty: "OKP", crv: "Ed25519", x: b64(IDENTITY_POINT) };
    expect(await verify(forgeEdDsaForIdentityKey("probe"), { name: "Ed25519" }, ed)).toBe(true);
  });
});
