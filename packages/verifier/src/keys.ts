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

const imported = new WeakMap<object, Map<string, Promise<VerificationKey>>>();

/** Imports a JWK (or PEM) for one algorithm, once; an unusable key is `ERR_KEY_UNUSABLE`. */
export function importKey(key: JWK | string, alg: string): Promise<VerificationKey> {
  const holder = typeof key === "string" ? pemHolder(key) : key;
  let byAlg = imported.get(holder);
  if (!byAlg) imported.set(holder, (byAlg = new Map()));
  let pending = byAlg.get(alg);
  if (!pending) {
    pending = (typeof key === "string" ? importSPKI(key, alg) : importJWK({ ...key, ext: true }, alg)).catch(
      (error: unknown) => {
        throw refuse(
          "ERR_KEY_UNUSABLE",
          `The key${typeof key === "string" ? "" : ` "${key.kid ?? "(no kid)"}"`} cannot verify ${alg}.`,
          error,
        );
      },
    ) as Promise<VerificationKey>;
    byAlg.set(alg, pending);
  }
  return pending;
}

const pems = new Map<string, object>();
function pemHolder(pem: string): object {
  let holder = pems.get(pem);
  if (!holder) pems.set(pem, (holder = {}));
  return holder;
}
