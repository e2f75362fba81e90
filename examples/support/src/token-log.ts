import type { TokenSource } from "@jazz-auth/core";
import { expiryOf } from "./stand-in-db";

/** What the examples show about a token source: how many distinct tokens it produced, and the current one. */
export interface TokenLog {
  /** Distinct tokens since the log started (sign-ins and refreshes; `null` is not one). */
  readonly count: number;
  /** The source's current token, `null` while it has none. */
  readonly token: string | null;
}

/**
 * Follows `source` and calls `onChange` with the log at once and on every snapshot the source
 * publishes. Returns the function that stops following it.
 */
export function watchTokenLog(source: TokenSource, onChange: (log: TokenLog) => void): () => void {
  let last: string | null = null;
  let count = 0;
  const note = (token: string | null) => {
    if (token !== null && token !== last) {
      last = token;
      count += 1;
    }
    onChange({ count, token });
  };
  note(source.getSnapshot().token);
  return source.subscribe((snapshot) => note(snapshot.token));
}

/** A time in ms as ISO 8601, "" for `null` or `undefined` (what the pages print). */
export const formatTime = (ms: number | null | undefined): string =>
  typeof ms === "number" ? new Date(ms).toISOString() : "";

/** When the token expires, as {@link formatTime} prints it; "" without a token or an `exp`. */
export const formatExpiry = (token: string | null | undefined): string =>
  formatTime(typeof token === "string" ? expiryOf(token) : null);
