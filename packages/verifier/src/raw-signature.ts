import { importJWK, type JWK } from "jose";

const HASH: Record<string, string> = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" };

/** WebCrypto parameters for a JWS algorithm. */
function params(alg: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const hash = HASH[alg.slice(2)] ?? "SHA-256";
  if (alg.startsWith("RS")) return { name: "RSASSA-PKCS1-v1_5" };
  if (alg.startsWith("PS")) return { name: "RSA-PSS", saltLength: Number(alg.slice(2)) / 8 } as RsaPssParams;
  if (alg.startsWith("ES")) return { name: "ECDSA", hash } as EcdsaParams;
  if (alg.startsWith("HS")) return { name: "HMAC" };
  return { name: "Ed25519" };
}

/**
 * Checks a JWS signature with WebCrypto and nothing else: no `crit` or other header rules, as
 * the Jazz server's `jsonwebtoken` does. Resolves false on any mismatch, including a key of the
 * wrong type for the algorithm.
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
    return await crypto.subtle.verify(params(alg), key as CryptoKey, signature, new TextEncoder().encode(signingInput));
  } catch {
    return false;
  }
}
