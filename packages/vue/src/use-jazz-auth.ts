import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { getCurrentScope, onScopeDispose, type ShallowRef, shallowReadonly, shallowRef } from "vue";
import { isServerRendering } from "./server-rendering";

/** What {@link useJazzAuth} returns: a read-only ref whose `value` is the current snapshot. */
export type JazzAuthRef = Readonly<ShallowRef<JazzAuthSnapshot>>;

/**
 * Subscribes to a token source (which starts its proactive refresh) for the life of the current
 * effect scope (a component's `setup`, or an `effectScope`) and returns what Jazz's Vue client
 * needs, as a read-only `shallowRef`: `value` is a new object only when something changed, and
 * `value.jwtToken` stays the same string for a principal's whole session. Jazz's Vue
 * `createJazzClient` keys its client on `JSON.stringify(config)` (garden-co/jazz
 * packages/jazz-tools/src/vue/create-jazz-client.ts:42) and its `JazzProvider` shuts the old
 * client down whenever its `client` prop changes (vue/provider.ts:53-65), so a refreshed token in
 * the config would rebuild the client. Show a loading screen while `status` is `"loading"`: a
 * config without `jwtToken` makes Jazz mint an anonymous client (runtime/db.ts:1844-1852).
 *
 * In Vue's server renderer it subscribes to nothing (the renderer never disposes of a component's
 * scope) and the ref holds the initial snapshot: `"loading"` until a token is cached.
 *
 * @throws TypeError outside an effect scope, where nothing would ever unsubscribe.
 * @example
 * ```ts
 * const auth = useJazzAuth(source);
 * // depend on the pinned token, not on auth.value (which also changes with status and error)
 * const jwtToken = computed(() => (auth.value.status === "loading" ? null : auth.value.jwtToken));
 * const client = computed(() => (jwtToken.value === null ? null : createJazzClient({ appId, jwtToken: jwtToken.value })));
 * ```
 */
export function useJazzAuth(source: TokenSource): JazzAuthRef {
  if (!getCurrentScope()) {
    throw new TypeError("useJazzAuth must be called in setup() or inside an effectScope, which unsubscribes it");
  }
  const store = jazzAuthFor(source);
  const snapshot = shallowRef(store.getSnapshot());
  if (isServerRendering()) return shallowReadonly(snapshot);
  const update = () => {
    snapshot.value = store.getSnapshot();
  };
  onScopeDispose(store.subscribe(update));
  update(); // subscribing may have moved the source on (a cached token answered at once)
  return shallowReadonly(snapshot);
}
