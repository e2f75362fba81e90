import { exportJWK, importJWK, importSPKI, type JWK } from "jose";
import { keyTypeFor } from "./algorithms";
import { refuse } from "./errors";
import { publicKeyProblem } from "./jwk-hygiene";
import { quoteUntrusted } from "./untrusted-text";

/** A key ready for `compactVerify`, as jose accepts it. */
export type VerificationKey = CryptoKey | Uint8Array;

/** Equal to `wanted`, absent, or malformed (not a string): a malformed member is judged at import. */
const admits = (member: unknown, wanted: string) => typeof member !== "string" || member === wanted;

/**
 * The keys of a set that may verify a token with this header (strict rules): the same `kid`
 * (a token without `kid` needs a set with exactly one candidate), the key type and curve the
 * algorithm needs, a matching JWK `alg` if present, `use: "sig"` and `key_ops` with `verify` if
 * present, and never a symmetric (`oct`) key. A key whose `alg`, `use` or `key_ops` is malformed
 * stays a candidate, so that {@link importKey} refuses it by name instead of it silently not matching.
 */
export function candidateKeys(keys: readonly JWK[], alg: string, kid: string | undefined): JWK[] {
  const wanted = keyTypeFor(alg);
  return keys.filter((key) => {
    const ops: unknown = key.key_ops;
    return (
      wanted !== null &&
      key.kty === wanted.kty &&
      key.kty !== "oct" &&
      (wanted.crv === undefined || key.crv === wanted.crv) &&
      (kid === undefined || key.kid === kid) &&
      admits(key.alg, alg) &&
      admits(key.use, "sig") &&
      (!Array.isArray(ops) || ops.includes("verify"))
    );
  });
}

const importedJwks = new WeakMap<JWK, Map<string, Promise<VerificationKey>>>();
const importedPems = new Map<string, Promise<VerificationKey>>();

/**
 * Imports a JWK (or an SPKI PEM) for one algorithm, once. A key that fails the hygiene rules
 * (`publicKeyProblem`: weak, malformed, off its curve, of small order) or that WebCrypto cannot
 * import is `ERR_KEY_UNUSABLE`; a PEM is judged by the same rules as the JWK it exports to.
 */
export function importKey(key: JWK | string, alg: string): Promise<VerificationKey> {
  if (typeof key === "string") {
    return once(importedPems, `${alg} ${key}`, "The public key", async () => {
      const imported = await importSPKI(key, alg, { extractable: true });
      return [imported, publicKeyProblem(await exportJWK(imported))];
    });
  }
  let byAlg = importedJwks.get(key);
  if (!byAlg) {
    byAlg = new Map();
    importedJwks.set(key, byAlg);
  }
  return once(byAlg, alg, `The key ${quoteUntrusted(key.kid ?? "(no kid)")}`, async () => {
    const problem = publicKeyProblem(key as Readonly<Record<string, unknown>>);
    if (problem) return [null, problem];
    return [(await importJWK({ ...key, ext: true }, alg)) as VerificationKey, null];
  });
}

function once(
  cache: Map<string, Promise<VerificationKey>>,
  id: string,
  what: string,
  create: () => Promise<readonly [VerificationKey | null, string | null]>,
): Promise<VerificationKey> {
  let pending = cache.get(id);
  if (!pending) {
    const alg = id.split(" ")[0];
    pending = create().then(
      ([key, problem]) => {
        if (problem || !key) throw refuse("ERR_KEY_UNUSABLE", `${what} cannot verify ${alg}: it ${problem}.`);
        return key;
      },
      (error: unknown) => {
        throw refuse("ERR_KEY_UNUSABLE", `${what} cannot verify ${alg}.`, error);
      },
    );
    cache.set(id, pending);
  }
  return pending;
}
