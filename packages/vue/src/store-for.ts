import { createJazzAuth, type JazzAuthStore, type TokenSource } from "@jazz-auth/core";

const stores = new WeakMap<TokenSource, JazzAuthStore>();

/**
 * The one {@link JazzAuthStore} of a token source, shared by every reader of it in the app (as
 * `@jazz-auth/react` shares it): whoever reads the source, and whenever they start, sees the same
 * pinned config token, so two parts of an app never create two Jazz clients for one principal. It
 * holds no timer or listener while nobody is subscribed, and goes with its source.
 */
export function storeFor(source: TokenSource): JazzAuthStore {
  let store = stores.get(source);
  if (!store) {
    store = createJazzAuth(source);
    stores.set(source, store);
  }
  return store;
}
