import { createJazzAuth, type JazzAuthStore, type TokenSource } from "@jazz-auth/core";

const stores = new WeakMap<TokenSource, JazzAuthStore>();

/**
 * The one {@link JazzAuthStore} of a token source, shared by every component that reads it: made on
 * first use and never disposed in render (StrictMode renders twice and may throw a render away), so
 * the config token stays pinned across remounts. It holds no timer or listener of its own while
 * nobody is subscribed, and goes with its source.
 */
export function storeFor(source: TokenSource): JazzAuthStore {
  let store = stores.get(source);
  if (!store) {
    store = createJazzAuth(source);
    stores.set(source, store);
  }
  return store;
}
