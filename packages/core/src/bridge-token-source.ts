import { JazzAuthError } from "./errors";
import { createTokenSource, type EngineOptions, type TokenSource } from "./token-source";

/** Options of {@link bridgeTokenSource}. */
export interface BridgeTokenSourceOptions extends EngineOptions {
  /** The bridge's token endpoint (`createJazzTokenBridge().handler`), such as `https://app.example.com/jazz/token`. */
  readonly url: string;
  /** The `fetch` to call it with (default: the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * A token source that exchanges the upstream provider's tokens at a token bridge for Jazz tokens,
 * with the same engine guarantees (cache, proactive refresh, single-flight, backoff). Signed out
 * upstream is signed out here; a principal change upstream is one here. A forced refresh forces the
 * upstream too; a refused provider token is retried once with a forced upstream refresh, then
 * reported as `ERR_PROVIDER_CONFIG`. Once used, it keeps the upstream source subscribed (and so
 * refreshing) until disposed: the upstream's sign-in and sign-out drive it.
 *
 * @example
 * ```ts
 * const source = bridgeTokenSource(firebaseTokenSource(auth), { url: "/api/jazz/token" });
 * ```
 */
export function bridgeTokenSource(upstream: TokenSource, options: BridgeTokenSourceOptions): TokenSource {
  const { url, fetch: fetchImpl = (input, init) => globalThis.fetch(input, init), ...engine } = options;
  const provider = `bridge:${upstream.provider}`;
  const exchange = async (forceUpstream: boolean, signal: AbortSignal): Promise<Response | null> => {
    const token = await upstream.getToken({ forceRefresh: forceUpstream, signal });
    return token === null
      ? null
      : fetchImpl(url, { method: "POST", headers: { authorization: `Bearer ${token}` }, signal });
  };
  return createTokenSource({
    ...engine,
    provider,
    async fetchToken({ forceRefresh, signal }) {
      let response = await exchange(forceRefresh, signal);
      if (response?.status === 401 && !forceRefresh) response = await exchange(true, signal);
      if (response === null) return null;
      if (response.ok) return ((await response.json()) as { token: string }).token;
      const reason = await response.text();
      const code = response.status === 401 ? "ERR_PROVIDER_CONFIG" : "ERR_FETCH_FAILED";
      throw new JazzAuthError(code, `The token bridge answered ${response.status}: ${reason.slice(0, 200)}`, {
        provider,
      });
    },
    watch(onChange) {
      // The upstream's first decision is the baseline; later changes of principal are session changes.
      const seen = (snapshot: { status: string; principal: string | null }) =>
        snapshot.status === "loading" ? undefined : snapshot.principal;
      let principal = seen(upstream.getSnapshot());
      return upstream.subscribe((snapshot) => {
        const next = seen(snapshot);
        if (next === undefined || next === principal) return;
        const changed = principal !== undefined;
        principal = next;
        if (changed) onChange();
      });
    },
  });
}
