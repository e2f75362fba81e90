import { exportJWK, importJWK, importSPKI, type JWK } from "jose";
import { signatureParams } from "./raw-signature";
import type { PreparedKey, SignatureBackend } from "./signature-backend";

const HMAC_HASH: Readonly<Record<string, string>> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };
const encoder = new TextEncoder();

function prepared(key: CryptoKey, alg: string): PreparedKey {
  const params = signatureParams(alg);
  return {
    offloads: false,
    verify: (data, signature) =>
      crypto.subtle.verify(params, key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>),
  };
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The WebCrypto backend, for runtimes without `node:crypto` (edge runtimes, browsers): keys are
 * imported once as `CryptoKey`s (jose's `importJWK`) with their `crypto.subtle.verify` parameters
 * built once per key.
 */
export function webCryptoSignatures(): SignatureBackend {
  return {
    name: "webcrypto",
    async prepare(jwk, alg) {
      return prepared((await importJWK({ ...jwk, ext: true }, alg)) as CryptoKey, alg);
    },
    async prepareSecret(secret, alg) {
      const hash = HMAC_HASH[alg] ?? "SHA-256";
      const key = await crypto.subtle.importKey("raw", new Uint8Array(secret), { name: "HMAC", hash }, false, [
        "verify",
      ]);
      return prepared(key, alg);
    },
    async pemToJwk(pem, alg) {
      return (await exportJWK(await importSPKI(pem, alg, { extractable: true }))) as JWK;
    },
    ascii: (text) => encoder.encode(text),
    async sha256(text) {
      return base64(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
    },
  };
}
