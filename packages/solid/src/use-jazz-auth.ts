import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { type Accessor, createSignal, onCleanup } from "solid-js";
import { isServer } from "solid-js/web";

/**
 * Subscribes to a token source (which starts its proactive refresh) for the life of the current
 * owner (a component, or a `createRoot`) and returns an accessor of what Jazz's Solid client
 * needs: a new object only when something changed, with `jwtToken` the same string for a
 * principal's whole session. Jazz's `createSolidJazzClient(config)` memoizes the config by
 * `JSON.stringify` and creates a new client, shutting down the old one, whenever it changes
 * (garden-co/jazz packages/jazz-tools/src/solid/create-solid-jazz-client-internal.ts:19-44), so
 * a refreshed token in the config would rebuild the client. Wait while `status` is `"loading"`:
 * a config without `jwtToken` makes Jazz mint an anonymous client (runtime/db.ts:1844-1852).
 *
 * On the server (`isServer`) it subscribes to nothing and the accessor returns the initial
 * snapshot (`"loading"` until a token is cached), so server rendering starts no refresh timer.
 *
 * @example
 * ```ts
 * const auth = useJazzAuth(source);
 * const client = createSolidJazzClient(() => ({ appId, jwtToken: auth().jwtToken }));
 * ```
 */
export function useJazzAuth(source: TokenSource): Accessor<JazzAuthSnapshot> {
  const store = jazzAuthFor(source);
  if (isServer) {
    const initial = store.getSnapshot();
    return () => initial;
  }
  const [snapshot, setSnapshot] = createSignal(store.getSnapshot());
  const update = () => setSnapshot(() => store.getSnapshot());
  onCleanup(store.subscribe(update));
  update(); // subscribing may have moved the source on (a cached token answered at once)
  return snapshot;
}
