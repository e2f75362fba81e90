import type { JWK } from "jose";
import { refuse, VerificationError } from "./errors";
import { hasPrivateMaterial } from "./jwk-hygiene";

/** Tuning of the remote key-set cache; the defaults are the Jazz server's. */
export interface JwksCacheOptions {
  /** How long a fetched key set is fresh (default 300 s, as Jazz). */
  readonly ttlSeconds?: number;
  /** The least time between two forced refetches for an unknown `kid` or a bad signature (default 10 s). */
  readonly cooldownSeconds?: number;
  /** How long past the TTL a key set is still used while the endpoint fails (default 300 s). */
  readonly maxStaleSeconds?: number;
  /** How long one fetch may take (default 5 000 ms). */
  readonly timeoutMs?: number;
  /** The largest response accepted, in bytes (default 256 KiB). */
  readonly maxBytes?: number;
}

/** A JSON Web Key Set. */
export interface JwksDocument {
  readonly keys: readonly JWK[];
}

/** Where a verifier's keys come from: a fixed set, or a URL behind a cache. */
export interface KeySource {
  /** The current keys; may fetch (single-flight) when the cache is cold or stale. */
  keys(): Promise<readonly JWK[]>;
  /**
   * The current keys without waiting, when they are fresh (within the TTL), else `null`. The same
   * array for as long as the set's content is the same, so it identifies the set.
   */
  fresh(): readonly JWK[] | null;
  /**
   * Refetches once per cooldown after an unknown `kid` or a bad signature: `"changed"` when a new
   * set arrived, `"failed"` when the endpoint could not be reached, `"unchanged"` otherwise
   * (including inside the cooldown).
   */
  refresh(): Promise<"changed" | "unchanged" | "failed">;
  /**
   * After a failed fetch: whole seconds (at least 1) until the endpoint is asked again, what a
   * refusal's `retryAfterSeconds` says; `null` for a fixed set, which is never fetched.
   */
  retryAfterSeconds(): number | null;
}

/**
 * What is wrong with a JWKS document as a whole, or `null`: it must have a non-empty `keys` array
 * of JSON objects, and (`strict`) no key may carry private material (`PRIVATE_JWK_MEMBERS`, an
 * `oct` key's `k` included): such a publisher leaks secrets, and nothing in its set can be trusted.
 * What is inside one key is judged later, when it is chosen (`publicKeyProblem`), so one odd
 * sibling does not take the set down. The answer reads after the set's name.
 */
export function keySetProblem(value: unknown, strict: boolean): string | null {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return "is not a JWKS with at least one key";
  if (keys.some((key) => typeof key !== "object" || key === null || Array.isArray(key)))
    return "has entries that are not JSON objects";
  if (strict && keys.some(hasPrivateMaterial)) return "publishes private key material; refusing the whole set";
  return null;
}

/** The keys of a JWKS document of the right shape ({@link keySetProblem}, not strict), else `ERR_JWKS_UNAVAILABLE`. */
export function readJwks(value: unknown, where: string): readonly JWK[] {
  const problem = keySetProblem(value, false);
  if (problem) throw refuse("ERR_JWKS_UNAVAILABLE", `${where} ${problem}.`);
  return (value as JwksDocument).keys;
}

/** The keys of a JWKS document the strict verifier may use ({@link keySetProblem}, strict), else `ERR_JWKS_UNAVAILABLE`. */
export function publicKeySet(value: unknown, where: string): readonly JWK[] {
  const problem = keySetProblem(value, true);
  if (problem) throw refuse("ERR_JWKS_UNAVAILABLE", `${where} ${problem}.`);
  return (value as JwksDocument).keys;
}

/** A key source over a fixed set of keys. */
export function staticKeySource(keys: readonly JWK[]): KeySource {
  return { keys: async () => keys, fresh: () => keys, refresh: async () => "unchanged", retryAfterSeconds: () => null };
}

/** Fetches a JWKS: GET, no redirects, a timeout, a size limit, JSON, at least one key ({@link readJwks}). */
export async function fetchJwks(
  url: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  maxBytes: number,
): Promise<readonly JWK[]> {
  let body: string;
  // The deadline holds even for a `fetch` that ignores its signal or a body that never ends: the
  // request is raced against it, and aborted (its body cancelled) when it passes.
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const timeout = new Error(`no answer within ${timeoutMs} ms`);
      timeout.name = "TimeoutError";
      controller.abort(timeout);
      reject(timeout);
    }, timeoutMs);
  });
  let response: Response | undefined;
  try {
    const load = async () => {
      response = await fetchImpl(url, {
        method: "GET",
        redirect: "manual",
        headers: { accept: "application/json" },
        signal: controller.signal,
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw refuse("ERR_JWKS_UNAVAILABLE", `The JWKS endpoint answered ${response.status}, not 200.`);
      }
      return readLimited(response, maxBytes);
    };
    body = await Promise.race([load(), deadline]);
  } catch (error) {
    if (controller.signal.aborted) response?.body?.cancel().catch(() => undefined);
    if (error instanceof VerificationError) throw error;
    const what =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : "the request failed";
    throw refuse("ERR_JWKS_UNAVAILABLE", `Could not load the JWKS: ${what}.`, error);
  } finally {
    clearTimeout(timer);
  }
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw refuse("ERR_JWKS_UNAVAILABLE", "The JWKS endpoint did not answer JSON.", error);
  }
  return readJwks(document, "The JWKS response");
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw refuse("ERR_JWKS_UNAVAILABLE", `The JWKS response is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
