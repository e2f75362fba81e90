import type { JWK } from "jose";
import { decodeBase64Url } from "./base64url";
import { bigEndian, coordinateBytes, ecPointProblem } from "./ec-curves";
import { strictPointProblem } from "./ed25519-strict";
import { quoteUntrusted } from "./untrusted-text";

/**
 * Every JWK member that carries private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2):
 * the private exponent and CRT parts of RSA, the private scalar of EC and OKP, and an `oct` key's
 * `k`, which is the whole secret. One list for the verifier (a set publishing any of them is
 * refused whole) and the bridge (none of them is ever published).
 */
export const PRIVATE_JWK_MEMBERS: readonly string[] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/** The members that, when present, must be strings. */
const STRING_MEMBERS = ["kty", "kid", "alg", "use", "crv"];

/** True when the key carries any member of {@link PRIVATE_JWK_MEMBERS}. */
export function hasPrivateMaterial(key: object): boolean {
  return PRIVATE_JWK_MEMBERS.some((member) => member in key);
}

/** A copy of the key without any private member. */
export function withoutPrivateMaterial(key: JWK): JWK {
  const copy: Record<string, unknown> = { ...key };
  for (const member of PRIVATE_JWK_MEMBERS) delete copy[member];
  return copy as JWK;
}

/** The bytes of a base64url member, or `null` when it is missing, not a string or not canonical. */
function bytesOf(key: Readonly<Record<string, unknown>>, member: string): Uint8Array | null {
  const value = key[member];
  return typeof value === "string" ? decodeBase64Url(value) : null;
}

function bitLength(bytes: Uint8Array): number {
  const value = bigEndian(bytes);
  return value === 0n ? 0 : value.toString(2).length;
}

function rsaProblem(key: Readonly<Record<string, unknown>>): string | null {
  const n = bytesOf(key, "n");
  const e = bytesOf(key, "e");
  if (!n || !e) return "has an `n` or `e` that is not base64url";
  const bits = bitLength(n);
  if (bits < 2048) return `is an RSA key of ${bits} bits (at least 2048 are needed)`;
  const exponent = bigEndian(e);
  if (exponent < 3n || exponent % 2n === 0n) return "has an RSA public exponent below 3 or even";
  return null;
}

function ecProblem(key: Readonly<Record<string, unknown>>): string | null {
  const x = bytesOf(key, "x");
  const y = bytesOf(key, "y");
  if (!x || !y) return "has an `x` or `y` that is not base64url";
  return ecPointProblem(String(key.crv), x, y);
}

function okpProblem(key: Readonly<Record<string, unknown>>): string | null {
  if (key.crv !== "Ed25519") return `is on the curve ${quoteUntrusted(key.crv)}, which signs nothing Jazz verifies`;
  const x = bytesOf(key, "x");
  if (!x) return "has an `x` that is not base64url";
  const problem = strictPointProblem(x);
  return problem && `has an Ed25519 point that ${problem}`;
}

/**
 * Why a JWK must not verify signatures, or `null` when its public part is sound: members of the
 * wrong type (`kty`, `kid`, `alg`, `use`, `crv` not strings, `key_ops` not an array of strings),
 * key material that is not canonical base64url, an RSA modulus under 2048 bits or a public
 * exponent below 3 or even, an EC point not on its named curve (or coordinates not the curve's
 * size), an Ed25519 point that is not canonical or of small order, or a symmetric key. The answer
 * reads after "The key": `the key ${problem}`.
 */
export function publicKeyProblem(key: Readonly<Record<string, unknown>>): string | null {
  for (const member of STRING_MEMBERS) {
    if (key[member] !== undefined && typeof key[member] !== "string") return `has a \`${member}\` that is not a string`;
  }
  const ops = key.key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.every((op) => typeof op === "string")))
    return "has a `key_ops` that is not an array of strings";
  switch (key.kty) {
    case "RSA":
      return rsaProblem(key);
    case "EC":
      return ecProblem(key);
    case "OKP":
      return okpProblem(key);
    case "oct":
      return "is a symmetric (oct) key";
    default:
      return `has the key type ${quoteUntrusted(key.kty)}, which verifies no JWS algorithm`;
  }
}

/**
 * Why a private JWK cannot sign, judged from its members alone, or `null`: its public part must be
 * sound ({@link publicKeyProblem}) and its private scalar present, canonical and of the curve's
 * size (`d`; for RSA any length). Whether `d` belongs to the public part takes a test signature.
 */
export function privateKeyProblem(key: Readonly<Record<string, unknown>>): string | null {
  const problem = publicKeyProblem(key);
  if (problem) return problem;
  const d = bytesOf(key, "d");
  if (!d) return "has no private part (`d`) in base64url";
  const size = key.kty === "EC" ? coordinateBytes(String(key.crv)) : key.kty === "OKP" ? 32 : null;
  if (size !== null && d.length !== size) return `has a private part of ${d.length} bytes, not ${size}`;
  return null;
}
