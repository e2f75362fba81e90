import type { ConnectJazzOptions, JazzAuthSnapshot, JazzDbLike, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { untrack } from "svelte";
import { createSubscriber } from "svelte/reactivity";

/** What {@link jazzAuth} returns: one object that is both a Svelte store and a runes-friendly view. */
export interface JazzAuthState {
  readonly source: TokenSource;
  /**
   * The current snapshot. Read in `$derived`, `$effect` or a template, it is reactive and keeps
   * the source subscribed (its proactive refresh running) until the last such reader is destroyed
   * (`createSubscriber`); read elsewhere, it is the snapshot of the moment and subscribes to nothing.
   */
  readonly current: JazzAuthSnapshot;
  /**
   * The Svelte store contract (`$auth` in a component): calls `run` at once with the current
   * snapshot, then on every change; the source stays subscribed until the returned function is called.
   * On the server (no `window`) it calls `run` once with the current snapshot and subscribes nothing.
   */
  subscribe(run: (snapshot: JazzAuthSnapshot) => void): () => void;
  /**
   * Keeps a live Jazz `Db` authenticated (see `connectJazz`) and returns the stop function, so it
   * can be returned from `$effect` (`$effect(() => auth.connect(db))`): the effect stops the
   * previous connection when `db` changes and when the component is destroyed. It reads nothing
   * reactively itself (`untrack`): an option or callback that reads `$state` does not re-run the
   * effect. With `null` or `undefined` it connects nothing and returns a no-op.
   */
  connect(db: JazzDbLike | null | undefined, options?: ConnectJazzOptions): () => void;
}

const nothing = (): void => {};

/** Whether this runs outside a browser (Svelte's server render): no `window`. */
const onServer = (): boolean => typeof window === "undefined";

/**
 * The view of a token source that Jazz's Svelte client needs, as a store and as `current`: a new
 * snapshot object only when something changed, with `jwtToken` the same string for a principal's
 * whole session. Jazz's Svelte `createJazzClient` keys its client on `JSON.stringify(config)`
 * (garden-co/jazz packages/jazz-tools/src/svelte/create-jazz-client.ts:42) and
 * `JazzSvelteProvider` shuts the client down and takes a new one whenever its `client` prop
 * changes (svelte/JazzSvelteProvider.svelte:23-70), so a refreshed token in the config would
 * rebuild the client; and it has no `onJWTExpired` (JazzSvelteProvider.svelte:11-16), so refreshed
 * tokens reach the live Db through {@link JazzAuthState.connect}. Wait while `status` is
 * `"loading"`: a config without `jwtToken` makes Jazz mint an anonymous client (runtime/db.ts:1844-1852).
 *
 * @example
 * ```ts
 * const auth = jazzAuth(source);
 * const key = $derived(auth.current.providerKey);
 * ```
 */
export function jazzAuth(source: TokenSource): JazzAuthState {
  const store = jazzAuthFor(source);
  const track = createSubscriber((update) => store.subscribe(update));
  return {
    source,
    get current() {
      track();
      return store.getSnapshot();
    },
    subscribe(run) {
      // Svelte's server render subscribes `$auth` and never unsubscribes, and provider calls or an
      // SDK watch there would outlive the request: hand over the snapshot of the moment only.
      if (onServer()) {
        run(store.getSnapshot());
        return nothing;
      }
      let last: JazzAuthSnapshot | undefined;
      const emit = () => {
        const snapshot = store.getSnapshot();
        if (snapshot === last) return;
        last = snapshot;
        run(snapshot);
      };
      const unsubscribe = store.subscribe(emit);
      emit();
      return unsubscribe;
    },
    connect: (db, options) => (db ? untrack(() => store.connect(db, options)) : nothing),
  };
}
