/**
 * The verifier and input-validation groups of the security catalog (security-catalog.md §1.1-1.2).
 * Every case asserts the exact code; "accepted" cases assert that a harmless variation passes.
 */
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import type { VerificationErrorCode, Verifier, VerifierOptions } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, issuerRefusal } from "./verifier-under-test";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const NOW_S = NOW / 1000;
const clock = { now: () => NOW };

let issuer: TestIssuer;
let attacker: TestIssuer;
let strict: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256", "EdDSA", "ES384"], clock });
  attacker = await createTestIssuer({ algorithms: ["ES256"], clock });
  strict = verifierWith();
});
afterAll(async () => {
  await issuer.close();
  await attacker.close();
});

function verifierWith(options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    jwks: issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
    clock,
    ...options,
  } as VerifierOptions);
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64url");
const kidOf = (alg: string) => issuer.jwks().keys.find((key) => key.alg === alg)?.kid ?? "";
const claims = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ sub: "user-1", iss: issuer.issuer, aud: issuer.audience, iat: NOW_S, exp: NOW_S + 600, ...extra });
const header = (extra: Record<string, unknown> = {}, alg = "ES256") =>
  JSON.stringify({ alg, kid: kidOf(alg), ...extra });
const parts = (token: string) => token.split(".") as [string, string, string];

/** Changes the last character of a base64url segment so that only unused low bits differ. */
function nonCanonical(segment: string): string | null {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const original = Buffer.from(segment, "base64url");
  for (const char of alphabet) {
    const variant = segment.slice(0, -1) + char;
    if (variant !== segment && Buffer.from(variant, "base64url").equals(original)) return variant;
  }
  return null;
}

/** A P1363 (r‖s) ECDSA signature re-encoded as DER. */
function toDer(p1363: Buffer): Buffer {
  const integer = (bytes: Buffer) => {
    let trimmed = bytes;
    while (trimmed.length > 1 && trimmed[0] === 0) trimmed = trimmed.subarray(1);
    if ((trimmed[0] ?? 0) & 0x80) trimmed = Buffer.concat([Buffer.from([0]), trimmed]);
    return Buffer.concat([Buffer.from([0x02, trimmed.length]), trimmed]);
  };
  const body = Buffer.concat([integer(p1363.subarray(0, 32)), integer(p1363.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

const outcome = (verifier: Verifier, token: unknown) => outcomeOf(verifier.verify(token as string));

interface Case {
  readonly id: string;
  readonly title: string;
  readonly token: () => Promise<unknown> | unknown;
  readonly expected: VerificationErrorCode | "accepted";
  readonly verifier?: () => Promise<Verifier> | Verifier;
}

const valid = () => issuer.mint();

const inputCases: Case[] = [
  { id: "I-01a", title: "a trailing newline", token: async () => `${await valid()}\n`, expected: "ERR_MALFORMED" },
  { id: "I-01b", title: "a leading space", token: async () => ` ${await valid()}`, expected: "ERR_MALFORMED" },
  {
    id: "I-02",
    title: "a space inside the signature",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return `${h}.${p}.${s.slice(0, 10)} ${s.slice(10)}`;
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-03a",
    title: "= padding on the signature",
    token: async () => `${await valid()}==`,
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-03b",
    title: "= padding on the header",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return `${h}=.${p}.${s}`;
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-04a",
    title: "non-canonical trailing bits in the signature",
    token: async () => {
      const token = await issuer.mint({}, { alg: "ES256" });
      const [h, p, s] = parts(token);
      return `${h}.${p}.${nonCanonical(s)}`;
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-04b",
    title: "non-canonical trailing bits in the payload, signed over the literal string",
    token: async () => {
      let extra = "";
      let payload = b64(claims({ pad: extra }));
      while (!nonCanonical(payload)) {
        extra += "x";
        payload = b64(claims({ pad: extra }));
      }
      return issuer.signInput(`${b64(header())}.${nonCanonical(payload)}`);
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-05",
    title: "standard base64 characters",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return `${h}.${p}.${s.replace(/-/g, "+").replace(/_/g, "/")}+/`;
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-06a",
    title: "two segments",
    token: async () =>
      parts(await valid())
        .slice(0, 2)
        .join("."),
    expected: "ERR_MALFORMED",
  },
  { id: "I-06b", title: "four segments", token: async () => `${await valid()}.x`, expected: "ERR_MALFORMED" },
  { id: "I-06c", title: "a trailing dot", token: async () => `${await valid()}.`, expected: "ERR_MALFORMED" },
  {
    id: "I-06d",
    title: "a five-segment JWE",
    token: () => `${b64('{"alg":"dir","enc":"A256GCM","zip":"DEF"}')}..${b64("iv")}.${b64("ciphertext")}.${b64("tag")}`,
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-06e",
    title: "the JWS JSON serialization",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return JSON.stringify({ protected: h, payload: p, signature: s });
    },
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-07a",
    title: "the whole Authorization header value",
    token: async () => `Bearer ${await valid()}`,
    expected: "ERR_MALFORMED",
  },
  { id: "I-07b", title: "an empty token", token: () => "", expected: "ERR_MALFORMED" },
  { id: "I-07c", title: "a number instead of a string", token: () => 42, expected: "ERR_MALFORMED" },
  { id: "I-07d", title: "null", token: () => null, expected: "ERR_MALFORMED" },
  {
    id: "I-08a",
    title: "one character over maxTokenBytes",
    token: async () => (await valid()).padEnd(16 * 1024 + 1, "A"),
    expected: "ERR_TOKEN_TOO_LARGE",
  },
  {
    id: "I-08b",
    title: "a 5 MB payload",
    token: () => issuer.signRaw(header(), claims({ blob: "x".repeat(5 << 20) })),
    expected: "ERR_TOKEN_TOO_LARGE",
  },
  {
    id: "I-09a",
    title: "a header that is not JSON",
    token: () => issuer.signInput(`${b64("alg=ES256")}.${b64(claims())}`),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-09b",
    title: "a payload that is a JSON array",
    token: () => issuer.signRaw(header(), "[1,2,3]"),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-09c",
    title: "a payload that is a JSON string",
    token: () => issuer.signRaw(header(), '"user-1"'),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-09d",
    title: "a payload that is a number",
    token: () => issuer.signRaw(header(), "1"),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-09e",
    title: "a payload that is not valid UTF-8",
    token: () =>
      issuer.signInput(`${b64(header())}.${b64(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))}`),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-10a",
    title: "a duplicate sub in the payload",
    token: () => issuer.signRaw(header(), claims().replace('"sub":"user-1"', '"sub":"victim","sub":"attacker"')),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-10b",
    title: "a duplicate alg in the header",
    token: () => issuer.signRaw(`{"alg":"none","kid":"${kidOf("ES256")}","alg":"ES256"}`, claims()),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-10d",
    title: "a duplicate sub spelled with an escape",
    token: () => issuer.signRaw(header(), claims().replace('"sub":"user-1"', '"sub":"user-1","s\\u0075b":"admin"')),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-10c",
    title: "duplicate members in a nested claims object",
    token: () => issuer.signRaw(header(), claims().replace(/}$/, ',"claims":{"role":"reader","role":"admin"}}')),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-11",
    title: "a __proto__ member in the claims (accepted as a plain own member, no pollution)",
    token: () => issuer.signRaw(header(), claims().replace(/}$/, ',"claims":{"__proto__":{"admin":true}}}')),
    expected: "accepted",
  },
  {
    id: "I-12a",
    title: "a numeric kid",
    token: () => issuer.signRaw(header({ kid: 7 }), claims()),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-12b",
    title: "a 10 KB kid",
    token: () => issuer.signRaw(header({ kid: "k".repeat(10_000) }), claims()),
    expected: "ERR_MALFORMED",
  },
  {
    id: "I-12c",
    title: "a path-traversal kid",
    token: () => issuer.signRaw(header({ kid: "../../../dev/null" }), claims()),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "I-12d",
    title: "a kid with CR/LF",
    token: () => issuer.signRaw(header({ kid: "a\r\nSet-Cookie: x" }), claims()),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "I-13a",
    title: "exp as a string",
    token: () => issuer.mint({ exp: String(NOW_S + 600) }),
    expected: "ERR_CLAIM_INVALID",
  },
  { id: "I-13b", title: "exp null", token: () => issuer.mint({ exp: null }), expected: "ERR_CLAIM_INVALID" },
  { id: "I-13c", title: "a negative exp", token: () => issuer.mint({ exp: -1 }), expected: "ERR_CLAIM_INVALID" },
  {
    id: "I-13d",
    title: "a fractional exp",
    token: () => issuer.mint({ exp: NOW_S + 600.5 }),
    expected: "ERR_CLAIM_INVALID",
  },
  { id: "I-13e", title: "exp = 1e20", token: () => issuer.mint({ exp: 1e20 }), expected: "ERR_CLAIM_INVALID" },
  { id: "I-13f", title: "nbf as a string", token: () => issuer.mint({ nbf: "now" }), expected: "ERR_CLAIM_INVALID" },
  { id: "I-13g", title: "iat as a string", token: () => issuer.mint({ iat: "now" }), expected: "ERR_CLAIM_INVALID" },
];

const verifierCases: Case[] = [
  {
    id: "V-01a",
    title: "alg none with an empty signature",
    token: () => `${b64(header({ alg: "none" }))}.${b64(claims())}.`,
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-01b",
    title: "alg NONE",
    token: () => issuer.signRaw(header({ alg: "NONE" }), claims()),
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-01c",
    title: "alg nOnE",
    token: () => issuer.signRaw(header({ alg: "nOnE" }), claims()),
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-02a",
    title: "an edited payload under the original signature",
    token: async () => {
      const [h, , s] = parts(await valid());
      return `${h}.${b64(claims({ sub: "admin" }))}.${s}`;
    },
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-02b",
    title: "a signature by an unrelated key",
    token: () => issuer.mint({}, { foreignKey: true, kid: kidOf("ES256") }),
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-02c",
    title: "a truncated signature",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return `${h}.${p}.${s.slice(0, 40)}`;
    },
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-03a",
    title: "HS256 MACed with the RSA public key (PEM)",
    token: async () => {
      const { importJWK, exportSPKI } = await import("jose");
      const rsa = issuer.jwks().keys.find((key) => key.alg === "RS256");
      const pem = await exportSPKI((await importJWK({ ...rsa, ext: true }, "RS256")) as CryptoKey);
      const input = `${b64(header({ alg: "HS256", kid: kidOf("RS256") }))}.${b64(claims())}`;
      return `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
    },
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-03b",
    title: "HS256 MACed with the RSA JWK's bytes",
    token: () => {
      const input = `${b64(header({ alg: "HS256", kid: kidOf("RS256") }))}.${b64(claims())}`;
      const secret = JSON.stringify(issuer.jwks().keys.find((key) => key.alg === "RS256"));
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    },
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-05a",
    title: "an ES256 header naming the RSA key's kid",
    token: () => issuer.signRaw(header({ kid: kidOf("RS256") }), claims()),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-05b",
    title: "PS256 signed by a key published for RS256",
    token: () => issuer.signRaw(header({ kid: kidOf("RS256") }, "PS256"), claims(), { alg: "RS256" }),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-05c",
    title: "an ES256 token naming a P-384 key",
    token: () => issuer.signRaw(header({ kid: kidOf("ES384") }), claims()),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-06a",
    title: "an algorithm outside the allow-list",
    token: () => issuer.mint({}, { alg: "RS256" }),
    verifier: () => verifierWith({ algorithms: ["ES256"] }),
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-06b",
    title: "the Ed25519 algorithm name (not in the default list)",
    token: () => issuer.signRaw(header({ kid: kidOf("EdDSA") }, "Ed25519"), claims(), { alg: "EdDSA" }),
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-07a",
    title: "an attacker key embedded as `jwk`, unknown kid",
    token: async () => {
      const { publicKey } = await generateKeyPair("ES256", { extractable: true });
      return attacker.mint({ iss: issuer.issuer }, { header: { jwk: await exportJWK(publicKey) } });
    },
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-07b",
    title: "an attacker key embedded as `jwk` under a real kid",
    token: async () => {
      const { publicKey } = await generateKeyPair("ES256", { extractable: true });
      return issuer.mint({}, { foreignKey: true, kid: kidOf("ES256"), header: { jwk: await exportJWK(publicKey) } });
    },
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-08a",
    title: "a `jku` pointing at an attacker's JWKS (never fetched)",
    token: () => attacker.mint({ iss: issuer.issuer }, { header: { jku: attacker.jwksUrl } }),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-08b",
    title: "a valid token that carries `x5u` (ignored)",
    token: () => issuer.mint({}, { header: { x5u: attacker.jwksUrl } }),
    expected: "accepted",
  },
  {
    id: "V-09",
    title: "no kid while several keys fit",
    token: () => issuer.mint({}, { kid: null }),
    verifier: async () => {
      const second = await createTestIssuer({ algorithms: ["ES256"], clock });
      await second.close();
      return verifierWith({ jwks: { keys: [...issuer.jwks().keys, ...second.jwks().keys] } });
    },
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-10",
    title: "two keys sharing a kid",
    token: () => issuer.mint(),
    verifier: () => {
      const key = issuer.jwks().keys.find((jwk) => jwk.alg === "ES256");
      return verifierWith({ jwks: { keys: [key ?? {}, { ...key }] } });
    },
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-11a",
    title: "crit with an unknown extension",
    token: () => issuer.signRaw(header({ crit: ["x"], x: 1 }), claims()),
    expected: "ERR_CRIT_UNSUPPORTED",
  },
  {
    id: "V-11b",
    title: "an empty crit",
    token: () => issuer.signRaw(header({ crit: [] }), claims()),
    expected: "ERR_CRIT_UNSUPPORTED",
  },
  {
    id: "V-11c",
    title: "crit naming a registered header",
    token: () => issuer.signRaw(header({ crit: ["kid"] }), claims()),
    expected: "ERR_CRIT_UNSUPPORTED",
  },
  {
    id: "V-11d",
    title: "b64: false",
    token: () => issuer.signRaw(header({ b64: false, crit: ["b64"] }), claims()),
    expected: "ERR_CRIT_UNSUPPORTED",
  },
  {
    id: "V-13",
    title: "another audience (an ID token for the same tenant)",
    token: () => issuer.mint({ aud: "some-client-id" }),
    expected: "ERR_AUDIENCE_MISMATCH",
  },
  { id: "V-13b", title: "no aud", token: () => issuer.mint({ aud: undefined }), expected: "ERR_AUDIENCE_MISMATCH" },
  {
    id: "V-13c",
    title: "an aud array that contains ours",
    token: () => issuer.mint({ aud: ["other", issuer.audience] }),
    expected: "accepted",
  },
  {
    id: "V-14",
    title: "another issuer on the same key set",
    token: () => issuer.mint({ iss: "https://securetoken.google.com/other-project" }),
    expected: issuerRefusal(),
  },
  {
    id: "V-19a",
    title: "the issuer with a trailing slash added",
    token: () => issuer.mint({ iss: `${issuer.issuer}/` }),
    expected: issuerRefusal(),
  },
  {
    id: "V-19b",
    title: "the issuer with an upper-case scheme",
    token: () => issuer.mint({ iss: issuer.issuer.replace("http", "HTTP") }),
    expected: issuerRefusal(),
  },
  { id: "V-19c", title: "no iss", token: () => issuer.mint({ iss: undefined }), expected: issuerRefusal() },
  { id: "V-21", title: "no exp", token: () => issuer.mint({ exp: undefined }), expected: "ERR_CLAIM_INVALID" },
  {
    id: "V-22a",
    title: "exp = now with no tolerance",
    token: () => issuer.mint({ exp: NOW_S }),
    verifier: () => verifierWith({ clockToleranceSeconds: 0 }),
    expected: "ERR_EXPIRED",
  },
  {
    id: "V-22b",
    title: "exp within the tolerance",
    token: () => issuer.mint({ exp: NOW_S - 4 }),
    expected: "accepted",
  },
  {
    id: "V-22c",
    title: "exp beyond the tolerance",
    token: () => issuer.mint({ exp: NOW_S - 6 }),
    expected: "ERR_EXPIRED",
  },
  {
    id: "V-23a",
    title: "nbf beyond the tolerance",
    token: () => issuer.mint({ nbf: NOW_S + 6 }),
    expected: "ERR_NOT_YET_VALID",
  },
  {
    id: "V-23b",
    title: "nbf within the tolerance",
    token: () => issuer.mint({ nbf: NOW_S + 4 }),
    expected: "accepted",
  },
  {
    id: "V-24",
    title: "iat a day in the future",
    token: () => issuer.mint({ iat: NOW_S + 86_400 }),
    expected: "ERR_ISSUED_IN_FUTURE",
  },
  { id: "V-26a", title: "a numeric sub", token: () => issuer.mint({ sub: 12345 }), expected: "ERR_CLAIM_INVALID" },
  { id: "V-26b", title: "an empty sub", token: () => issuer.mint({ sub: "" }), expected: "ERR_CLAIM_INVALID" },
  { id: "V-26c", title: "a blank sub", token: () => issuer.mint({ sub: "   " }), expected: "ERR_CLAIM_INVALID" },
  { id: "V-26d", title: "no sub", token: () => issuer.mint({ sub: undefined }), expected: "ERR_CLAIM_INVALID" },
  {
    id: "V-27",
    title: "a nested JWT as the payload",
    token: async () => issuer.signInput(`${b64(header({ cty: "JWT" }))}.${b64(await valid())}`),
    expected: "ERR_MALFORMED",
  },
  {
    id: "V-29",
    title: "an ECDSA signature with r = s = 0",
    token: async () => {
      const [h, p] = parts(await valid());
      return `${h}.${p}.${b64(Buffer.alloc(64))}`;
    },
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-30",
    title: "a DER-encoded ECDSA signature",
    token: async () => {
      const [h, p, s] = parts(await valid());
      return `${h}.${p}.${b64(toDer(Buffer.from(s, "base64url")))}`;
    },
    expected: "ERR_SIGNATURE_INVALID",
  },
  {
    id: "V-32",
    title: "a token signed by an RSA-1024 key from the set",
    token: async () => {
      const input = `${b64(JSON.stringify({ alg: "RS256", kid: "rsa-1024" }))}.${b64(claims())}`;
      return `${input}.${sign("sha256", Buffer.from(input), weakRsa.privateKey).toString("base64url")}`;
    },
    verifier: () =>
      verifierWith({
        jwks: { keys: [{ ...weakRsa.publicKey.export({ format: "jwk" }), kid: "rsa-1024", alg: "RS256" }] },
      }),
    expected: "ERR_KEY_UNUSABLE",
  },
  {
    id: "V-34",
    title: "an HS256 token naming an oct key (a set holding one is refused whole: H-18, H-19)",
    token: () => {
      const input = `${b64(JSON.stringify({ alg: "HS256", kid: "oct" }))}.${b64(claims())}`;
      return `${input}.${createHmac("sha256", "0123456789abcdef0123456789abcdef").update(input).digest("base64url")}`;
    },
    expected: "ERR_ALG_NOT_ALLOWED",
  },
  {
    id: "V-36a",
    title: "a key published for encryption (use: enc)",
    token: () => issuer.mint(),
    verifier: () => verifierWith({ jwks: { keys: issuer.jwks().keys.map((key) => ({ ...key, use: "enc" })) } }),
    expected: "ERR_KEY_NOT_FOUND",
  },
  {
    id: "V-36b",
    title: "a key whose key_ops exclude verify",
    token: () => issuer.mint(),
    verifier: () =>
      verifierWith({ jwks: { keys: issuer.jwks().keys.map((key) => ({ ...key, key_ops: ["encrypt"] })) } }),
    expected: "ERR_KEY_NOT_FOUND",
  },
  { id: "V-ok1", title: "a valid ES256 token", token: () => issuer.mint({}, { alg: "ES256" }), expected: "accepted" },
  { id: "V-ok2", title: "a valid RS256 token", token: () => issuer.mint({}, { alg: "RS256" }), expected: "accepted" },
  { id: "V-ok3", title: "a valid EdDSA token", token: () => issuer.mint({}, { alg: "EdDSA" }), expected: "accepted" },
];

const weakRsa = generateKeyPairSync("rsa", { modulusLength: 1024 });

describe("security catalog: input validation and verifier", () => {
  it("has at least 60 cases", () => {
    expect(inputCases.length + verifierCases.length).toBeGreaterThanOrEqual(60);
  });

  it.each([...inputCases, ...verifierCases].map((c) => [`${c.id} ${c.title}`, c] as const))(
    "%s",
    async (_name, testCase) => {
      const verifier = testCase.verifier ? await testCase.verifier() : strict;
      expect(await outcome(verifier, await testCase.token())).toBe(testCase.expected);
    },
  );

  it("I-11 keeps __proto__ an own member of the claims and pollutes nothing", async () => {
    const token = await issuer.signRaw(header(), claims().replace(/}$/, ',"claims":{"__proto__":{"admin":true}}}'));
    const { claims: sessionClaims } = await strict.verify(token);
    expect(Object.hasOwn(sessionClaims, "__proto__")).toBe(true);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    expect((sessionClaims as { admin?: boolean }).admin).toBeUndefined();
  });

  it("V-08 never fetches a URL named by the token", async () => {
    const remote = createVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience, clock });
    const before = attacker.fetches;
    expect(
      await outcome(
        remote,
        await attacker.mint({ iss: issuer.issuer }, { header: { jku: attacker.jwksUrl, x5u: attacker.jwksUrl } }),
      ),
    ).toBe("ERR_KEY_NOT_FOUND");
    expect(attacker.fetches).toBe(before);
  });
});
