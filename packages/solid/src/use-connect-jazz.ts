import type { ConnectJazzOptions, JazzDbLike, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { type Accessor, createEffect, onCleanup, untrack } from "solid-js";

/** A live Jazz `Db`, or an accessor of one (`useDb()` of jazz-tools/solid returns an accessor). */
export type MaybeDbAccessor = JazzDbLike | null | undefined | Accessor<JazzDbLike | null | undefined>;

/**
 * Keeps a live Jazz `Db` authenticated from a token source for the life of the current owner: a
 * fresh token is kept ready and handed to `db.updateAuthToken` only when Jazz needs one for a
 * handshake, never on every refresh (see `connectJazz`); a sign-out or user switch calls
 * `options.onPrincipalChange`. Jazz's Solid `JazzProvider` has no `onJWTExpired` (garden-co/jazz
 * packages/jazz-tools/src/solid/provider.tsx:15-20 takes only `client`), so this is how its
 * client gets refreshed tokens. When the accessor's Db changes, the previous connection stops
 * and the new Db is connected; `null` or `undefined` connects nothing; cleanup stops it. Effects
 * do not run on the server, so nothing connects there.
 *
 * @example
 * ```ts
 * useConnectJazz(useDb(), source); // inside <JazzProvider>
 * ```
 */
export function useConnectJazz(db: MaybeDbAccessor, source: TokenSource, options: ConnectJazzOptions = {}): void {
  const store = jazzAuthFor(source);
  createEffect(() => {
    const live = typeof db === "function" ? db() : db;
    if (live) onCleanup(untrack(() => store.connect(live, options)));
  });
}
