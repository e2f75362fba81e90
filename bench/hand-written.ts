/**
 * The pattern of the Jazz docs (docs/content/docs/auth/authentication.mdx, the non-React recipe):
 * fetch a token once for the Db, and fetch a fresh one only when Jazz reports `expired`.
 */
import type { FakeJazzDb, ScriptedProvider } from "@jazz-auth/testing";

/** Asks the provider for a token, as the app would (no cache, no retry). */
export function fetchOnce(provider: ScriptedProvider, forceRefresh: boolean): Promise<string | null> {
  return provider.fetchToken({ forceRefresh, signal: new AbortController().signal });
}

/** Answers each `expired` with one forced provider call; returns a function that stops it. */
export function refreshOnExpired(provider: ScriptedProvider, db: FakeJazzDb): () => void {
  let refreshing = false;
  return db.onAuthChanged((state) => {
    if (state.error !== "expired" || refreshing) return;
    refreshing = true;
    fetchOnce(provider, true)
      .then((token) => token && db.updateAuthToken(token))
      .catch(() => {})
      .finally(() => {
        refreshing = false;
      });
  });
}
