import { type JWK, SignJWT } from "jose";
import { encodeBase64Url } from "./base64url";
import { importSigningKey, probeSigningKeySync } from "./bridge-signing-key";
import { nodeCrypto } from "./node-crypto";
import { nodeParameters } from "./node-parameters";

/** Signs the bridge's Jazz tokens with one key; see {@link bridgeSigner}. */
export interface BridgeSigner {
  /** Resolves once the key can sign; rejects with a `TypeError` otherwise (handled: never unhandled). */
  readonly ready: Promise<void>;
  /** A compact JWS of `payload` with the header `{ alg, kid, typ: "JWT" }`. */
  sign(payload: Readonly<Record<string, unknown>>): string | Promise<string>;
}

const encoder = new TextEncoder();

/** Node's `Buffer`, where it is global (Node, Bun, Deno's npm layer): one native step per encoding. */
const NodeBuffer = (
  globalThis as {
    Buffer?: {
      from(text: string, encoding?: "utf8" | "latin1"): Uint8Array & { toString(encoding: "base64url"): string };
      isBuffer(value: unknown): boolean;
    };
  }
).Buffer;

/** A UTF-8 string as base64url. */
const textToBase64Url = (text: string) =>
  NodeBuffer ? NodeBuffer.from(text, "utf8").toString("base64url") : encodeBase64Url(encoder.encode(text));
/** Bytes (a `Buffer` from `crypto.sign`, usually) as base64url. */
const bytesToBase64Url = (bytes: Uint8Array) =>
  NodeBuffer?.isBuffer(bytes)
    ? (bytes as unknown as { toString(encoding: "base64url"): string }).toString("base64url")
    : encodeBase64Url(bytes);
/** An ASCII string (a signing input) as bytes. */
const asciiBytes = (text: string) => (NodeBuffer ? NodeBuffer.from(text, "latin1") : encoder.encode(text));

/**
 * The signer for a bridge key (already checked by `checkBridgeKey`). Where the runtime has
 * `node:crypto`, the key is imported and test-signed synchronously (a key that cannot sign, or
 * whose private part does not belong to its public part, throws a `TypeError` here) and each token
 * is signed synchronously with a `KeyObject`, the header encoded once. Elsewhere the key is
 * imported for WebCrypto and tokens are signed with jose; `ready` says when that worked.
 *
 * @throws {TypeError} on node:crypto, when the key cannot sign or does not match its public part.
 */
export function bridgeSigner(key: JWK): BridgeSigner {
  const header = { alg: key.alg as string, kid: key.kid as string, typ: "JWT" };
  const crypto = nodeCrypto();
  if (crypto && probeSigningKeySync(key, crypto)) {
    const privateKey = crypto.createPrivateKey({ key: key as JsonWebKey, format: "jwk" });
    const { digest, options } = nodeParameters(crypto, header.alg, privateKey);
    const encodedHeader = textToBase64Url(JSON.stringify(header));
    return {
      ready: Promise.resolve(),
      sign(payload) {
        const input = `${encodedHeader}.${textToBase64Url(JSON.stringify(payload))}`;
        return `${input}.${bytesToBase64Url(crypto.sign(digest, asciiBytes(input), options))}`;
      },
    };
  }
  const privateKey = importSigningKey(key);
  const ready = privateKey.then(() => undefined);
  // Both are handled here, so a key that fails only on WebCrypto is never an unhandled rejection;
  // `ready` and `sign` still reject for whoever awaits them.
  privateKey.catch(() => undefined);
  ready.catch(() => undefined);
  return {
    ready,
    sign: async (payload) => new SignJWT({ ...payload }).setProtectedHeader(header).sign(await privateKey),
  };
}
