/**
 * The contenders of the verifier bench, built from the shared material inside each thread: the
 * raw signature checks (node:crypto sync and callback: the limit; WebCrypto), a plain parse (the
 * synchronous check after the least parsing any verifier does), jose, fast-jwt,
 * jsonwebtoken and jazz-auth's `verify()`, all with the same key and the same checks where the
 * library has them (issuer, audience, algorithm, 5 s tolerance, `exp` and `sub` required).
 */
import { createPublicKey, type JsonWebKey as NodeJwk, verify as nodeVerify } from "node:crypto";
import { createRequire } from "node:module";
import { createVerifier as createFastJwtVerifier } from "fast-jwt";
import { createLocalJWKSet, importJWK, jwtVerify } from "jose";
import type { AlgorithmMaterial } from "./verifier-material";
import { verifierPackage } from "./verifier-package";

/** Checks the token at `index` of the material's tokens; throws when it does not verify. */
export type Contender = (token: string, index: number) => unknown;

/** The contenders, in the order the tables show them. */
export const CONTENDERS = [
  "node:crypto sync",
  "node:crypto callback",
  "WebCrypto",
  "node:crypto + parse",
  "jose, CryptoKey",
  "jose, local JWKS",
  "fast-jwt",
  "fast-jwt, cache",
  "jsonwebtoken",
  "verify(), no cache",
  "verify()",
] as const;
/** One of {@link CONTENDERS}. */
export type ContenderName = (typeof CONTENDERS)[number];

/** The raw checks: the signature alone, the token already split and decoded. */
export const RAW: readonly ContenderName[] = ["node:crypto sync", "node:crypto callback", "WebCrypto"];
/**
 * A plain parse: the synchronous check plus the least a verifier must do to a token string before
 * it — find the dots, decode the payload and the signature, parse the payload, take the signing
 * input's bytes — written plainly, with no rule at all. What is left of the limit once a token has
 * to be taken apart.
 */
export const PLAIN_PARSE: ContenderName = "node:crypto + parse";
/** The other libraries. */
export const PEERS: readonly ContenderName[] = [
  "jose, CryptoKey",
  "jose, local JWKS",
  "fast-jwt",
  "fast-jwt, cache",
  "jsonwebtoken",
];

const { createVerifier: createJazzVerifier } = verifierPackage;

const require = createRequire(import.meta.url);
const jsonwebtoken = require("jsonwebtoken") as {
  verify(token: string, key: string, options: Record<string, unknown>): unknown;
};

const WEB_PARAMS = {
  ES256: { import: { name: "ECDSA", namedCurve: "P-256" }, verify: { name: "ECDSA", hash: "SHA-256" } },
  RS256: { import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, verify: { name: "RSASSA-PKCS1-v1_5" } },
  EdDSA: { import: { name: "Ed25519" }, verify: { name: "Ed25519" } },
} as const;

const failed = () => {
  throw new Error("a contender refused a valid token");
};

/** Every contender for one algorithm; `null` where the library cannot verify it (jsonwebtoken has no EdDSA). */
export async function contendersFor(material: AlgorithmMaterial): Promise<Record<ContenderName, Contender | null>> {
  const { alg, jwk, pem, issuer, audience, tokens } = material;
  const split = tokens.map((token) => {
    const dot = token.lastIndexOf(".");
    return { data: Buffer.from(token.slice(0, dot)), signature: Buffer.from(token.slice(dot + 1), "base64url") };
  });
  const keyObject = createPublicKey({ key: jwk as NodeJwk, format: "jwk" });
  const digest = alg === "EdDSA" ? null : "sha256";
  const nodeKey = alg === "ES256" ? { key: keyObject, dsaEncoding: "ieee-p1363" as const } : keyObject;
  const web = WEB_PARAMS[alg];
  const cryptoKey = await crypto.subtle.importKey("jwk", jwk as JsonWebKey, web.import, false, ["verify"]);
  const joseKey = await importJWK(jwk, alg);
  const localJwks = createLocalJWKSet({ keys: [jwk] });
  const joseOptions = { issuer, audience, algorithms: [alg], clockTolerance: 5, requiredClaims: ["exp", "sub"] };
  const fastJwtOptions = {
    key: pem,
    algorithms: [alg],
    allowedIss: issuer,
    allowedAud: audience,
    clockTolerance: 5000,
    requiredClaims: ["exp", "sub"],
  };
  const fastJwt = createFastJwtVerifier({ ...fastJwtOptions, cache: false });
  const fastJwtCached = createFastJwtVerifier({ ...fastJwtOptions, cache: true });
  const jazzOptions = { jwks: { keys: [jwk] }, issuer, audience, algorithms: [alg] };
  const ours = createJazzVerifier(jazzOptions);
  const oursUncached = createJazzVerifier({ ...jazzOptions, tokenCache: false });
  const at = (index: number) => split[index] ?? failed();
  return {
    "node:crypto sync": (_token, index) => {
      const { data, signature } = at(index);
      if (!nodeVerify(digest, data, nodeKey, signature)) failed();
    },
    "node:crypto callback": (_token, index) => {
      const { data, signature } = at(index);
      return new Promise<void>((resolve, reject) =>
        nodeVerify(digest, data, nodeKey, signature, (error, valid) => (valid ? resolve() : reject(error))),
      );
    },
    "node:crypto + parse": (token) => {
      const first = token.indexOf(".");
      const last = token.lastIndexOf(".");
      const payload = JSON.parse(Buffer.from(token.slice(first + 1, last), "base64url").toString());
      const signature = Buffer.from(token.slice(last + 1), "base64url");
      if (!nodeVerify(digest, Buffer.from(token.slice(0, last), "latin1"), nodeKey, signature)) failed();
      return payload;
    },
    WebCrypto: async (_token, index) => {
      const { data, signature } = at(index);
      if (!(await crypto.subtle.verify(web.verify, cryptoKey, signature, data))) failed();
    },
    "jose, CryptoKey": (token) => jwtVerify(token, joseKey, joseOptions),
    "jose, local JWKS": (token) => jwtVerify(token, localJwks, joseOptions),
    "fast-jwt": (token) => fastJwt(token),
    "fast-jwt, cache": (token) => fastJwtCached(token),
    jsonwebtoken:
      alg === "EdDSA"
        ? null
        : (token) => jsonwebtoken.verify(token, pem, { algorithms: [alg], issuer, audience, clockTolerance: 5 }),
    "verify(), no cache": (token) => oursUncached.verify(token),
    "verify()": (token) => ours.verify(token),
  };
}
