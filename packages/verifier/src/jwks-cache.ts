import type { Clock } from "@jazz-auth/core";
import type { JWK } from "jose";
import { retryLater, VerificationError } from "./errors";
import { fetchJwks, type JwksCacheOptions, type KeySource, publicKeySet } from "./jwks-source";
import type { VerifierEvent } from "./telemetry";

/** The JWKS events of one key source, without the issuer (the verifier adds it). */
export type JwksFetchReport =
  | Omit<Extract<VerifierEvent, { type: "jwks-fetched" }>, "issuer">
  | Omit<Extract<VerifierEvent, { type: "jwks-failed" }>, "issuer">;

/**
 * A remote key set with at least the Jazz server's guarantees:
 * - a fetched set is fresh for `ttlSeconds`; concurrent cold callers share one fetch;
 * - an unknown `kid` or a bad signature may force one refetch per `cooldownSeconds`, counted from
 *   the attempt (not only from a success), so a flood of forged `kid`s cannot make more;
 * - while the endpoint fails, the last good set is used up to `maxStaleSeconds` past its TTL, and
 *   the endpoint is asked again at most once per cooldown (no fetch per request during an outage);
 * - a failed fetch never replaces a good set (an empty or malformed answer, or one that publishes
 *   private key material, is a failure);
 * - a refetch that returns the same keys keeps the same array, so `fresh()` identifies a set by
 *   reference and `refresh()` says `"changed"` only when the keys did change.
 *
 * `report`, when given, hears of every fetch: how long it took and how many keys it brought, or
 * that it failed — never the keys or the URL's answer.
 */
export function remoteKeySource(
  url: string,
  options: JwksCacheOptions,
  fetchImpl: typeof fetch,
  clock: Clock,
  report?: ((event: JwksFetchReport) => void) | null,
): KeySource {
  const ttl = (options.ttlSeconds ?? 300) * 1000;
  const cooldown = (options.cooldownSeconds ?? 10) * 1000;
  const maxStale = (options.maxStaleSeconds ?? 300) * 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 256 * 1024;

  let current: { readonly keys: readonly JWK[]; readonly fetchedAt: number } | null = null;
  let inflight: Promise<readonly JWK[]> | null = null;
  let lastForcedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: { readonly at: number; readonly error: unknown } | null = null;

  function load(): Promise<readonly JWK[]> {
    const startedAt = clock.now();
    inflight ??= fetchJwks(url, fetchImpl, timeoutMs, maxBytes)
      .then((keys) => publicKeySet({ keys }, "The JWKS response"))
      .then(
        (fetched) => {
          const same = current !== null && JSON.stringify(current.keys) === JSON.stringify(fetched);
          const keys = same && current ? current.keys : fetched;
          current = { keys, fetchedAt: clock.now() };
          lastFailure = null;
          report?.({
            type: "jwks-fetched",
            durationMs: clock.now() - startedAt,
            keyCount: keys.length,
            changed: !same,
          });
          return keys;
        },
        (error: unknown) => {
          lastFailure = { at: clock.now(), error };
          const code = error instanceof VerificationError ? error.code : "ERR_JWKS_UNAVAILABLE";
          report?.({ type: "jwks-failed", durationMs: clock.now() - startedAt, code });
          throw error;
        },
      )
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  const usableWhileFailing = (now: number) => current !== null && now - current.fetchedAt < ttl + maxStale;

  /**
   * Seconds until a failed endpoint is asked again: the cooldown counts from the failure. (A forced
   * refetch may come a little sooner, its cooldown counting from its start; a client that waits
   * this long always meets a new attempt.) 1 when no failure is on record any more.
   */
  const retryAfterSeconds = () =>
    Math.max(1, lastFailure ? Math.ceil((lastFailure.at + cooldown - clock.now()) / 1000) : 1);

  return {
    fresh() {
      return current && clock.now() - current.fetchedAt < ttl ? current.keys : null;
    },
    async keys() {
      const now = clock.now();
      if (current && now - current.fetchedAt < ttl) return current.keys;
      if (lastFailure && now - lastFailure.at < cooldown && !inflight) {
        if (current && usableWhileFailing(now)) return current.keys;
        throw retryLater(lastFailure.error, retryAfterSeconds());
      }
      try {
        return await load();
      } catch (error) {
        if (current && usableWhileFailing(clock.now())) return current.keys;
        throw retryLater(error, retryAfterSeconds());
      }
    },
    retryAfterSeconds,
    async refresh() {
      const before = current?.keys;
      const now = clock.now();
      let failed = false;
      if (now - lastForcedAt < cooldown) {
        await inflight?.catch(() => undefined);
      } else {
        lastForcedAt = now;
        failed = await load().then(
          () => false,
          () => true,
        );
      }
      return current?.keys !== before ? "changed" : failed ? "failed" : "unchanged";
    },
  };
}
