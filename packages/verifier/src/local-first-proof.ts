import { compactVerify, importJWK } from "jose";
import { decodeBase64Url } from "./base64url";
import { parseCompactJws } from "./compact";
import { strictPointProblem, strictSignatureProblem } from "./ed25519-strict";
import { refuse } from "./errors";
import { quoteUntrusted } from "./untrusted-text";
import { jazzUserIdForPublicKey, normalizeJazzAudience } from "./uuid";

/** Options of {@link verifyLocalFirstProof}. */
export interface LocalFirstProofOptions {
  /** The audience the proof must be for: your app id, or a dedicated one such as `"betterauth-signup"`. */
  readonly audience: string;
  /** The time to check against (default now). */
  readonly now?: Date;
  /** The longest `exp − iat` accepted (default 3600, Jazz's own limit; prefer 60-300 for sign-up). */
  readonly maxTtlSeconds?: number;
}

/** A verified local-first identity proof. */
export interface LocalFirstProof {
  /** The Jazz user id the proof's key controls: give the new account exactly this `sub`. */
  readonly userId: string;
  /** `urn:jazz:local-first` or `urn:jazz:anonymous`. */
  readonly issuer: string;
  /** The Ed25519 public key, base64url. */
  readonly publicKey: string;
}

const ISSUERS = new Set(["urn:jazz:local-first", "urn:jazz:anonymous"]);
const CLAIMS = new Set(["iss", "sub", "aud", "jazz_pub_key", "iat", "exp"]);
const MAX_FUTURE_IAT_SECONDS = 60;

/**
 * Verifies a Jazz local-first identity proof (`db.getLocalFirstIdentityProof()`) the way the Jazz
 * server does (garden-co/jazz at 6a363411a, crates/jazz-tools/src/identity.rs:160
 * `verify_jazz_self_signed_proof_with_max_ttl_at`), in TypeScript with WebCrypto, so a sign-up server
 * needs no native module: an `EdDSA` header, a self-signed issuer, the normalised audience, a
 * 32-byte `jazz_pub_key`, a strict Ed25519 signature (small-order keys and non-canonical
 * signatures refused, as ed25519-dalek's `verify_strict`), `sub` equal to the key's Jazz user id,
 * `iat` at most 60 s ahead, `exp` after now, `exp − iat` at most `maxTtlSeconds`, and no other claim.
 * A proof can be replayed until it expires: keep the TTL short and remember used ones.
 *
 * @throws {VerificationError} with the code of the first rule that fails.
 *
 * @example
 * ```ts
 * const { userId } = await verifyLocalFirstProof(body.proofToken, { audience: "betterauth-signup" });
 * ```
 */
export async function verifyLocalFirstProof(token: string, options: LocalFirstProofOptions): Promise<LocalFirstProof> {
  if (typeof options?.audience !== "string" || !options.audience) {
    throw new TypeError("[jazz-auth/verifier] verifyLocalFirstProof needs an `audience`.");
  }
  const { header, payload, signature } = parseCompactJws(token, 4096);
  if ("crit" in header) throw refuse("ERR_CRIT_UNSUPPORTED", "A proof has no critical header extensions.");
  if (header.alg !== "EdDSA") throw refuse("ERR_ALG_NOT_ALLOWED", "A local-first proof is signed with EdDSA.");
  const unknown = Object.keys(payload).filter((claim) => !CLAIMS.has(claim));
  if (unknown.length > 0)
    throw refuse("ERR_CLAIM_INVALID", `A proof carries no other claims (found ${quoteUntrusted(unknown.join(", "))}).`);
  const { iss, sub, aud, jazz_pub_key: encodedKey, iat, exp } = payload;
  if (typeof iss !== "string" || !ISSUERS.has(iss))
    throw refuse("ERR_ISSUER_MISMATCH", "`iss` is not a Jazz self-signed issuer.");
  if (aud !== (await normalizeJazzAudience(options.audience))) {
    throw refuse("ERR_AUDIENCE_MISMATCH", "The proof is for another audience.");
  }
  const publicKey = typeof encodedKey === "string" ? decodeBase64Url(encodedKey) : null;
  if (publicKey?.length !== 32)
    throw refuse("ERR_CLAIM_INVALID", "`jazz_pub_key` must be a 32-byte base64url Ed25519 key.");
  const keyProblem = strictPointProblem(publicKey);
  if (keyProblem) throw refuse("ERR_KEY_UNUSABLE", `\`jazz_pub_key\` ${keyProblem}.`);
  const signatureProblem = strictSignatureProblem(decodeBase64Url(signature) ?? new Uint8Array());
  if (signatureProblem) throw refuse("ERR_SIGNATURE_INVALID", `The signature ${signatureProblem}.`);
  try {
    const key = await importJWK({ kty: "OKP", crv: "Ed25519", x: encodedKey as string }, "EdDSA");
    await compactVerify(token, key, { algorithms: ["EdDSA"] });
  } catch (error) {
    throw refuse("ERR_SIGNATURE_INVALID", "The proof's signature does not verify with its `jazz_pub_key`.", error);
  }
  // The server derives the user id from the key and compares `sub` verbatim, untrimmed
  // (garden-co/jazz identity.rs:241-247): the id returned is the derived one.
  const userId = await jazzUserIdForPublicKey(publicKey);
  if (sub !== userId) throw refuse("ERR_CLAIM_INVALID", "`sub` is not the Jazz user id of `jazz_pub_key`.");
  if (!Number.isSafeInteger(iat) || (iat as number) < 0 || !Number.isSafeInteger(exp) || (exp as number) < 0) {
    throw refuse("ERR_CLAIM_INVALID", "`iat` and `exp` must be non-negative integers.");
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if ((iat as number) > now + MAX_FUTURE_IAT_SECONDS)
    throw refuse("ERR_ISSUED_IN_FUTURE", "`iat` is more than 60 s ahead.");
  if ((exp as number) <= now) throw refuse("ERR_EXPIRED", "The proof has expired.");
  if ((exp as number) - (iat as number) > (options.maxTtlSeconds ?? 3600)) {
    throw refuse("ERR_LIFETIME_TOO_LONG", `The proof lives longer than ${options.maxTtlSeconds ?? 3600} s.`);
  }
  return { userId, issuer: iss, publicKey: encodedKey as string };
}
