import { JAZZ_JWKS_ALGORITHMS } from "@jazz-auth/core";
/** The JWS algorithms the strict verifier can check. */
export type JwsAlgorithm =
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA"
  | "Ed25519"
  | "HS256"
  | "HS384"
  | "HS512";

/** The asymmetric algorithms a strict verifier allows by default: the ones Jazz can check too. */
export const DEFAULT_ALGORITHMS: readonly JwsAlgorithm[] = JAZZ_JWKS_ALGORITHMS;

/**
 * Every algorithm the Jazz server accepts: the defaults and HMAC (garden-co/jazz
 * crates/jazz-tools/src/middleware/auth.rs:670-686 `map_key_algorithm`, at 6a363411a).
 */
export const JAZZ_ALGORITHMS: readonly string[] = ["HS256", "HS384", "HS512", ...DEFAULT_ALGORITHMS];

export const ALL_ALGORITHMS: readonly JwsAlgorithm[] = [
  ...DEFAULT_ALGORITHMS,
  "ES512",
  "Ed25519",
  "HS256",
  "HS384",
  "HS512",
];

/** True for the HMAC algorithms. */
export const isHmac = (alg: string): boolean => /^HS(256|384|512)$/.test(alg);

/** The JWK `kty` (and `crv`, where it matters) an algorithm needs. */
export function keyTypeFor(alg: string): { readonly kty: string; readonly crv?: string } | null {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return { kty: "RSA" };
  if (alg === "ES256") return { kty: "EC", crv: "P-256" };
  if (alg === "ES384") return { kty: "EC", crv: "P-384" };
  if (alg === "ES512") return { kty: "EC", crv: "P-521" };
  if (alg === "EdDSA" || alg === "Ed25519") return { kty: "OKP", crv: "Ed25519" };
  if (isHmac(alg)) return { kty: "oct" };
  return null;
}
