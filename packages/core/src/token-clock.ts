import { decodeJwt, type JwtPayload } from "./decode-jwt";
import { JazzAuthError } from "./errors";

/** What the engine knows about one token, on the local clock. */
export interface TokenTiming {
  readonly token: string;
  /** The token's `sub`, trimmed: the Jazz user id. */
  readonly principal: string;
  /** When the token expires, in local-clock ms; `null` when it has no `exp`. */
  readonly expiresAt: number | null;
  /** When a proactive refresh is due, in local-clock ms; `null` when it has no `exp`. */
  readonly refreshAt: number | null;
}

const DEFAULT_LEEWAY_FRACTION = 0.2;
const MAX_DEFAULT_LEEWAY_MS = 300_000;
const MIN_REFRESH_SPACING_MS = 1_000;

/**
 * Places tokens on the local clock. The issuer's clock and ours may differ by hours, so a
 * token's expiry is read as its own lifetime (`exp − iat`) from the moment we received it; that
 * is exact for a freshly minted token (a forced fetch), whose `iat − receivedAt` becomes the
 * offset between the issuer's clock and ours. A provider SDK may hand back a cached, older token:
 * then the offset measured last is used (a cached token can only raise it), and before any forced
 * fetch has calibrated it, the earlier of that reading and the wall-clock reading of `exp`.
 */
export interface TokenClock {
  read(token: string, receivedAt: number, forced: boolean): TokenTiming;
}

/**
 * Creates a {@link TokenClock} for one provider's tokens. `leewaySeconds` is how long before expiry a refresh is due;
 * by default a fifth of the token's lifetime, at most five minutes. The leeway never exceeds
 * half the remaining lifetime and refreshes are at least a second apart, so a very short-lived
 * token cannot cause a tight loop.
 */
export function createTokenClock(provider: string, leewaySeconds?: number): TokenClock {
  let offsetMs = Number.NEGATIVE_INFINITY;
  let calibrated = false;

  return {
    read(token, receivedAt, forced) {
      const payload = decodeJwt(token).payload;
      const principal = readPrincipal(payload, provider);
      const exp = readTime(payload, "exp", provider);
      const iat = readTime(payload, "iat", provider);
      if (exp === undefined) return { token, principal, expiresAt: null, refreshAt: null };

      let expiresAt: number;
      if (iat === undefined) {
        expiresAt = exp * 1000 - (calibrated ? offsetMs : 0);
      } else {
        const measured = iat * 1000 - receivedAt;
        // A forced fetch yields a token minted just now: its reading replaces the estimate, so a
        // corrected local clock is followed. A cached token is older, so it can only raise it.
        offsetMs = forced ? measured : Math.max(offsetMs, measured);
        calibrated ||= forced;
        expiresAt = exp * 1000 - offsetMs;
        const wallExpiry = exp * 1000;
        if (!calibrated && wallExpiry > receivedAt) expiresAt = Math.min(expiresAt, wallExpiry);
      }
      const remaining = expiresAt - receivedAt;
      if (remaining <= 0) {
        throw new JazzAuthError("ERR_TOKEN_EXPIRED", "The provider returned a token that has already expired.", {
          provider,
        });
      }
      const lifetime = iat === undefined ? remaining : (exp - iat) * 1000;
      const leeway = Math.min(
        leewaySeconds === undefined
          ? Math.min(lifetime * DEFAULT_LEEWAY_FRACTION, MAX_DEFAULT_LEEWAY_MS)
          : leewaySeconds * 1000,
        remaining / 2,
      );
      const refreshAt = Math.max(expiresAt - leeway, receivedAt + MIN_REFRESH_SPACING_MS);
      return { token, principal, expiresAt, refreshAt };
    },
  };
}

function readPrincipal(payload: JwtPayload, provider: string): string {
  const sub = typeof payload.sub === "string" ? payload.sub.trim() : "";
  if (!sub) {
    throw new JazzAuthError("ERR_MALFORMED_TOKEN", "The token has no `sub`, which Jazz requires as the user id.", {
      provider,
    });
  }
  return sub;
}

function readTime(payload: JwtPayload, claim: "exp" | "iat", provider: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new JazzAuthError("ERR_MALFORMED_TOKEN", `The token's ${claim} is not an integer; Jazz rejects it.`, {
      provider,
    });
  }
  return value;
}
