import type { ConnectJazzOptions, JazzDbLike, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { getCurrentScope, type MaybeRefOrGetter, toValue, watch } from "vue";
import { isServerRendering } from "./server-rendering";

/**
 * Keeps a live Jazz `Db` authenticated from a token source for the life of the current effect
 * scope: a fresh token is kept ready and handed to `db.updateAuthToken` only when Jazz needs one
 * for a handshake, never on every refresh (see `connectJazz`); a sign-out or user switch calls
 * `options.onPrincipalChange`. Jazz's Vue client has no `onJWTExpired` (garden-co/jazz
 * packages/jazz-tools/src/vue/provider.ts:22-25 takes only `client`), so this is how it gets
 * refreshed tokens. `db` may be a ref or a getter: when it changes, the previous connection stops
 * and the new Db is connected; `null` or `undefined` connects nothing; the scope's end stops it.
 * In Vue's server renderer it connects nothing.
 *
 * @throws TypeError outside an effect scope, where nothing would ever stop the connection.
 * @example
 * ```ts
 * useConnectJazz(useDb(), source); // inside <JazzProvider>
 * ```
 */
export function useConnectJazz(
  db: MaybeRefOrGetter<JazzDbLike | null | undefined>,
  source: TokenSource,
  options: ConnectJazzOptions = {},
): void {
  if (!getCurrentScope()) {
    throw new TypeError("useConnectJazz must be called in setup() or inside an effectScope, which stops it");
  }
  if (isServerRendering()) return;
  const store = jazzAuthFor(source);
  watch(
    () => toValue(db),
    (live, _previous, onCleanup) => {
      if (live) onCleanup(store.connect(live, options));
    },
    { immediate: true, flush: "sync" },
  );
}
