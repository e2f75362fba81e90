import type { JWK } from "jose";
import type { NodeCrypto, NodeKeyObject } from "./node-crypto";
import { nodeParameters } from "./node-parameters";
import type { PreparedKey, SignatureBackend } from "./signature-backend";
import { webCryptoSignatures } from "./webcrypto-signatures";

/** Node's `Buffer`, where it is global: latin1 is the fastest exact encoding of ASCII. */
const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: "latin1"): Uint8Array } }).Buffer;
const encoder = new TextEncoder();

/** The `KeyObject` type each algorithm family needs. */
const KEY_TYPE: Readonly<Record<string, string>> = { RS: "rsa", PS: "rsa", ES: "ec", Ed: "ed25519" };

/**
 * The node:crypto backend: each JWK becomes a `KeyObject` once, with its digest and options
 * (`dsaEncoding: "ieee-p1363"` for ECDSA, PSS padding and salt length) built once. A check is
 * synchronous, or, when the verifier's placement says so (`offload`: many verifications in flight
 * and the pool measured faster on this machine, check-placement.ts), made on libuv's thread pool
 * with the callback form. HMAC keys stay on WebCrypto.
 */
export function nodeSignatures(crypto: NodeCrypto): SignatureBackend {
  const web = webCryptoSignatures();
  return {
    name: "node:crypto",
    prepare(jwk, alg) {
      let key: NodeKeyObject;
      try {
        key = crypto.createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
      } catch {
        // A runtime whose node:crypto cannot import this JWK (a partial implementation) still has
        // WebCrypto, which refuses the key there if it is really unusable.
        return web.prepare(jwk, alg);
      }
      const wanted = KEY_TYPE[alg.slice(0, 2)];
      if (key.asymmetricKeyType !== wanted) throw new TypeError(`a ${key.asymmetricKeyType} key cannot verify ${alg}`);
      const { digest, options } = nodeParameters(crypto, alg, key);
      return {
        offloads: true,
        verify(data, signature, offload) {
          if (!offload) {
            try {
              return crypto.verify(digest, data, options, signature);
            } catch {
              return false;
            }
          }
          return new Promise<boolean>((resolve) => {
            try {
              crypto.verify(digest, data, options, signature, (error, valid) => resolve(!error && valid));
            } catch {
              resolve(false);
            }
          });
        },
      } satisfies PreparedKey;
    },
    prepareSecret: (secret, alg) => web.prepareSecret(secret, alg),
    pemToJwk(pem) {
      return crypto.createPublicKey(pem).export({ format: "jwk" }) as JWK;
    },
    ascii: NodeBuffer ? (text) => NodeBuffer.from(text, "latin1") : (text) => encoder.encode(text),
    sha256(text) {
      return crypto.hash
        ? crypto.hash("sha256", text, "base64")
        : crypto.createHash("sha256").update(text).digest("base64");
    },
  };
}
