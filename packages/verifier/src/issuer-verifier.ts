import { deepFreeze } from "@jazz-auth/core";
import type { JWK } from "jose";
import { threadPlacement as placement } from "./check-placement";
import { checkClaims } from "./claims";
import { type HeaderMemo, type ParsedJws, parseCompactJws } from "./compact";
import type { VerifiedToken } from "./create-verifier";
import { refuse } from "./errors";
import { checkHeader } from "./header-rules";
import { jazzSessionClaims } from "./jazz-session";
import { type JwksFetchReport, remoteKeySource } from "./jwks-cache";
import { type KeySource, keySetProblem, staticKeySource } from "./jwks-source";
import { createKeySelection, type SelectedKey } from "./key-selection";
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
  /**
   * Every check (from `parsed` when the caller has already taken the token apart); stores a success.
   * Synchronous, returning or throwing at once, when the key was chosen before from a set that is still
   * fresh and its check runs on this thread (see {@link PreparedKey.offloads}); a promise otherwise.
   */
  verifyInFull(token: string, digest: string | null, parsed?: ParsedJws): VerifiedToken | Promise<VerifiedToken>;
}

/** Builds the checks of one issuer; `emit` hears of its JWKS fetches. */
export function createIssuerVerifier(
  resolved: ResolvedOptions,
  emit: ((event: VerifierEvent) => void) | null,
): IssuerVerifier {
  const { algorithms, clock, key, name, signatureChecks } = resolved;
  /** Whether a counted check goes to the pool: always, never, or as the thread's placement measures. */
  const offload =
    signatureChecks === "auto" ? () => placement.offload() : signatureChecks === "pool" ? () => true : () => false;
  /** Whether a check that can leave the thread is counted first (and so yields once). */
  const counts = signatureChecks === "auto" ? () => placement.counted() : () => signatureChecks === "pool";
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

  /**
   * Checks one signature with one key; a key that throws is `ERR_KEY_UNUSABLE`. A `counted`
   * verification's check goes where the thread's placement says (check-placement.ts). A promise is
   * given as the backend made it: whoever waits for it turns a rejection into `ERR_KEY_UNUSABLE`
   * (with {@link unusable}) in the same step, so no promise is made just to map the error.
   */
  function check(prepared: PreparedKey, data: Uint8Array, signature: Uint8Array, alg: string, counted: boolean) {
    try {
      return prepared.verify(data, signature, counted && prepared.offloads && offload());
    } catch (error) {
      throw unusable(alg, error);
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
      const checked = check(prepared, data, signature, alg, true);
      if (
        typeof checked === "boolean"
          ? checked
          : await checked.catch((error: unknown) => {
              throw unusable(alg, error);
            })
      )
        return set;
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
   * Every check after the header rules, synchronously when it can be: a key chosen before from a set
   * that is still fresh (`known`), checked synchronously (node:crypto), needs no waiting at all.
   */
  function verifyFully(
    token: string,
    { header, payload, signatureBytes }: ParsedJws,
    alg: string,
    kid: string | undefined,
    known: SelectedKey | null,
    counted: boolean,
  ): Outcome | Promise<Outcome> {
    if (signatureBytes.length === 0) throw refuse("ERR_MALFORMED", "The signature is empty.");
    const data = backend.ascii(token.slice(0, token.lastIndexOf(".")));
    if (!known) return selectAndCheck(data, header, payload, signatureBytes, alg, kid, false);
    const checked = check(known.key, data, signatureBytes, alg, counted);
    if (checked === true) return accepted(header, payload, known.set);
    if (checked === false) return selectAndCheck(data, header, payload, signatureBytes, alg, kid, true);
    return checked.then(
      (valid) =>
        valid
          ? accepted(header, payload, known.set)
          : selectAndCheck(data, header, payload, signatureBytes, alg, kid, true),
      (error: unknown) => {
        throw unusable(alg, error);
      },
    );
  }

  /** The way without a known key, or after a signature that did not verify with it: select (or refetch), check, accept. */
  async function selectAndCheck(
    data: Uint8Array,
    header: Readonly<Record<string, unknown>>,
    payload: Readonly<Record<string, unknown>>,
    signature: Uint8Array,
    alg: string,
    kid: string | undefined,
    failedOnce: boolean,
  ): Promise<Outcome> {
    return accepted(header, payload, await checkSignature(data, signature, alg, kid, failedOnce));
  }

  /** Stores a success in the verified-token cache and gives its result. */
  function kept({ result, set, times }: Outcome, token: string, digest: string | null): VerifiedToken {
    if (cache && digest !== null) cache.set(digest, result, times, token.length, set);
    return result;
  }

  /**
   * A counted verification: in flight from here, and checked after one turn of the microtask queue,
   * so that a burst is counted before any of its checks is placed on the thread or the pool.
   */
  async function inFlight(token: string, jws: ParsedJws, alg: string, kid: string | undefined, digest: string | null) {
    placement.enter();
    try {
      await null;
      return kept(await verifyFully(token, jws, alg, kid, keys.known(alg, kid), true), token, digest);
    } finally {
      placement.leave();
    }
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
    verifyInFull(token, digest, parsed) {
      const jws = parsed ?? parseCompactJws(token, resolved.maxTokenBytes, knownHeaders);
      const { alg, kid } = checkHeader(jws.header, algorithms);
      const known = keys.known(alg, kid);
      // A key not chosen yet needs waiting anyway; overlapping verifications are counted first.
      if (!known || (known.key.offloads && counts())) return inFlight(token, jws, alg, kid, digest);
      if (known.key.offloads && signatureChecks === "auto") placement.checkedAtOnce();
      const outcome = verifyFully(token, jws, alg, kid, known, false);
      return outcome instanceof Promise
        ? outcome.then((done) => kept(done, token, digest))
        : kept(outcome, token, digest);
    },
  };
}

/** A key that threw while checking a signature. */
const unusable = (alg: string, error: unknown) =>
  refuse("ERR_KEY_UNUSABLE", `The key cannot verify this ${alg} token.`, error);

/** A cached result as the caller may keep it: the same frozen parts, its own `Date`. */
const copy = (hit: VerifiedToken | undefined): VerifiedToken | undefined =>
  hit && { ...hit, expiresAt: hit.expiresAt && new Date(hit.expiresAt.getTime()) };

/** A key set given in the options: a `TypeError` when {@link keySetProblem} (strict) refuses it. */
function givenKeySet(keys: readonly JWK[], where: string): readonly JWK[] {
  const problem = keySetProblem({ keys }, true);
  if (problem) throw new TypeError(`[jazz-auth/verifier] createVerifier: ${where} ${problem}.`);
  return keys;
}
