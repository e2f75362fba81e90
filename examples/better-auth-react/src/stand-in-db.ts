import type { JazzAuthStateLike, JazzDbLike } from "@jazz-auth/core";

/** What the page's stand-in for a Jazz `Db` received. */
export interface Received {
  /** The `jwtToken` the Db was created with. */
  readonly configToken: string;
  /** Every token passed to `updateAuthToken`. */
  readonly updates: readonly string[];
}

const subOf = (token: string) =>
  JSON.parse(atob(token.split(".")[1]?.replace(/-/g, "+").replace(/_/g, "/") ?? "")).sub as string;

/**
 * A stand-in for a live Jazz `Db`: it records what Jazz would receive and, like Jazz, refuses a token
 * for another principal on a live client.
 */
export function createStandInDb(configToken: string, onChange: (received: Received) => void): JazzDbLike {
  const principal = subOf(configToken);
  const updates: string[] = [];
  onChange({ configToken, updates });
  return {
    updateAuthToken(token) {
      if (subOf(token) !== principal)
        throw new Error("Changing auth principal on a live client is not supported. Recreate the Db.");
      updates.push(token);
      onChange({ configToken, updates: [...updates] });
    },
    onAuthChanged(callback: (state: JazzAuthStateLike) => void) {
      callback({ session: { user_id: principal } });
      return () => {};
    },
    getAuthState: () => ({ session: { user_id: principal } }),
  };
}
