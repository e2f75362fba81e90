import { CompactSign, compactVerify, importJWK, type JWK } from "jose";
import { DEFAULT_ALGORITHMS, keyTypeFor } from "./algorithms";
import { privateKeyProblem, publicKeyProblem, withoutPrivateMaterial } from "./jwk-hygiene";
import { type NodeCrypto, nodeCrypto } from "./node-crypto";
import { quoteUntrusted } from "./untrusted-text";

/** The asymmetric algorithms Jazz verifies: the only ones a bridge signs with. */
const JAZZ_SIGNING_ALGORITHMS: ReadonlySet<string> = new Set(DEFAULT_ALGORITHMS);
const PROBE = new TextEncoder().encode("jazz-auth bridge key probe");

const misuse = (message: string, cause?: unknown) =>
  new TypeError(`[jazz-auth/verifier] bridge: ${message}`, cause === undefined ? undefined : { cause });

/**
 * Checks a key the bridge signs with (`private`) or publishes, from its members alone: `kid` and an
 * `alg` Jazz verifies, the key type and curve that `alg` needs, and the hygiene rules the verifier
 * applies to every key it uses (`publicKeyProblem`; for a signing key also a well-formed `d`).
 *
 * @throws {TypeError} naming the option and the problem.
 */
export function checkBridgeKey(key: JWK, name: string, role: "signing" | "published"): void {
  if (!key || typeof key !== "object" || typeof key.kid !== "string" || !key.kid || typeof key.alg !== "string")
    throw misuse(`${name} needs \`kid\` and \`alg\`.`);
  if (!JAZZ_SIGNING_ALGORITHMS.has(key.alg)) {
    throw misuse(`${name} uses ${quoteUntrusted(key.alg)}; Jazz verifies ${[...JAZZ_SIGNING_ALGORITHMS].join(", ")}.`);
  }
  const wanted = keyTypeFor(key.alg) ?? { kty: "unknown" };
  if (key.kty !== wanted.kty || (wanted.crv !== undefined && key.crv !== wanted.crv))
    throw misuse(`${name} is not a ${wanted.crv ?? wanted.kty} key, which ${key.alg} needs.`);
  const record = key as Readonly<Record<string, unknown>>;
  if (role === "signing" && !("d" in key)) throw misuse(`${name} must be a private JWK.`);
  const problem = role === "signing" ? privateKeyProblem(record) : publicKeyProblem(withoutPrivateMaterial(key));
  if (problem) throw misuse(`${name} ${problem}.`);
}

/** The public JWK the bridge publishes for a key: no private member, no `key_ops`, `use: "sig"`. */
export function publishedKey(key: JWK): JWK {
  const { key_ops: _ops, ext: _ext, ...rest } = withoutPrivateMaterial(key);
  return { ...rest, use: "sig" };
}

/**
 * Imports the signing key and test-signs with it, synchronously, where the runtime has
 * `node:crypto` (Node ≥ 20.16, Deno, Bun): the test signature must verify with the published key,
 * so a private part that does not belong to its public part is caught here. Returns `false` where
 * there is no synchronous crypto (edge runtimes); {@link importSigningKey} checks there.
 *
 * @throws {TypeError} when the key cannot sign, or its signature does not verify with its public part.
 */
export function probeSigningKeySync(key: JWK, crypto: NodeCrypto | undefined = nodeCrypto()): boolean {
  if (!crypto) return false;
  let verified: boolean;
  try {
    const hash = key.alg === "EdDSA" ? null : "sha256";
    const signature = crypto.sign(hash, PROBE, crypto.createPrivateKey({ key: key as JsonWebKey, format: "jwk" }));
    const publicKey = crypto.createPublicKey({ key: publishedKey(key) as JsonWebKey, format: "jwk" });
    verified = crypto.verify(hash, PROBE, publicKey, signature);
  } catch (error) {
    throw misuse("signingKey cannot be imported or cannot sign.", error);
  }
  if (!verified) throw misuse("signingKey's private part does not belong to its public part.");
  return true;
}

/**
 * Imports the signing key with WebCrypto (what jose signs with) and checks one test signature
 * against the published public key.
 *
 * @throws {TypeError} (as a rejection) when the key cannot be imported or does not verify.
 */
export async function importSigningKey(key: JWK): Promise<CryptoKey> {
  const alg = key.alg as string;
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(key, alg)) as CryptoKey;
    const probe = await new CompactSign(PROBE).setProtectedHeader({ alg }).sign(privateKey);
    await compactVerify(probe, await importJWK(publishedKey(key), alg));
  } catch (error) {
    throw misuse("signingKey cannot be imported, or its test signature does not verify with its public part.", error);
  }
  return privateKey;
}
