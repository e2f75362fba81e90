import type { ConnectJazzOptions, JazzDbLike, TokenSource } from "@jazz-auth/core";
import { jazzAuthFor } from "@jazz-auth/core";
import { useEffect, useRef } from "react";

/**
 * Keeps a live Jazz `Db` authenticated from a token source while the component is mounted: a
 * fresh token is kept ready and handed to `db.updateAuthToken` only when Jazz needs one for a
 * handshake (at creation, after a rejection, on coming back online or awake with an expired token),
 * never on every refresh, which would reconnect Jazz each time; a sign-out or user switch calls
 * `onPrincipalChange` instead (see `connectJazz`). Pass `null` while there is no Db yet. The
 * callbacks are always the latest; the other options are read when `db` or `source` changes.
 *
 * @example
 * ```tsx
 * const db = useDb();
 * useConnectJazz(db, source);
 * ```
 */
export function useConnectJazz(
  db: JazzDbLike | null | undefined,
  source: TokenSource,
  options: ConnectJazzOptions = {},
): void {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    if (!db) return;
    const { onPrincipalChange: _change, onError: _error, ...settings } = latest.current;
    return jazzAuthFor(source).connect(db, {
      ...settings,
      onPrincipalChange: (change) => latest.current.onPrincipalChange?.(change),
      onError: (error) => latest.current.onError?.(error),
    });
  }, [db, source]);
}
