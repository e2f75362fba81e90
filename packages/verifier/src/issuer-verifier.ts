import type { JWK } from "jose";
import { checkClaims } from "./claims";
import { type HeaderMemo, type ParsedJws, parseCompactJws } from "./compact";
import type { VerifiedToken } from "./create-verifier";
import { refuse } from "./errors";
import { deepFreeze } from "./frozen";
import { checkHeader } from "./header-rules";
import { verificationsInFlight } from "./in-flight";
import { jazzSessionClaims } from "./jazz-session";
import { type JwksFetchReport, remoteKeySource } from "./jwks-cache";
import { type KeySource, keySetProblem, staticKeySource } from "./jwks-source";
import { createKeySelection } from "./key-selection";
import { createKeyStore } from "./keys";
import type { ResolvedOptions } from "./options";
import { type PreparedKey, signatureBackend } from "./signature-backend";
import type { VerifierEvent } from "./telemetry";
import { type CachedTimes, createVerifiedTokenCache } from "./verified-token-cache";

/**
 * The checks of one issuer: its key source (one JWKS cache), key store, verified-token cache and
 * claim rules. A single verifier is one of these; a multi-issuer verifier routes each token to one.
 */
export interface IssuerVerifier {
  /** The entry's name (its `name`, else its first configured `iss`), for results and events. */
  readonly name: string | null;
  /** The options it was built from. */
  readonly resolved: ResolvedOptions;
  /** The token's SHA-256 when the verified-token cache is on and the token may be cached, else `null`. */
  digestOf(token: unknown): string | null | Promise<string>;
  /** The cached result for `digest`, if the cache still vouches for it (time claims and key set). */
  fromCache(digest: string): Promise<VerifiedToken | undefined>;
  /**
   * The same without waiting: the cached result, `undefined` when there is none, or `null` when the
   * key set is not fresh (past its TTL) so that only {@link IssuerVerifier.fromCache} can tell.
   */
  cachedNow(digest: string): VerifiedToken | undefined | null;
  /** Every check (from `parsed` when the caller has already taken the token apart); stores a success. */
  verifyInFull(token: string, digest: string | null, parsed?: ParsedJws): Promise<VerifiedToken>;
}

/** Builds the checks of one issuer; `emit` hears of its JWKS fetches. */
export function createIssuerVerifier(
  resolved: ResolvedOptions,
  emit: ((event: VerifierEvent) => void) | null,
): IssuerVerifier {
  const { algorithms, clock, key, name } = resolved;
  const backend = signatureBackend();
  const store = createKeyStore(backend);
  const report = emit ? (event: JwksFetchReport) => emit({ ...event, issuer: name }) : null;
  const keySource: KeySource | null =
    key.kind === "url"
      ? remoteKeySource(key.url, resolved.jwksCache, resolved.fetch, clock, report)
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
      issuerName: name,
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
  function verifyFully(token: string, parsed: ParsedJws | undefined): Outcome | Promise<Outcome> {
    const { header, payload, signatureBytes } = parsed ?? parseCompactJws(token, resolved.maxTokenBytes, knownHeaders);
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
    name,
    resolved,
    digestOf(token) {
      if (!cache || typeof token !== "string" || token.length > resolved.maxTokenBytes) return null;
      return backend.sha256(token);
    },
    async fromCache(digest) {
      if (!cache) return undefined;
      // Past the TTL, the set is fetched again first (as a full check would): unchanged keys keep the entries.
      const set = keys.currentSet() ?? (await keySource?.keys().catch(() => null)) ?? null;
      return copy(cache.get(digest, Math.floor(clock.now() / 1000), set));
    },
    cachedNow(digest) {
      if (!cache) return undefined;
      const set = keys.currentSet();
      return set === null ? null : copy(cache.get(digest, Math.floor(clock.now() / 1000), set));
    },
    async verifyInFull(token, digest, parsed) {
      verificationsInFlight.enter();
      try {
        // One turn of the microtask queue, so that a burst of verifications is counted as in
        // flight before any of them chooses between a synchronous check and the thread pool.
        await null;
        const outcome = verifyFully(token, parsed);
        const { result, set, times } = outcome instanceof Promise ? await outcome : outcome;
        if (cache && digest !== null) cache.set(digest, result, times, token.length, set);
        return result;
      } finally {
        verificationsInFlight.leave();
      }
    },
  };
}

/** A cached result as the caller may keep it: the same frozen parts, its own `Date`. */
const copy = (hit: VerifiedToken | undefined): VerifiedToken | undefined =>
  hit && { ...hit, expiresAt: hit.expiresAt && new Date(hit.expiresAt.getTime()) };

/** A key set given in the options: a `TypeError` when {@link keySetProblem} (strict) refuses it. */
function givenKeySet(keys: readonly JWK[], where: string): readonly JWK[] {
  const problem = keySetProblem({ keys }, true);
  if (problem) throw new TypeError(`[jazz-auth/verifier] createVerifier: ${where} ${problem}.`);
  return keys;
}
