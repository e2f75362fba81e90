import type { JWK } from "jose";
import { nodeCrypto } from "./node-crypto";
import { nodeSignatures } from "./node-signatures";
import { webCryptoSignatures } from "./webcrypto-signatures";

/** A public key converted once for one algorithm, ready to check signatures. */
export interface PreparedKey {
  /**
   * Checks `signature` over `data`. With `offload`, a backend that can moves the work off the calling
   * thread (node:crypto's thread pool, the callback form) instead of doing it synchronously.
   * Resolves (or returns) `false` for any signature that does not verify.
   */
  verify(data: Uint8Array, signature: Uint8Array, offload: boolean): boolean | Promise<boolean>;
  /**
   * True when `offload` can move this key's checks off the thread (node:crypto): the verifier then
   * places them with the thread's placement (check-placement.ts). False when a check is always a
   * promise (WebCrypto), which is made at once.
   */
  readonly offloads: boolean;
}

/** Where signatures are checked: `node:crypto` on a `KeyObject`, or WebCrypto on a `CryptoKey`. */
export interface SignatureBackend {
  /** `"node:crypto"` on Node, Bun and Deno; `"webcrypto"` on edge runtimes and in browsers. */
  readonly name: "node:crypto" | "webcrypto";
  /**
   * Converts a public JWK, already judged sound by `publicKeyProblem`, for `alg`: synchronously on
   * node:crypto. Throws (or rejects) when the runtime cannot import it.
   */
  prepare(jwk: JWK, alg: string): PreparedKey | Promise<PreparedKey>;
  /** An HMAC key for `alg` (HS256/384/512) from the configured secret. */
  prepareSecret(secret: Uint8Array, alg: string): Promise<PreparedKey>;
  /** The public JWK of an SPKI PEM. Throws (or rejects) when it is not one. */
  pemToJwk(pem: string, alg: string): JWK | Promise<JWK>;
  /** The bytes of an ASCII string (a JWS signing input). */
  ascii(text: string): Uint8Array;
  /** SHA-256 of a string (UTF-8), base64: the verified-token cache's key. */
  sha256(text: string): string | Promise<string>;
}

/**
 * The backend for this runtime: node:crypto where `process.getBuiltinModule("node:crypto")` gives
 * it (faster: no WebCrypto dispatch, a synchronous check), WebCrypto everywhere else. Both apply
 * the same parameters: ECDSA as raw `r‖s` (ieee-p1363) of the curve's size, RSA-PSS with the
 * salt length equal to the hash length, Ed25519 as specified; the key rules run before either.
 */
export function signatureBackend(): SignatureBackend {
  const crypto = nodeCrypto();
  return crypto ? nodeSignatures(crypto) : webCryptoSignatures();
}
