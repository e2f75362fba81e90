import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { jazzUserIdForPublicKey, normalizeJazzAudience } from "@jazz-auth/verifier";

/** Options of {@link mintLocalFirstProof}. */
export interface MintLocalFirstProofOptions {
  /** The audience (app id or a dedicated string); normalised as Jazz does. */
  readonly audience: string;
  /** Default `urn:jazz:local-first`. */
  readonly issuer?: string;
  /** Default 60 s, as `db.getLocalFirstIdentityProof()`. */
  readonly ttlSeconds?: number;
  readonly now?: Date;
  /** Claims to add or override (`undefined` removes one), for negative tests. */
  readonly claims?: Record<string, unknown>;
}

/** The Ed25519 identity a Jazz client derives from its local-first secret. */
export interface LocalFirstIdentity {
  /** The Jazz user id (UUIDv5 of the public key). */
  readonly userId: string;
  /** The public key, base64url. */
  readonly publicKey: string;
  sign(data: Uint8Array): Uint8Array;
}

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The identity behind a Jazz local-first secret (32 bytes, or their base64url): the signing key is
 * the first 32 bytes of SHA-512 over the ASCII string `jazz-auth-sign-v1` followed by the seed.
 */
export async function localFirstIdentity(seed: Uint8Array | string): Promise<LocalFirstIdentity> {
  const seedBytes = typeof seed === "string" ? Buffer.from(seed, "base64url") : Buffer.from(seed);
  if (seedBytes.length !== 32) throw new TypeError("A Jazz local-first secret is 32 bytes.");
  const signingSeed = createHash("sha512").update("jazz-auth-sign-v1").update(seedBytes).digest().subarray(0, 32);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, signingSeed]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey).export({ format: "jwk" }).x ?? "";
  return {
    userId: await jazzUserIdForPublicKey(Buffer.from(publicKey, "base64url")),
    publicKey,
    sign: (data) => new Uint8Array(sign(null, data, privateKey)),
  };
}

/**
 * Mints a local-first identity proof the way a Jazz client's `db.getLocalFirstIdentityProof()`
 * does: EdDSA, `iss: urn:jazz:local-first`, `sub` = the key's Jazz user id, the normalised `aud`,
 * `jazz_pub_key`, `iat` and `exp`. For tests of sign-up servers.
 *
 * @example
 * ```ts
 * const proof = await mintLocalFirstProof(crypto.getRandomValues(new Uint8Array(32)), { audience: "betterauth-signup" });
 * ```
 */
export async function mintLocalFirstProof(
  seed: Uint8Array | string,
  options: MintLocalFirstProofOptions,
): Promise<string> {
  const identity = await localFirstIdentity(seed);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload: Record<string, unknown> = {
    iss: options.issuer ?? "urn:jazz:local-first",
    sub: identity.userId,
    aud: await normalizeJazzAudience(options.audience),
    jazz_pub_key: identity.publicKey,
    iat,
    exp: iat + (options.ttlSeconds ?? 60),
    ...options.claims,
  };
  for (const [claim, value] of Object.entries(payload)) if (value === undefined) delete payload[claim];
  const input = `${encode({ alg: "EdDSA", typ: "JWT" })}.${encode(payload)}`;
  return `${input}.${Buffer.from(identity.sign(new TextEncoder().encode(input))).toString("base64url")}`;
}
