import type { JazzAuthError } from "./errors";

/**
 * Where a token source stands:
 * - `loading`: the provider has not answered yet; do not render signed-out UI.
 * - `signed-in`: a principal is signed in; `token` is usable unless it is `null` while a refresh
 *   after expiry (for example after sleep) is under way.
 * - `signed-out`: the provider said there is no session.
 * - `error`: no usable token, and the last attempt failed; `principal` is kept, this is not a sign-out.
 */
export type AuthStatus = "loading" | "signed-in" | "signed-out" | "error";

/** An immutable view of a token source. The same object is returned until something changes. */
export interface AuthSnapshot {
  readonly status: AuthStatus;
  /** A token that has not expired on the local clock, or `null`. Never an expired token. */
  readonly token: string | null;
  /** The `sub` of the latest token, trimmed (the Jazz user id); `null` when signed out or unknown. */
  readonly principal: string | null;
  /** When `token` expires, in local-clock ms; `null` without a token or without `exp`. */
  readonly expiresAt: number | null;
  /** A provider call is under way. */
  readonly refreshing: boolean;
  /** The last failure, cleared by the next success. Set alongside a still-valid token too. */
  readonly error: JazzAuthError | null;
  /**
   * Increments each time `principal` changes (sign-in, sign-out, user switch): a principal
   * change is a new Jazz client, so this is a good `key` for Jazz's provider.
   */
  readonly principalVersion: number;
}

/** True when two snapshots say the same thing. */
export function sameSnapshot(a: AuthSnapshot, b: AuthSnapshot): boolean {
  for (const key in a) if (a[key as keyof AuthSnapshot] !== b[key as keyof AuthSnapshot]) return false;
  return true;
}
