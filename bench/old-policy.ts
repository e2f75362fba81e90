/**
 * The hand-off policy `connectJazz` had before issue 9, kept for the bench only, in our own words:
 * every refreshed token of the same principal goes straight into the live Db, and when Jazz reports
 * `expired` or `invalid` one forced refresh is made and its token handed over; if Jazz refuses that
 * token too, nothing more happens until the next scheduled refresh brings another token.
 */
import type { JazzDbLike, TokenSource } from "@jazz-auth/core";

/** Runs the old policy over `db`; returns a function that stops it. */
export function pushEveryRefresh(source: TokenSource, db: JazzDbLike): () => void {
  const principal = source.getSnapshot().principal;
  let handed = source.getSnapshot().token;
  /** The token handed over in answer to a rejection: a rejection of it ends recovery. */
  let answer: string | null = null;
  let forcing = false;
  let stopped = false;

  const handOver = (token: string) => {
    handed = token;
    db.updateAuthToken(token);
  };

  const unsubscribe = source.subscribe((snapshot) => {
    if (stopped || snapshot.principal !== principal || snapshot.token === null || snapshot.token === handed) return;
    handOver(snapshot.token);
  });

  const stopAuth = db.onAuthChanged((state) => {
    if (stopped || forcing || (state.error !== "expired" && state.error !== "invalid")) return;
    if (handed !== null && handed === answer) return;
    forcing = true;
    source.getToken({ forceRefresh: true }).then(
      (token) => {
        forcing = false;
        if (stopped || token === null || source.getSnapshot().principal !== principal) return;
        answer = token;
        if (token === handed)
          db.updateAuthToken(token); // the same token again retries the handshake
        else handOver(token);
      },
      () => {
        forcing = false;
      },
    );
  });

  return () => {
    stopped = true;
    unsubscribe();
    stopAuth();
  };
}
