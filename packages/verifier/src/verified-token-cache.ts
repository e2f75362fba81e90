/** Bounds of the verified-token cache (`createVerifier({ tokenCache })`). */
export interface TokenCacheOptions {
  /** The most tokens kept (default 1 000). */
  readonly maxEntries?: number;
  /** The most memory kept, estimated per token as twice its length plus 256 bytes (default 2 MiB). */
  readonly maxBytes?: number;
}

/** The time claims a cached result is checked against on every hit, in seconds. */
export interface CachedTimes {
  readonly exp: number | undefined;
  readonly nbf: number | undefined;
  readonly iat: number | undefined;
}

interface Entry<T> {
  readonly value: T;
  readonly times: CachedTimes;
  readonly bytes: number;
}

/** A bounded LRU of verified tokens; see {@link createVerifiedTokenCache}. */
export interface VerifiedTokenCache<T> {
  /**
   * The value stored for `digest`, if the token is still within its time claims at `nowSeconds`
   * (with the tolerance) and `keySet` is the key set it was verified with. A different key set
   * empties the cache; `null` (no fresh key set at hand) serves nothing.
   */
  get(digest: string, nowSeconds: number, keySet: object | null): T | undefined;
  /** Stores a verified token under its digest, for `keySet`; evicts the least recently used past the bounds. */
  set(digest: string, value: T, times: CachedTimes, tokenLength: number, keySet: object): void;
  /** How many tokens and estimated bytes are held. */
  readonly size: number;
  readonly bytes: number;
}

/** The defaults: small, so a cache that is on by default stays cheap. */
export const DEFAULT_TOKEN_CACHE: Required<TokenCacheOptions> = { maxEntries: 1000, maxBytes: 2 * 1024 * 1024 };

/**
 * A cache of tokens that passed every check, keyed by a digest of the whole token (SHA-256: a
 * changed bit anywhere, the signature included, is another entry), least recently used first out,
 * bounded in entries and bytes. It never serves a token at or past `exp + tolerance`, before
 * `nbf − tolerance` or with `iat` past `now + tolerance` — the same comparisons as the claim rules,
 * on the injected clock — and it holds the entries of one key set only: when the verifier's key
 * set changes (a key removed or added, a JWKS refresh with different keys), every entry is dropped.
 * Only successes are stored; a refusal is never cached.
 */
export function createVerifiedTokenCache<T>(
  options: TokenCacheOptions,
  toleranceSeconds: number,
): VerifiedTokenCache<T> {
  const maxEntries = options.maxEntries ?? DEFAULT_TOKEN_CACHE.maxEntries;
  const maxBytes = options.maxBytes ?? DEFAULT_TOKEN_CACHE.maxBytes;
  const entries = new Map<string, Entry<T>>();
  let bytes = 0;
  let owner: object | null = null;

  function clear(): void {
    entries.clear();
    bytes = 0;
  }
  function drop(digest: string, entry: Entry<T>): void {
    entries.delete(digest);
    bytes -= entry.bytes;
  }
  const within = ({ exp, nbf, iat }: CachedTimes, now: number) =>
    (exp === undefined || now < exp + toleranceSeconds) &&
    (nbf === undefined || nbf <= now + toleranceSeconds) &&
    (iat === undefined || iat <= now + toleranceSeconds);

  return {
    get(digest, nowSeconds, keySet) {
      if (keySet === null || entries.size === 0) return undefined;
      if (keySet !== owner) {
        clear();
        owner = keySet;
        return undefined;
      }
      const entry = entries.get(digest);
      if (!entry) return undefined;
      drop(digest, entry);
      if (!within(entry.times, nowSeconds)) return undefined;
      entries.set(digest, entry);
      bytes += entry.bytes;
      return entry.value;
    },
    set(digest, value, times, tokenLength, keySet) {
      if (keySet !== owner) {
        clear();
        owner = keySet;
      }
      const entry: Entry<T> = { value, times, bytes: 2 * tokenLength + 256 };
      if (entry.bytes > maxBytes || maxEntries === 0) return;
      const previous = entries.get(digest);
      if (previous) drop(digest, previous);
      entries.set(digest, entry);
      bytes += entry.bytes;
      for (const [oldest, old] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        drop(oldest, old);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
