import { type ConnectJazzOptions, connectJazz, type JazzDbLike } from "./connect-jazz";
import type { JazzAuthError } from "./errors";
import type { AuthSnapshot, AuthStatus } from "./snapshot";
import type { TokenSource } from "./token-source-contract";

/** What every binding hands to Jazz's provider or client. The same object until something changes. */
export interface JazzAuthSnapshot {
  /** The source's status: `"loading"` until the provider answered, and while a session change is confirmed. */
  readonly status: AuthStatus;
  /** The signed-in principal (the token's `sub`), or `null`. */
  readonly principal: string | null;
  /**
   * The token for Jazz's `config.jwtToken`: the first token of the current principal, kept as the
   * same string for as long as the principal stays (Jazz keys its client on the config, so a new
   * string would rebuild the client). Refreshed tokens reach the live client through
   * {@link JazzAuthSnapshot.onJWTExpired} and {@link JazzAuthStore.connect}. `undefined` until there is one.
   */
  readonly jwtToken: string | undefined;
  /** A key for Jazz's provider: changes on sign-in, sign-out and user switch (`provider:principal`). */
  readonly providerKey: string;
  readonly error: JazzAuthError | null;
  /**
   * For Jazz's `onJWTExpired`: a forced refresh, resolving `null` when the principal changed
   * meanwhile (Jazz must not take another user's token). The same function while the principal stays.
   */
  readonly onJWTExpired: () => Promise<string | null>;
}

/** The framework-free view of a token source that every binding wraps. */
export interface JazzAuthStore {
  readonly source: TokenSource;
  /**
   * Calls `listener` when {@link JazzAuthStore.getSnapshot} changes. The store subscribes to the
   * source (which starts its proactive refresh) while it has listeners, and only then.
   */
  subscribe(listener: () => void): () => void;
  /** The current view, synchronously; the same object until something changes (`useSyncExternalStore`-safe). */
  getSnapshot(): JazzAuthSnapshot;
  /** Keeps a live Jazz `Db` authenticated from the source (see `connectJazz`); returns the stop function. */
  connect(db: JazzDbLike, options?: ConnectJazzOptions): () => void;
}

/** The config token pinned for one principal. */
interface Pin {
  readonly principal: string | null;
  readonly token: string | undefined;
  readonly onJWTExpired: () => Promise<string | null>;
}

/**
 * The view of a token source that Jazz's clients need, without a framework: the config token
 * pinned per principal, the provider key, the source's status (never `"signed-out"` while
 * loading) and the hand-off to a live Db. `@jazz-auth/react`, `@jazz-auth/vue`,
 * `@jazz-auth/svelte` and `@jazz-auth/solid` are thin wrappers over it.
 *
 * @example
 * ```ts
 * const auth = createJazzAuth(source);
 * const stop = auth.subscribe(() => render(auth.getSnapshot()));
 * const { jwtToken } = auth.getSnapshot();
 * ```
 */
export function createJazzAuth(source: TokenSource): JazzAuthStore {
  const listeners = new Set<() => void>();
  let unsubscribe: (() => void) | undefined;
  let seen: AuthSnapshot | undefined;
  let pin: Pin | undefined;
  let view: JazzAuthSnapshot | undefined;

  const expiredFor = (principal: string | null) => async (): Promise<string | null> => {
    const token = await source.getToken({ forceRefresh: true });
    return source.getSnapshot().principal === principal ? token : null;
  };

  /** Follows a source snapshot: a new principal gets a new pin, from its first token on. */
  function follow(snapshot: AuthSnapshot): JazzAuthSnapshot {
    if (snapshot === seen && view) return view;
    seen = snapshot;
    const { principal } = snapshot;
    const token = snapshot.token ?? undefined;
    if (!pin || pin.principal !== principal) pin = { principal, token, onJWTExpired: expiredFor(principal) };
    else if (pin.token === undefined && token !== undefined) pin = { ...pin, token };
    const next: JazzAuthSnapshot = {
      status: snapshot.status,
      principal,
      jwtToken: principal === null ? undefined : pin.token,
      providerKey: `${source.provider}:${principal ?? "signed-out"}`,
      error: snapshot.error,
      onJWTExpired: pin.onJWTExpired,
    };
    if (!view || !sameView(view, next)) view = Object.freeze(next);
    return view;
  }

  function onSource(snapshot: AuthSnapshot): void {
    const before = view;
    if (follow(snapshot) === before) return;
    for (const listener of [...listeners]) listener();
  }

  return {
    source,
    subscribe(listener) {
      const wrapped = () => listener();
      listeners.add(wrapped);
      // The first listener starts the source; a caller reads `getSnapshot()` after subscribing.
      if (!unsubscribe) unsubscribe = source.subscribe(onSource);
      return () => {
        if (!listeners.delete(wrapped) || listeners.size > 0) return;
        unsubscribe?.();
        unsubscribe = undefined;
      };
    },
    getSnapshot: () => follow(source.getSnapshot()),
    connect: (db, options) => connectJazz(source, db, options),
  };
}

function sameView(a: JazzAuthSnapshot, b: JazzAuthSnapshot): boolean {
  for (const key in a) if (a[key as keyof JazzAuthSnapshot] !== b[key as keyof JazzAuthSnapshot]) return false;
  return true;
}

const shared = new WeakMap<TokenSource, JazzAuthStore>();

/**
 * The one {@link JazzAuthStore} of a token source, shared by everything that reads it (every
 * component, every framework binding): made on first use, so the config token stays pinned for
 * every reader however late it starts, and across remounts (React's StrictMode renders twice and may
 * throw a render away). It holds no timer or listener while nobody is subscribed, and goes with its
 * source. Bindings use this; call {@link createJazzAuth} for a view of your own.
 *
 * @example
 * ```ts
 * const auth = jazzAuthFor(source); // the same object on every call with this source
 * ```
 */
export function jazzAuthFor(source: TokenSource): JazzAuthStore {
  let store = shared.get(source);
  if (!store) {
    store = createJazzAuth(source);
    shared.set(source, store);
  }
  return store;
}
