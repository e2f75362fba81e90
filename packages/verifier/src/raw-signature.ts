import { importJWK, type JWK } from "jose";

const HASH: Record<string, string> = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" };
const encoder = new TextEncoder();

/** The WebCrypto `verify` parameters of a JWS algorithm (RSA-PSS: a salt as long as the hash). */
export function signatureParams(alg: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const hash = HASH[alg.slice(2)] ?? "SHA-256";
  if (alg.startsWith("RS")) return { name: "RSASSA-PKCS1-v1_5" };
  if (alg.startsWith("PS")) return { name: "RSA-PSS", saltLength: Number(alg.slice(2)) / 8 } as RsaPssParams;
  if (alg.startsWith("ES")) return { name: "ECDSA", hash } as EcdsaParams;
  if (alg.startsWith("HS")) return { name: "HMAC" };
  return { name: "Ed25519" };
}

/**
 * Checks a JWS signature over `header.payload` with a key imported for `alg` (jose's `importJWK`),
 * straight through WebCrypto: the header rules are the caller's. An ECDSA signature must be the
 * raw `r‖s` of the curve's size (a DER signature does not verify).
 */
export async function verifySignature(
  alg: string,
  key: CryptoKey,
  signingInput: string,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  return crypto.subtle.verify(signatureParams(alg), key, signature, encoder.encode(signingInput));
}

/**
 * Checks a JWS signature with a JWK and nothing else: no `crit` or other header rules, and HMAC
 * (`oct`) keys allowed, as the Jazz server's `jsonwebtoken` does. Resolves false on any mismatch,
 * including a key of the wrong type for the algorithm.
 */
export async function verifyRawSignature(
  alg: string,
  jwk: JWK,
  signingInput: string,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    let key = await importJWK({ ...jwk, ext: true }, alg);
    if (key instanceof Uint8Array) {
      const hash = HASH[alg.slice(2)] ?? "SHA-256";
      key = await crypto.subtle.importKey("raw", new Uint8Array(key), { name: "HMAC", hash }, false, ["verify"]);
    }
    return await verifySignature(alg, key as CryptoKey, signingInput, signature);
  } catch {
    return false;
  }
}
