import { importJWK, importSPKI, type JWK } from "jose";
import { keyTypeFor } from "./algorithms";
import { refuse } from "./errors";

/** A key ready for `compactVerify`, as jose accepts it. */
export type VerificationKey = CryptoKey | Uint8Array;

/**
 * The keys of a set that may verify a token with this header (strict rules): the same `kid`
 * (a token without `kid` needs a set with exactly one candidate), the key type and curve the
 * algorithm needs, a matching JWK `alg` if present, `use: "sig"` and `key_ops` with `verify` if
 * present, and never a symmetric (`oct`) key.
 */
export function candidateKeys(keys: readonly JWK[], alg: string, kid: string | undefined): JWK[] {
  const wanted = keyTypeFor(alg);
  return keys.filter(
    (key) =>
      wanted !== null &&
      key.kty === wanted.kty &&
      key.kty !== "oct" &&
      (wanted.crv === undefined || key.crv === wanted.crv) &&
      (kid === undefined || key.kid === kid) &&
      (key.alg === undefined || key.alg === alg) &&
      (key.use === undefined || key.use === "sig") &&
      (key.key_ops === undefined || key.key_ops.includes("verify")),
  );
}

const importedJwks = new WeakMap<JWK, Map<string, Promise<VerificationKey>>>();
const importedPems = new Map<string, Promise<VerificationKey>>();

/** Imports a JWK (or an SPKI PEM) for one algorithm, once; an unusable key is `ERR_KEY_UNUSABLE`. */
export function importKey(key: JWK | string, alg: string): Promise<VerificationKey> {
  if (typeof key === "string") return once(importedPems, `${alg} ${key}`, () => importSPKI(key, alg), "The public key");
  let byAlg = importedJwks.get(key);
  if (!byAlg) {
    byAlg = new Map();
    importedJwks.set(key, byAlg);
  }
  return once(
    byAlg,
    alg,
    () => importJWK({ ...key, ext: true }, alg) as Promise<VerificationKey>,
    `The key "${key.kid ?? "(no kid)"}"`,
  );
}

function once(
  cache: Map<string, Promise<VerificationKey>>,
  id: string,
  create: () => Promise<VerificationKey>,
  what: string,
): Promise<VerificationKey> {
  let pending = cache.get(id);
  if (!pending) {
    const alg = id.split(" ")[0];
    pending = create()
      .then((key) => {
        const bits = (key as CryptoKey).algorithm as { modulusLength?: number };
        if (bits.modulusLength !== undefined && bits.modulusLength < 2048)
          throw new RangeError(`an RSA key of ${bits.modulusLength} bits`);
        return key;
      })
      .catch((error: unknown) => {
        throw refuse("ERR_KEY_UNUSABLE", `${what} cannot verify ${alg}.`, error);
      });
    cache.set(id, pending);
  }
  return pending;
}
