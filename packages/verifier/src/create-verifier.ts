import type { JWK } from "jose";
import { checkClaims } from "./claims";
import { type HeaderMemo, parseCompactJws } from "./compact";
import { refuse } from "./errors";
import { deepFreeze } from "./frozen";
import { checkHeader } from "./header-rules";
import { verificationsInFlight } from "./in-flight";
import { type JazzClaims, jazzSessionClaims } from "./jazz-session";
import { remoteKeySource } from "./jwks-cache";
import { type KeySource, keySetProblem, staticKeySource } from "./jwks-source";
import { createKeySelection } from "./key-selection";
import { createKeyStore } from "./keys";
import { resolveOptions, type VerifierOptions } from "./options";
import { type PreparedKey, signatureBackend } from "./signature-backend";
import { type CachedTimes, createVerifiedTokenCache } from "./verified-token-cache";

/** A token that passed every check. Its `payload`, `header` and `claims` are frozen. */
export interface VerifiedToken {
  /** `sub` trimmed as Rust's `str::trim` trims it: exactly what the Jazz server puts in `session.user_id`. */
  readonly userId: string;
  /** The token's `iss`, or `null`. */
  readonly issuer: string | null;
  /** Exactly what the Jazz server puts in `session.claims` for this token. */
  readonly claims: JazzClaims;
  /** When the token expires; `null` only when `requireExp` is false and it has no `exp`. */
  readonly expiresAt: Date | null;
  /** The token's payload (frozen). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The token's protected header (frozen). */
  readonly header: Readonly<Record<string, unknown>>;
}

/** A strict verifier; see {@link createVerifier}. */
export interface Verifier {
  /** Resolves the verified token, or rejects with a {@link VerificationError}. */
  verify(token: string): Promise<VerifiedToken>;
}

/**
 * Creates a strict verifier: it refuses by default and says why with a typed code. Checks, in
 * order: size and canonical compact format, header (`crit`, `alg` against the allow-list, never
 * `none`, HMAC only with a configured secret), the key (exact `kid`, key type and curve for the
 * algorithm, one forced JWKS refetch per cooldown for an unknown `kid` or a bad signature), the
 * signature, then `exp` (required, integer), `nbf`, `iat`, `iss`, `aud` and `sub`.
 *
 * Keys follow the hygiene rules (`publicKeyProblem`): a chosen key that is weak or malformed is
 * `ERR_KEY_UNUSABLE`; a fetched set publishing private material (an `oct` key's `k` included) is
 * refused whole, and a `jwks`/`publicKey` option that does is a `TypeError`. Error messages quote
 * token and key content escaped and cut short, never whole.
 *
 * Signatures are checked with `node:crypto` where the runtime has it (Node, Bun, Deno) and with
 * WebCrypto elsewhere, with the same rules. A token verified before is answered from a bounded
 * cache while its time claims and the key set allow (`tokenCache`, docs/server/verifier.md).
 *
 * @throws {TypeError} when the options are missing or contradictory, or a given key set holds private material.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ preset: firebase({ projectId: "my-app" }) });
 * const { userId, claims } = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveOptions(options);
  const { algorithms, clock, key } = resolved;
  const backend = signatureBackend();
  const store = createKeyStore(backend);
  const keySource: KeySource | null =
    key.kind === "url"
      ? remoteKeySource(key.url, resolved.jwksCache, resolved.fetch, clock)
      : key.kind === "jwks"
        ? staticKeySource(givenKeySet(key.keys, "the `jwks` option"))
        : key.kind === "publicKey" && typeof key.key !== "string"
          ? staticKeySource(givenKeySet([key.key], "the `publicKey` option"))
          : null;
  const cache = resolved.tokenCache
    ? createVerifiedTokenCache<VerifiedToken>(resolved.tokenCache, resolved.toleranceSeconds)
    : null;
  const knownHeaders: HeaderMemo = new Map();
  const keys = createKeySelection(key, keySource, store);

  /** Checks one signature with one key; a key that throws is `ERR_KEY_UNUSABLE`. */
  function check(prepared: PreparedKey, data: Uint8Array, signature: Uint8Array, alg: string) {
    const unusable = (error: unknown) => refuse("ERR_KEY_UNUSABLE", `The key cannot verify this ${alg} token.`, error);
    try {
      const checked = prepared.verify(data, signature, verificationsInFlight.busy());
      return typeof checked === "boolean"
        ? checked
        : checked.catch((error: unknown) => {
            throw unusable(error);
          });
    } catch (error) {
      throw unusable(error);
    }
  }

  /** After a bad signature: the provider may have rotated a key under the same kid, so refetch once per cooldown. */
  async function refetchOrRefuse(): Promise<void> {
    if (!keySource || (await keySource.refresh()) !== "changed") {
      throw refuse("ERR_SIGNATURE_INVALID", "The signature does not verify.");
    }
  }

  /** Checks the signature with the key the set gives (at most two tries: before and after a refetch); returns the set. */
  async function checkSignature(
    data: Uint8Array,
    signature: Uint8Array,
    alg: string,
    kid: string | undefined,
    failedOnce: boolean,
  ): Promise<object> {
    if (failedOnce) await refetchOrRefuse();
    for (let attempt = failedOnce ? 1 : 0; ; attempt++) {
      const { key: prepared, set } = await keys.select(alg, kid);
      const checked = check(prepared, data, signature, alg);
      if (typeof checked === "boolean" ? checked : await checked) return set;
      if (attempt > 0) throw refuse("ERR_SIGNATURE_INVALID", "The signature does not verify.");
      await refetchOrRefuse();
    }
  }

  type Outcome = { result: VerifiedToken; set: object; times: CachedTimes };

  /** The result for a token whose signature verified with a key of `set`: the claim rules, then the Jazz session. */
  function accepted(
    header: Readonly<Record<string, unknown>>,
    payload: Readonly<Record<string, unknown>>,
    set: object,
  ): Outcome {
    const { userId, exp } = checkClaims(payload, resolved, Math.floor(clock.now() / 1000));
    const result: VerifiedToken = {
      userId,
      issuer: typeof payload.iss === "string" ? payload.iss : null,
      claims: deepFreeze(jazzSessionClaims(payload, userId)),
      expiresAt: exp === undefined ? null : new Date(exp * 1000),
      payload: deepFreeze(payload),
      header: deepFreeze(header),
    };
    const times = { exp, nbf: payload.nbf as number | undefined, iat: payload.iat as number | undefined };
    return { result, set, times };
  }

  /**
   * Every check, synchronously when it can be: a key chosen before from a set that is still
   * fresh, checked synchronously (node:crypto), needs no waiting at all.
   */
  function verifyFully(token: string): Outcome | Promise<Outcome> {
    const { header, payload, signatureBytes } = parseCompactJws(token, resolved.maxTokenBytes, knownHeaders);
    const { alg, kid } = checkHeader(header, algorithms);
    if (signatureBytes.length === 0) throw refuse("ERR_MALFORMED", "The signature is empty.");
    const data = backend.ascii(token.slice(0, token.lastIndexOf(".")));
    const slow = (failedOnce: boolean) =>
      checkSignature(data, signatureBytes, alg, kid, failedOnce).then((set) => accepted(header, payload, set));
    const known = keys.known(alg, kid);
    if (!known) return slow(false);
    const checked = check(known.key, data, signatureBytes, alg);
    if (checked === true) return accepted(header, payload, known.set);
    if (checked === false) return slow(true);
    return checked.then((valid) => (valid ? accepted(header, payload, known.set) : slow(true)));
  }

  return {
    async verify(token) {
      let digest: string | null = null;
      if (cache && typeof token === "string" && token.length <= resolved.maxTokenBytes) {
        const hashed = backend.sha256(token);
        digest = typeof hashed === "string" ? hashed : await hashed;
        // Past the TTL, the set is fetched again first (as a full check would): unchanged keys keep the entries.
        const set = keys.currentSet() ?? (await keySource?.keys().catch(() => null)) ?? null;
        const hit = cache.get(digest, Math.floor(clock.now() / 1000), set);
        if (hit) return { ...hit, expiresAt: hit.expiresAt && new Date(hit.expiresAt.getTime()) };
      }
      verificationsInFlight.enter();
      try {
        // One turn of the microtask queue, so that a burst of verifications is counted as in
        // flight before any of them chooses between a synchronous check and the thread pool.
        await null;
        const outcome = verifyFully(token);
        const { result, set, times } = outcome instanceof Promise ? await outcome : outcome;
        if (cache && digest !== null) cache.set(digest, result, times, token.length, set);
        return result;
      } finally {
        verificationsInFlight.leave();
      }
    },
  };
}

/** A key set given in the options: a `TypeError` when {@link keySetProblem} (strict) refuses it. */
function givenKeySet(keys: readonly JWK[], where: string): readonly JWK[] {
  const problem = keySetProblem({ keys }, true);
  if (problem) throw new TypeError(`[jazz-auth/verifier] createVerifier: ${where} ${problem}.`);
  return keys;
}
