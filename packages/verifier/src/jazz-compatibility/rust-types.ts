import type { JsonNode } from "./serde-json";
import {
  enumShape,
  type Field,
  hasInnerFault,
  numericTypeShape,
  option,
  type Read,
  type Shape,
  strictString,
  stringShape,
  structShape,
  tryParseStrShape,
  tryParseUntaggedShape,
  u64Shape,
  valueShape,
  vecShape,
} from "./serde-shapes";

/** jsonwebtoken 9.3.1 `Algorithm` (algorithms.rs:16-46): the header `alg` values the server can read. */
export const RUST_ALGORITHMS: readonly string[] = [
  "HS256",
  "HS384",
  "HS512",
  "ES256",
  "ES384",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "EdDSA",
];

/** jsonwebtoken 9.3.1 `KeyAlgorithm` (jwk.rs:151-191): the JWK `alg` values a key set may carry. */
export const RUST_KEY_ALGORITHMS: readonly string[] = [...RUST_ALGORITHMS, "RSA1_5", "RSA-OAEP", "RSA-OAEP-256"];

/** jsonwebtoken 9.3.1 `EllipticCurve` (jwk.rs:291-305), shared by `EC` and `OKP` keys. */
const CURVES = ["P-256", "P-384", "P-521", "Ed25519"];

const optString = option(stringShape);

/** jsonwebtoken 9.3.1 `Header` (header.rs:13-67). */
const HEADER_FIELDS: readonly Field[] = [
  { name: "typ", shape: optString, optional: true },
  { name: "alg", shape: enumShape(RUST_ALGORITHMS) },
  { name: "cty", shape: optString, optional: true },
  { name: "jku", shape: optString, optional: true },
  { name: "jwk", shape: option((node) => jwkShape(node)), optional: true },
  { name: "kid", shape: optString, optional: true },
  { name: "x5u", shape: optString, optional: true },
  { name: "x5c", shape: option(vecShape(stringShape)), optional: true },
  { name: "x5t", shape: optString, optional: true },
  { name: "x5t#S256", shape: optString, optional: true },
];

/** The token header as `decode_header` reads it. */
export const headerShape: Shape<Record<string, unknown>> = structShape(HEADER_FIELDS);

/** Jazz's `JwtClaims` (auth.rs:176-192). */
export const jwtClaimsShape: Shape<Record<string, unknown>> = structShape([
  { name: "sub", shape: stringShape },
  { name: "iss", shape: optString, hasDefault: true },
  { name: "claims", shape: valueShape, hasDefault: true },
  { name: "exp", shape: option(u64Shape), hasDefault: true },
  { name: "iat", shape: option(u64Shape), hasDefault: true },
]);

/** jsonwebtoken 9.3.1 `ClaimsForValidation` (validation.rs:186-197), read after `JwtClaims` (decoding.rs:265-267). */
export const claimsForValidationShape: Shape<Record<string, unknown>> = structShape([
  { name: "exp", shape: numericTypeShape, hasDefault: true },
  { name: "nbf", shape: numericTypeShape, hasDefault: true },
  { name: "sub", shape: tryParseStrShape, optional: true },
  { name: "iss", shape: tryParseUntaggedShape, optional: true },
  { name: "aud", shape: tryParseUntaggedShape, optional: true },
]);

/** Jazz's `IssOnly` peek at the payload (auth.rs:937-941). */
export const issOnlyShape: Shape<Record<string, unknown>> = structShape([
  { name: "iss", shape: optString, optional: true },
]);

/** A JWK as jsonwebtoken 9.3.1 reads it, flattened to the members the server uses. */
export interface RustJwk {
  readonly kid?: string;
  readonly alg?: string;
  readonly kty: "EC" | "RSA" | "oct" | "OKP";
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
  readonly k?: string;
}

const COMMON_FIELDS: readonly Field[] = [
  { name: "use", shape: optString, optional: true },
  { name: "key_ops", shape: option(vecShape(stringShape)), optional: true },
  { name: "alg", shape: option(enumShape(RUST_KEY_ALGORITHMS)), optional: true },
  { name: "kid", shape: optString, optional: true },
  { name: "x5u", shape: optString, optional: true },
  { name: "x5c", shape: option(vecShape(stringShape)), optional: true },
  { name: "x5t", shape: optString, optional: true },
  { name: "x5t#S256", shape: optString, optional: true },
];

/** `AlgorithmParameters` (jwk.rs:396-403): `#[serde(untagged)]`, tried in this order. */
const VARIANTS: readonly (readonly Field[])[] = [
  [
    { name: "kty", shape: enumShape(["EC"]) },
    { name: "crv", shape: enumShape(CURVES) },
    { name: "x", shape: stringShape },
    { name: "y", shape: stringShape },
  ],
  [
    { name: "kty", shape: enumShape(["RSA"]) },
    { name: "n", shape: stringShape },
    { name: "e", shape: stringShape },
  ],
  [
    { name: "kty", shape: enumShape(["oct"]) },
    { name: "k", shape: stringShape },
  ],
  [
    { name: "kty", shape: enumShape(["OKP"]) },
    { name: "crv", shape: enumShape(CURVES) },
    { name: "x", shape: stringShape },
  ],
];

/**
 * `Jwk` (jwk.rs:405-412): `#[serde(flatten)]` common parameters and algorithm parameters. Flatten
 * buffers every member as serde `Content` first, so any fault in any member fails the key; the
 * common parameters take their members by name, the rest must match one untagged variant. Private
 * members (`d`, `p`, …) are unknown fields and are ignored. An array is refused (flatten reads a map).
 */
export function jwkShape(node: JsonNode): Read<RustJwk> {
  if (node.t !== "obj") return { ok: false, error: "invalid type, expected a JWK object" };
  if (node.depth >= 128) return { ok: false, error: "recursion limit exceeded" };
  for (const [key, value] of node.entries) {
    if (!strictString(key).ok || hasInnerFault(value)) return { ok: false, error: "a member cannot be buffered" };
  }
  const common = structShape(COMMON_FIELDS, { mapOnly: true })(node);
  if (!common.ok) return common;
  const taken = new Set(COMMON_FIELDS.map((field) => field.name));
  const rest: JsonNode = { t: "obj", depth: node.depth, entries: node.entries.filter(([key]) => !taken.has(key.v)) };
  let note: string | undefined;
  for (const fields of VARIANTS) {
    const read = structShape(fields, { mapOnly: true })(rest);
    if (read.ok) return { ok: true, value: { ...stripUndefined(common.value), ...read.value } as unknown as RustJwk };
    note ??= read.note;
  }
  const error = "data did not match any variant of untagged enum AlgorithmParameters";
  return note ? { ok: false, error, note } : { ok: false, error };
}

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** `JwkSet` (jwk.rs:422-425): `keys: Vec<Jwk>`; one entry that does not read fails the whole set. */
export const jwkSetShape: Shape<Record<string, unknown>> = structShape([
  { name: "keys", shape: vecShape((node) => jwkShape(node)) },
]);
