import type { JWK } from "jose";
import { isHmac } from "./algorithms";
import { checkClaims } from "./claims";
import { type HeaderMemo, parseCompactJws } from "./compact";
import { refuse } from "./errors";
import { deepFreeze } from "./frozen";
import { verificationsInFlight } from "./in-flight";
import { type JazzClaims, jazzSessionClaims } from "./jazz-session";
import { remoteKeySource } from "./jwks-cache";
import { type KeySource, keySetProblem, staticKeySource } from "./jwks-source";
import { candidateKeys, createKeyStore } from "./keys";
import { resolveOptions, type VerifierOptions } from "./options";
import { type PreparedKey, signatureBackend } from "./signature-backend";
import { quoteUntrusted } from "./untrusted-text";
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
  /** The "key set" of a secret or a PEM, which never changes. */
  const fixedSet = {};
  const cache = resolved.tokenCache
    ? createVerifiedTokenCache<VerifiedToken>(resolved.tokenCache, resolved.toleranceSeconds)
    : null;
  /** Keys chosen before, per key set, `alg` and `kid`: only successful choices, so bounded by the set. */
  const chosen = new WeakMap<object, Map<string, Map<string | undefined, PreparedKey>>>();

  const knownHeaders: HeaderMemo = new Map();
  const currentSet = (): object | null => (keySource ? keySource.fresh() : fixedSet);

  function remember(set: object, alg: string, kid: string | undefined, prepared: PreparedKey): void {
    let byAlg = chosen.get(set);
    if (!byAlg) {
      byAlg = new Map();
      chosen.set(set, byAlg);
    }
    let byKid = byAlg.get(alg);
    if (!byKid) {
      byKid = new Map();
      byAlg.set(alg, byKid);
    }
    byKid.set(kid, prepared);
  }

  /** A key chosen before for a set that is still fresh, without waiting; else `null`. */
  function knownKey(alg: string, kid: string | undefined): { key: PreparedKey; set: object } | null {
    const set = currentSet();
    // A secret or a PEM is one key whatever the token's `kid` says.
    const known =
      set &&
      chosen
        .get(set)
        ?.get(alg)
        ?.get(keySource ? kid : undefined);
    return set && known ? { key: known, set } : null;
  }

  async function selectKey(alg: string, kid: string | undefined): Promise<{ key: PreparedKey; set: object }> {
    if (!keySource) {
      const fixed =
        key.kind === "secret" ? store.secret(key.secret, alg) : store.pem((key as { key: string }).key, alg);
      const prepared = await fixed;
      remember(fixedSet, alg, undefined, prepared);
      return { key: prepared, set: fixedSet };
    }
    const source = keySource;
    let keys = source.fresh() ?? (await source.keys());
    let candidates = candidateKeys(keys, alg, kid);
    if (candidates.length === 0) {
      const refreshed = await source.refresh();
      if (refreshed === "failed") {
        throw refuse(
          "ERR_JWKS_UNAVAILABLE",
          "No known key fits, and the JWKS endpoint could not be reached to look for a new one.",
        );
      }
      if (refreshed === "changed") {
        keys = await source.keys();
        candidates = candidateKeys(keys, alg, kid);
      }
    }
    const prepared = await store.jwk(only(candidates, alg, kid), alg);
    remember(keys, alg, kid, prepared);
    return { key: prepared, set: keys };
  }

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
      const { key: prepared, set } = await selectKey(alg, kid);
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
    if ("crit" in header)
      throw refuse("ERR_CRIT_UNSUPPORTED", "The header lists critical extensions (`crit`); none are supported.");
    const { alg, kid } = header;
    if (typeof alg !== "string") throw refuse("ERR_MALFORMED", "The header has no `alg`.");
    if (alg.toLowerCase() === "none")
      throw refuse("ERR_ALG_NOT_ALLOWED", "Unsigned tokens (`alg: none`) are never accepted.");
    if (!algorithms.includes(alg)) {
      const hint = isHmac(alg) ? " HMAC needs an explicit `secret`." : "";
      throw refuse(
        "ERR_ALG_NOT_ALLOWED",
        `${quoteUntrusted(alg)} is not in the allow-list (${algorithms.join(", ")}).${hint}`,
      );
    }
    if (kid !== undefined && (typeof kid !== "string" || kid.length > 1024)) {
      throw refuse("ERR_MALFORMED", "`kid` must be a string of at most 1024 characters.");
    }
    if (signatureBytes.length === 0) throw refuse("ERR_MALFORMED", "The signature is empty.");
    const data = backend.ascii(token.slice(0, token.lastIndexOf(".")));
    const slow = (failedOnce: boolean) =>
      checkSignature(data, signatureBytes, alg, kid, failedOnce).then((set) => accepted(header, payload, set));
    const known = knownKey(alg, kid);
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
        const set = currentSet() ?? (await keySource?.keys().catch(() => null)) ?? null;
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

function only(candidates: JWK[], alg: string, kid: string | undefined): JWK {
  const [first, second] = candidates;
  if (!first) {
    throw refuse(
      "ERR_KEY_NOT_FOUND",
      kid === undefined
        ? `No key in the set verifies ${alg}.`
        : `No ${alg} key in the set has kid ${quoteUntrusted(kid)}.`,
    );
  }
  if (second) {
    const why =
      kid === undefined
        ? "the token has no `kid` and several keys fit"
        : `several keys share kid ${quoteUntrusted(kid)}`;
    throw refuse("ERR_KEY_NOT_FOUND", `Ambiguous key: ${why}.`);
  }
  return first;
}
