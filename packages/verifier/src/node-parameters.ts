import type { NodeCrypto } from "./node-crypto";

const DIGESTS: Readonly<Record<string, string>> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** The `node:crypto` digest and key options of a JWS algorithm; see {@link nodeParameters}. */
export interface NodeParameters {
  /** `sha256`, `sha384`, `sha512`, or `null` for Ed25519. */
  readonly digest: string | null;
  /**
   * The key with its options, as `crypto.sign` and `crypto.verify` take it: the `KeyObject` itself
   * where no option is needed (RSA PKCS #1 v1.5, Ed25519), which node:crypto reads without looking
   * for options.
   */
  readonly options: unknown;
}

/**
 * The `node:crypto` digest and key options of a JWS algorithm for one `KeyObject`, built once per
 * key: ECDSA as raw `r‖s` (`dsaEncoding: "ieee-p1363"`, RFC 7518 §3.4), RSA-PSS with PSS padding
 * and a salt as long as the hash (RFC 7518 §3.5; node:crypto's default for verify would accept
 * any salt length), Ed25519 without a digest.
 */
export function nodeParameters(crypto: NodeCrypto, alg: string, key: unknown): NodeParameters {
  if (alg === "EdDSA" || alg === "Ed25519") return { digest: null, options: key };
  const digest = DIGESTS[alg.slice(2)] ?? "sha256";
  if (alg.startsWith("ES")) return { digest, options: { key, dsaEncoding: "ieee-p1363" } };
  if (alg.startsWith("PS")) {
    const saltLength = Number(alg.slice(2)) / 8;
    return { digest, options: { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength } };
  }
  return { digest, options: key };
}
