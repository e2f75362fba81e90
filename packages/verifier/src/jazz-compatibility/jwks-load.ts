import type { JazzTarget } from "./types";

/** The key set's bytes as the verifier received them, or why it received none. */
export type LoadedJwks =
  | { readonly bytes: Uint8Array; readonly note?: string }
  | { readonly error: string; readonly note?: string };

/**
 * How many redirects each verifier follows. The server's client sets no policy
 * (crates/jazz-tools/src/server/builder.rs:345-348), so reqwest 0.12's `Policy::limited(10)` applies,
 * and it counts the URLs already requested, the first one included (redirect.rs `attempt.previous.len()
 * >= max`, after `self.urls.push(self.url)` in async_impl/client.rs): 9 redirects pass, the 10th
 * fails. `globalThis.fetch` (packages/jazz-tools/src/backend/request-auth.ts:95) follows 20, the Fetch
 * standard's limit.
 */
const MAX_REDIRECTS: Record<JazzTarget, number> = { server: 9, backend: 20 };
/** The statuses both reqwest and fetch follow. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** The server's total timeout (builder.rs:347); the backend sets none, so this is only our bound. */
const TIMEOUT_MS = 10_000;
/** Neither verifier limits the body; this bound only keeps the prediction from exhausting memory. */
const OUR_BYTE_BOUND = 16 << 20;
const encoder = new TextEncoder();

/**
 * Gets the key set as `target` would: a given document is serialised as JSON; a URL is fetched with
 * GET, redirects followed up to the verifier's limit, and any 2xx status (`is_success`, auth.rs:475-478;
 * `response.ok`, request-auth.ts:101-103) hands over the body. No content type or size is checked by either.
 */
export async function loadJwks(
  target: JazzTarget,
  jwks: unknown,
  jwksUrl: string | undefined,
  fetchImpl: typeof fetch,
): Promise<LoadedJwks> {
  if (jwks !== undefined) {
    const text = JSON.stringify(jwks);
    return text === undefined ? { error: "the key set is not JSON" } : { bytes: encoder.encode(text) };
  }
  if (!jwksUrl) return { error: "no key set: pass jwks or jwksUrl" };
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    return { error: `Invalid jwksUrl: ${jwksUrl}` };
  }
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(url, { redirect: "manual", signal });
      const location = response.headers.get("location");
      if (REDIRECTS.has(response.status) && location) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS[target]) return { error: "too many redirects" };
        url = new URL(location, url);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel();
        return { error: `JWKS endpoint returned status ${response.status}` };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > OUR_BYTE_BOUND)
        return { error: "the key set is larger than this predictor reads", note: "Jazz reads bodies of any size." };
      return { bytes };
    }
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      error: `JWKS request failed: ${(error as Error).message}`,
      ...(timedOut && target === "backend"
        ? { note: "The TS backend sets no timeout: it would keep waiting where this prediction gave up after 10 s." }
        : {}),
    };
  }
}
