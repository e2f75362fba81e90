import { localFirstIdentity, mintLocalFirstProof, outcomeOf } from "@jazz-auth/testing";
import { jazzUserIdForPublicKey, normalizeJazzAudience, verifyLocalFirstProof } from "@jazz-auth/verifier";
import { describe, expect, it } from "vitest";

const seed = new Uint8Array(32).fill(7);
const audience = "betterauth-signup";
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const codeOf = (token: string, options: Parameters<typeof verifyLocalFirstProof>[1] = { audience }) =>
  outcomeOf(verifyLocalFirstProof(token, options));

/** Re-signs a proof payload with the seed's key, to build tokens a real client would not. */
async function resign(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "EdDSA" }) {
  const identity = await localFirstIdentity(seed);
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${Buffer.from(identity.sign(new TextEncoder().encode(input))).toString("base64url")}`;
}

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());

describe("verifyLocalFirstProof", () => {
  it("accepts a proof minted as a Jazz client does, and returns the proven user id", async () => {
    const identity = await localFirstIdentity(seed);
    const proof = await verifyLocalFirstProof(await mintLocalFirstProof(seed, { audience }), { audience });
    expect(proof).toEqual({ userId: identity.userId, issuer: "urn:jazz:local-first", publicKey: identity.publicKey });
    expect(proof.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("accepts the anonymous issuer too, as Jazz does", async () => {
    const token = await mintLocalFirstProof(seed, { audience, issuer: "urn:jazz:anonymous" });
    expect((await verifyLocalFirstProof(token, { audience })).issuer).toBe("urn:jazz:anonymous");
  });

  it("reads every UUID form Rust's uuid crate parses as the same audience", async () => {
    const uuid = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    const token = await mintLocalFirstProof(seed, { audience: uuid });
    for (const form of [uuid, uuid.toUpperCase(), uuid.replace(/-/g, ""), `{${uuid}}`, `urn:uuid:${uuid}`]) {
      expect(await codeOf(token, { audience: form })).toBe("accepted");
    }
    expect(await normalizeJazzAudience(`URN:UUID:${uuid}`)).not.toBe(uuid);
    expect(await normalizeJazzAudience("www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it.each([
    ["another audience", { audience: "other-app" }, "ERR_AUDIENCE_MISMATCH"],
    ["an expired proof", { audience, now: new Date(Date.now() + 120_000) }, "ERR_EXPIRED"],
  ])("refuses %s", async (_label, options, code) => {
    expect(await codeOf(await mintLocalFirstProof(seed, { audience }), options)).toBe(code);
  });

  it.each([
    [
      "iat more than 60 s ahead",
      { iat: Math.floor(Date.now() / 1000) + 120, exp: Math.floor(Date.now() / 1000) + 180 },
      "ERR_ISSUED_IN_FUTURE",
    ],
    ["a lifetime over 3600 s", { exp: Math.floor(Date.now() / 1000) + 7200 }, "ERR_LIFETIME_TOO_LONG"],
    ["an unknown claim", { role: "admin" }, "ERR_CLAIM_INVALID"],
    ["an external issuer", { iss: "https://idp.example" }, "ERR_ISSUER_MISMATCH"],
    ["a sub that is not the key's id", { sub: "00000000-0000-5000-8000-000000000000" }, "ERR_CLAIM_INVALID"],
    ["a short jazz_pub_key", { jazz_pub_key: "AAAA" }, "ERR_CLAIM_INVALID"],
    ["a fractional exp", { exp: Math.floor(Date.now() / 1000) + 30.5 }, "ERR_CLAIM_INVALID"],
  ])("refuses %s", async (_label, claims, code) => {
    const base = payloadOf(await mintLocalFirstProof(seed, { audience }));
    expect(await codeOf(await resign({ ...base, ...claims }))).toBe(code);
  });

  it("honours a shorter maxTtlSeconds", async () => {
    const token = await mintLocalFirstProof(seed, { audience, ttlSeconds: 600 });
    expect(await codeOf(token, { audience, maxTtlSeconds: 300 })).toBe("ERR_LIFETIME_TOO_LONG");
  });

  it("refuses another algorithm and a signature by another key", async () => {
    const base = payloadOf(await mintLocalFirstProof(seed, { audience }));
    expect(await codeOf(await resign(base, { alg: "ES256" }))).toBe("ERR_ALG_NOT_ALLOWED");
    const other = await mintLocalFirstProof(new Uint8Array(32).fill(9), { audience });
    const [header, , signature] = other.split(".");
    expect(await codeOf(`${header}.${encode(base)}.${signature}`)).toBe("ERR_SIGNATURE_INVALID");
  });

  it("refuses a non-canonical signature (S + L), which names the same signature twice", async () => {
    const token = await mintLocalFirstProof(seed, { audience });
    const [header, payload, signature] = token.split(".");
    const bytes = Buffer.from(signature ?? "", "base64url");
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(bytes[i] ?? 0);
    s += L;
    for (let i = 32; i < 64; i++) {
      bytes[i] = Number(s & 0xffn);
      s >>= 8n;
    }
    const error = await verifyLocalFirstProof(`${header}.${payload}.${bytes.toString("base64url")}`, {
      audience,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_SIGNATURE_INVALID", message: expect.stringMatching(/non-canonical S/) });
  });

  it("refuses a small-order public key, whose all-zero signature a lax verifier accepts for any message", async () => {
    const identityPoint = Buffer.alloc(32);
    identityPoint[0] = 1;
    const base = payloadOf(await mintLocalFirstProof(seed, { audience }));
    const payload = {
      ...base,
      jazz_pub_key: identityPoint.toString("base64url"),
      sub: await jazzUserIdForPublicKey(identityPoint),
    };
    const signature = Buffer.concat([identityPoint, Buffer.alloc(32)]).toString("base64url");
    const error = await verifyLocalFirstProof(`${encode({ alg: "EdDSA" })}.${encode(payload)}.${signature}`, {
      audience,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "ERR_KEY_UNUSABLE", message: expect.stringMatching(/small order/) });
  });

  it("throws a TypeError without an audience", async () => {
    await expect(verifyLocalFirstProof("x.y.z", {} as never)).rejects.toThrow(TypeError);
  });
});
