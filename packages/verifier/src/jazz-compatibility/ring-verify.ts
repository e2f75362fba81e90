import { decodeBase64Url } from "../base64url";
import { verifySignature } from "../raw-signature";
import type { RustJwk } from "./rust-types";

/** Why a candidate key did not verify, in the server's terms. */
export type RingResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly stage: "key" | "family" | "signature";
      readonly detail: string;
      readonly note?: string;
    };

const FAMILY: Record<string, RustJwk["kty"]> = { HS: "oct", RS: "RSA", PS: "RSA", ES: "EC", Ed: "OKP" };
const HASH: Record<string, string> = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" };
const COORDINATE: Record<string, { crv: string; bytes: number }> = {
  ES256: { crv: "P-256", bytes: 32 },
  ES384: { crv: "P-384", bytes: 48 },
};
const encoder = new TextEncoder();
const b64u = (bytes: Uint8Array) => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
};
const bitLength = (bytes: Uint8Array) => {
  const first = bytes[0] ?? 0;
  return bytes.length === 0 ? 0 : (bytes.length - 1) * 8 + (32 - Math.clz32(first));
};
const fail = (stage: "key" | "family" | "signature", detail: string, note?: string): RingResult =>
  note ? { ok: false, stage, detail, note } : { ok: false, stage, detail };

/**
 * Verifies one candidate as jsonwebtoken 9.3.1 with ring 0.17 does for the server:
 * `DecodingKey::from_jwk` decodes the components as strict unpadded base64url (decoding.rs:177-194,
 * serialization.rs:10-12; a failure skips the key, auth.rs:744-749); the key's family must be the
 * algorithm's (decoding.rs:216-221); HMAC re-signs and compares the signature text
 * (crypto/mod.rs:75-79); EC joins `0x04‖x‖y` and ignores `crv` (decoding.rs:116-129, the curve
 * comes from `alg`, crypto/ecdsa.rs:8-16); OKP uses `x` as an Ed25519 key whatever `crv` says
 * (decoding.rs:168-174, crypto/eddsa.rs:8-15); RSA (crypto/rsa.rs:8-18 `RSA_*_2048_8192_*`) needs
 * a modulus without a leading zero byte whose length rounded up to bytes is at least 2048 bits (so
 * 2041 bits pass) and that is at most 8192 bits (ring 0.17.14 src/rsa/public_modulus.rs:57-70,
 * src/arithmetic/bigint/modulusvalue.rs:53-56), an odd exponent of 3 to 2^33-1 without leading
 * zeros (src/rsa/public_exponent.rs `from_be_bytes`), and a signature as long as the modulus
 * (src/rsa/public_key.rs `exponentiate`).
 */
export async function ringVerify(
  alg: string,
  jwk: RustJwk,
  signingInput: string,
  signatureText: string,
): Promise<RingResult> {
  const component = (value: string | undefined) => (value === undefined ? null : decodeBase64Url(value));
  const family = FAMILY[alg.slice(0, 2)];
  const parts: Record<string, Uint8Array | null> =
    jwk.kty === "oct"
      ? { k: component(jwk.k) }
      : jwk.kty === "RSA"
        ? { n: component(jwk.n), e: component(jwk.e) }
        : jwk.kty === "EC"
          ? { x: component(jwk.x), y: component(jwk.y) }
          : { x: component(jwk.x) };
  const broken = Object.entries(parts).find(([, bytes]) => bytes === null);
  if (broken) return fail("key", `failed to build decoding key: \`${broken[0]}\` is not unpadded base64url`);
  if (family !== jwk.kty) return fail("family", "InvalidAlgorithm: the key's type is not the algorithm's");
  try {
    if (jwk.kty === "oct") {
      const secret = parts.k as Uint8Array<ArrayBuffer>;
      // HMAC pads a short key with zeros, so an empty key is the one-zero-byte key; WebCrypto refuses empty ones.
      const raw = secret.length === 0 ? new Uint8Array(1) : secret;
      const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: HASH[alg.slice(2)] ?? "" }, false, [
        "sign",
      ]);
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signingInput)));
      return b64u(mac) === signatureText ? { ok: true } : fail("signature", "InvalidSignature");
    }
    const signature = decodeBase64Url(signatureText);
    if (!signature) return fail("signature", "the signature is not unpadded base64url");
    if (jwk.kty === "RSA") {
      const n = parts.n as Uint8Array;
      const e = parts.e as Uint8Array;
      // ring src/arithmetic/bigint/modulusvalue.rs:53-56 refuses leading zero bytes; public_modulus.rs:57-70
      // compares the minimum with the length rounded up to whole bytes (2041 bits pass) and the maximum exactly.
      if (n[0] === 0) return fail("signature", "ring refuses a modulus with leading zero bytes");
      const bits = bitLength(n);
      if (n.length * 8 < 2048 || bits > 8192)
        return fail("signature", `ring refuses a ${bits}-bit RSA modulus (2041-8192)`);
      const exponent = e.length === 0 || e.length > 5 || e[0] === 0 ? -1 : e.reduce((acc, byte) => acc * 256 + byte, 0);
      if (exponent < 3 || exponent > 2 ** 33 - 1 || exponent % 2 === 0)
        return fail("signature", "ring refuses this RSA public exponent (odd, 3 to 2^33-1, no leading zeros)");
      if (signature.length !== n.length)
        return fail("signature", "InvalidSignature (length is not the modulus length)");
      const name = alg.startsWith("PS") ? "RSA-PSS" : "RSASSA-PKCS1-v1_5";
      const key = await crypto.subtle.importKey(
        "jwk",
        { kty: "RSA", n: b64u(n), e: b64u(e) },
        { name, hash: HASH[alg.slice(2)] ?? "" },
        false,
        ["verify"],
      );
      return (await verifySignature(alg, key, signingInput, signature))
        ? { ok: true }
        : fail("signature", "InvalidSignature");
    }
    if (jwk.kty === "EC") {
      const curve = COORDINATE[alg];
      const point = new Uint8Array([...(parts.x as Uint8Array), ...(parts.y as Uint8Array)]);
      if (!curve || point.length !== curve.bytes * 2)
        return fail("signature", "InvalidSignature (not a point of the curve)");
      const key = await crypto.subtle.importKey(
        "jwk",
        { kty: "EC", crv: curve.crv, x: b64u(point.subarray(0, curve.bytes)), y: b64u(point.subarray(curve.bytes)) },
        { name: "ECDSA", namedCurve: curve.crv },
        false,
        ["verify"],
      );
      return (await verifySignature(alg, key, signingInput, signature))
        ? { ok: true }
        : fail("signature", "InvalidSignature");
    }
    const x = parts.x as Uint8Array;
    if (x.length !== 32) return fail("signature", "InvalidSignature (an Ed25519 key is 32 bytes)");
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: "OKP", crv: "Ed25519", x: b64u(x) },
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    return (await verifySignature(alg, key, signingInput, signature))
      ? { ok: true }
      : fail("signature", "InvalidSignature");
  } catch (error) {
    return fail("signature", `InvalidSignature (${(error as Error).message})`);
  }
}
