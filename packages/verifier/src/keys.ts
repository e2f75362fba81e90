import type { JWK } from "jose";
import { keyTypeFor } from "./algorithms";
import { refuse, VerificationError } from "./errors";
import { publicKeyProblem } from "./jwk-hygiene";
import type { PreparedKey, SignatureBackend } from "./signature-backend";
import { quoteUntrusted } from "./untrusted-text";

/** Equal to `wanted`, absent, or malformed (not a string): a malformed member is judged at import. */
const admits = (member: unknown, wanted: string) => typeof member !== "string" || member === wanted;

/**
 * The keys of a set that may verify a token with this header (strict rules): the same `kid`
 * (a token without `kid` needs a set with exactly one candidate), the key type and curve the
 * algorithm needs, a matching JWK `alg` if present, `use: "sig"` and `key_ops` with `verify` if
 * present, and never a symmetric (`oct`) key. A key whose `alg`, `use` or `key_ops` is malformed
 * stays a candidate, so that the key store refuses it by name instead of it silently not matching.
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

/** A key being converted, converted, or refused: kept so each key is converted at most once per algorithm. */
type Slot =
  | { readonly state: "ready"; readonly key: PreparedKey }
  | { readonly state: "pending"; readonly promise: Promise<PreparedKey> }
  | { readonly state: "failed"; readonly error: VerificationError };

/** Converts keys for one verifier's backend, once per key and algorithm; see {@link createKeyStore}. */
export interface KeyStore {
  /** The JWK for `alg`, synchronously when the backend converts synchronously or it was converted before. */
  jwk(key: JWK, alg: string): PreparedKey | Promise<PreparedKey>;
  /** An SPKI PEM for `alg`, judged by the same rules as the JWK it exports to. */
  pem(pem: string, alg: string): PreparedKey | Promise<PreparedKey>;
  /** The HMAC secret for `alg`. */
  secret(secret: Uint8Array, alg: string): PreparedKey | Promise<PreparedKey>;
}

/** True when a JWK has the key type and curve `alg` needs (a PEM is not filtered by `candidateKeys`). */
function fits(key: JWK, alg: string): boolean {
  const wanted = keyTypeFor(alg);
  return wanted !== null && key.kty === wanted.kty && (wanted.crv === undefined || key.crv === wanted.crv);
}

/**
 * A store of converted keys for a backend. A key that fails the hygiene rules (`publicKeyProblem`:
 * weak, malformed, off its curve, of small order), does not fit the algorithm, or that the runtime
 * cannot import is `ERR_KEY_UNUSABLE`, and stays refused. Keys are held weakly (per JWK object), so
 * a key set that is replaced takes its converted keys with it.
 */
export function createKeyStore(backend: SignatureBackend): KeyStore {
  const byJwk = new WeakMap<JWK, Map<string, Slot>>();
  const byPem = new Map<string, Slot>();
  const bySecret = new Map<string, Slot>();

  function settle(
    slots: Map<string, Slot>,
    id: string,
    what: string,
    alg: string,
    create: () => PreparedKey | Promise<PreparedKey>,
  ) {
    const existing = slots.get(id);
    if (existing) return read(existing);
    const failedWith = (problem: string | null, cause?: unknown) =>
      refuse("ERR_KEY_UNUSABLE", `${what} cannot verify ${alg}${problem ? `: it ${problem}` : ""}.`, cause);
    let slot: Slot;
    try {
      const created = create();
      if (created instanceof Promise) {
        const promise = created.catch((error: unknown) => {
          const refusal = error instanceof VerificationError ? error : failedWith(null, error);
          slots.set(id, { state: "failed", error: refusal });
          throw refusal;
        });
        promise.then(
          (key) => slots.set(id, { state: "ready", key }),
          () => undefined,
        );
        slot = { state: "pending", promise };
      } else {
        slot = { state: "ready", key: created };
      }
    } catch (error) {
      slot = { state: "failed", error: error instanceof VerificationError ? error : failedWith(null, error) };
    }
    slots.set(id, slot);
    return read(slot);
  }

  const check = (jwk: JWK, alg: string, what: string) => {
    const problem =
      publicKeyProblem(jwk as Readonly<Record<string, unknown>>) ?? (fits(jwk, alg) ? null : `is not a key for ${alg}`);
    if (problem) throw refuse("ERR_KEY_UNUSABLE", `${what} cannot verify ${alg}: it ${problem}.`);
  };

  return {
    jwk(key, alg) {
      let slots = byJwk.get(key);
      if (!slots) {
        slots = new Map();
        byJwk.set(key, slots);
      }
      const what = `The key ${quoteUntrusted(key.kid ?? "(no kid)")}`;
      return settle(slots, alg, what, alg, () => {
        check(key, alg, what);
        return backend.prepare(key, alg);
      });
    },
    pem(pem, alg) {
      return settle(byPem, `${alg} ${pem}`, "The public key", alg, () => {
        const jwk = backend.pemToJwk(pem, alg);
        const prepare = (exported: JWK) => {
          check(exported, alg, "The public key");
          return backend.prepare(exported, alg);
        };
        return jwk instanceof Promise ? jwk.then(prepare) : prepare(jwk);
      });
    },
    secret(secret, alg) {
      return settle(bySecret, alg, "The secret", alg, () => backend.prepareSecret(secret, alg));
    },
  };
}

function read(slot: Slot): PreparedKey | Promise<PreparedKey> {
  if (slot.state === "ready") return slot.key;
  if (slot.state === "pending") return slot.promise;
  throw slot.error;
}
