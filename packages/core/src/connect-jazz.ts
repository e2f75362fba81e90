import { JazzAuthError } from "./errors";
import type { AuthSnapshot } from "./snapshot";
import type { TokenSource } from "./token-source";

/** The part of Jazz's auth state that {@link connectJazz} reads. */
export interface JazzAuthStateLike {
  /** Set when the Jazz server rejected the current token; sync is paused until a new one. */
  readonly error?: string | undefined;
  readonly session?: { readonly user_id: string } | null | undefined;
}

/** The part of a live Jazz `Db` that {@link connectJazz} uses; a real `Db` fits it. */
export interface JazzDbLike {
  /** Hands a same-principal token to the live client; Jazz throws on a principal change. */
  updateAuthToken(token: string): void;
  /** Calls back at once with the current state, then on every change. */
  onAuthChanged(callback: (state: JazzAuthStateLike) => void): () => void;
  getAuthState?(): unknown;
}

/** A principal change seen by {@link connectJazz}: the Db must be re-created for `to`. */
export interface PrincipalChange {
  /** The principal the Db was created for. */
  readonly from: string | null;
  /** The provider's new principal; `null` means signed out. */
  readonly to: string | null;
  readonly snapshot: AuthSnapshot;
}

/** Options of {@link connectJazz}. */
export interface ConnectJazzOptions {
  /** The user signed out or switched: re-create the Jazz client (Jazz cannot switch in place). */
  readonly onPrincipalChange?: (change: PrincipalChange) => void;
  /** A recovery after a Jazz rejection failed; the next scheduled refresh tries again. */
  readonly onError?: (error: JazzAuthError) => void;
}

const REJECTIONS = new Set(["expired", "invalid"]);

/**
 * Keeps a live Jazz `Db` authenticated from a {@link TokenSource}:
 * - a refreshed token for the same principal goes to `db.updateAuthToken`;
 * - when Jazz reports the token `expired` or `invalid`, one forced refresh is made and its token
 *   pushed; if Jazz rejects that one too, recovery stops (`onError` with `ERR_JAZZ_REJECTED`)
 *   until the source's next refresh, so a broken setup cannot loop;
 * - a sign-out or user switch never reaches `updateAuthToken` (Jazz forbids it): `onPrincipalChange`
 *   is called instead.
 *
 * While connected, the source refreshes proactively. Returns a function that disconnects.
 *
 * @example
 * ```ts
 * const db = await createDb({ appId, jwtToken: await source.getToken() });
 * const disconnect = connectJazz(source, db, { onPrincipalChange: () => location.reload() });
 * ```
 */
export function connectJazz(source: TokenSource, db: JazzDbLike, options: ConnectJazzOptions = {}): () => void {
  const initial = source.getSnapshot();
  const principal = readDbPrincipal(db) ?? initial.principal;
  let pushed = initial.token;
  let reported = principal;
  let recovering = false;
  /** The token pushed in answer to a rejection; if Jazz rejects it too, recovery stops. */
  let recoveryToken: string | null = null;
  let gaveUpOn: string | null = null;
  let connected = true;

  function push(token: string): void {
    pushed = token;
    if (recovering) recoveryToken = token;
    db.updateAuthToken(token);
  }

  function onSnapshot(snapshot: AuthSnapshot): void {
    if (snapshot.principal !== principal) {
      if (snapshot.principal === reported || snapshot.status === "loading") return;
      reported = snapshot.principal;
      options.onPrincipalChange?.({ from: principal, to: snapshot.principal, snapshot });
      return;
    }
    reported = principal;
    if (snapshot.token !== null && snapshot.token !== pushed) push(snapshot.token);
  }

  function onAuthState(state: JazzAuthStateLike): void {
    if (!connected || !REJECTIONS.has(state.error ?? "") || pushed === gaveUpOn) return;
    if (pushed !== null && pushed === recoveryToken) {
      gaveUpOn = pushed;
      const reason = `Jazz rejected a fresh token too (${state.error}): check its JWKS and the token.`;
      options.onError?.(new JazzAuthError("ERR_JAZZ_REJECTED", reason, { provider: source.provider }));
      return;
    }
    if (recovering) return;
    recovering = true;
    // The new token reaches Jazz through onSnapshot; only a forced refresh that handed back the
    // very token Jazz rejected is re-sent here (re-sending after a rejection retries the handshake).
    source.getToken({ forceRefresh: true }).then(
      (token) => {
        const samePrincipal = source.getSnapshot().principal === principal;
        if (connected && token !== null && token === pushed && token !== recoveryToken && samePrincipal) push(token);
        recovering = false;
      },
      (error: unknown) => {
        recovering = false;
        if (connected && error instanceof JazzAuthError && error.code !== "ERR_DISPOSED") options.onError?.(error);
      },
    );
  }

  const unsubscribe = source.subscribe(onSnapshot);
  const stopAuth = db.onAuthChanged(onAuthState);
  onSnapshot(source.getSnapshot());
  return () => {
    connected = false;
    unsubscribe();
    stopAuth();
  };
}

function readDbPrincipal(db: JazzDbLike): string | undefined {
  const state = db.getAuthState?.() as JazzAuthStateLike | undefined;
  const userId = state?.session?.user_id;
  return typeof userId === "string" ? userId : undefined;
}
