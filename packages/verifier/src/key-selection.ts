import type { JWK } from "jose";
import { refuse } from "./errors";
import type { KeySource } from "./jwks-source";
import { candidateKeys, type KeyStore } from "./keys";
import type { ResolvedOptions } from "./options";
import type { PreparedKey } from "./signature-backend";
import { quoteUntrusted } from "./untrusted-text";

/** A key for a token, and the key set it came from (which the verified-token cache keys on). */
export interface SelectedKey {
  readonly key: PreparedKey;
  readonly set: object;
}

/** How a verifier finds the key for a token's `alg` and `kid`; see {@link createKeySelection}. */
export interface KeySelection {
  /** The current key set when it is fresh (a fixed object for a secret or a PEM), else `null`. */
  currentSet(): object | null;
  /** A key chosen before from a set that is still fresh, without waiting; else `null`. */
  known(alg: string, kid: string | undefined): SelectedKey | null;
  /** The one key that fits (strict rules, one forced refetch per cooldown for an unknown `kid`), or a refusal. */
  select(alg: string, kid: string | undefined): Promise<SelectedKey>;
}

/**
 * The key selection of one verifier: exactly one candidate of the set (`candidateKeys`) or
 * `ERR_KEY_NOT_FOUND`; an unknown `kid` forces one refetch per cooldown, and an endpoint that cannot
 * be reached then is `ERR_JWKS_UNAVAILABLE`. Successful choices are remembered per key set, `alg` and
 * `kid` — only successes, so the memory is bounded by the set — for a lookup without waiting.
 */
export function createKeySelection(
  key: ResolvedOptions["key"],
  keySource: KeySource | null,
  store: KeyStore,
): KeySelection {
  /** The "key set" of a secret or a PEM, which never changes. */
  const fixedSet = {};
  const chosen = new WeakMap<object, Map<string, Map<string | undefined, PreparedKey>>>();
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

  return {
    currentSet,
    known(alg, kid) {
      const set = currentSet();
      // A secret or a PEM is one key whatever the token's `kid` says.
      const known =
        set &&
        chosen
          .get(set)
          ?.get(alg)
          ?.get(keySource ? kid : undefined);
      return set && known ? { key: known, set } : null;
    },
    async select(alg, kid) {
      if (!keySource) {
        const fixed =
          key.kind === "secret" ? store.secret(key.secret, alg) : store.pem((key as { key: string }).key, alg);
        const prepared = await fixed;
        remember(fixedSet, alg, undefined, prepared);
        return { key: prepared, set: fixedSet };
      }
      let keys = keySource.fresh() ?? (await keySource.keys());
      let candidates = candidateKeys(keys, alg, kid);
      if (candidates.length === 0) {
        const refreshed = await keySource.refresh();
        if (refreshed === "failed") {
          throw refuse(
            "ERR_JWKS_UNAVAILABLE",
            "No known key fits, and the JWKS endpoint could not be reached to look for a new one.",
            undefined,
            keySource.retryAfterSeconds(),
          );
        }
        if (refreshed === "changed") {
          keys = await keySource.keys();
          candidates = candidateKeys(keys, alg, kid);
        }
      }
      const prepared = await store.jwk(only(candidates, alg, kid), alg);
      remember(keys, alg, kid, prepared);
      return { key: prepared, set: keys };
    },
  };
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
