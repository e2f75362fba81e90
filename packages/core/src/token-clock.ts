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
  /**
   * The token came from an unforced call before any forced call calibrated the clock: it may be an
   * SDK-cached token of unknown age, so it is trusted for {@link PROVISIONAL_TRUST_MS} at most and
   * a calibrating refresh is due at once.
   */
  readonly provisional: boolean;
}

/** When a provider call happened, on the local clock. */
export interface FetchTimes {
  /** When the call was made. A freshly minted token was issued at or after this moment. */
  readonly sentAt: number;
  /** When its answer arrived. */
  readonly receivedAt: number;
  /** The call asked the provider to mint (bypassing the SDK's cache). */
  readonly forced: boolean;
}

const DEFAULT_LEEWAY_FRACTION = 0.2;
const MAX_DEFAULT_LEEWAY_MS = 300_000;
const MIN_REFRESH_SPACING_MS = 1_000;

/**
 * How long a token that cannot be dated is trusted. Before a forced fetch, only `iat − now` is
 * observable, and it mixes two unknowns: the token's age in the SDK's cache and the device
 * clock's error. No reading of one such token bounds its real expiry, so it is served for this long
 * at most while a calibrating refresh is made.
 */
export const PROVISIONAL_TRUST_MS = 30_000;

/**
 * Places tokens on the local clock. The issuer's clock and ours may differ by hours, so a
 * token's expiry is read through the offset between the two, measured on a forced fetch: a token
 * minted for that call was issued after the call was sent, so `iat + 1 s − sentAt` bounds the
 * offset from above (`iat` is rounded down to the second) and the expiry it gives is never late (a call that straddles a sleep only makes it
 * early, and the next forced fetch corrects it). A provider SDK may hand back a cached, older token
 * on an unforced call: after calibration the offset measured last is used (a cached token can only
 * raise it); before calibration the token is provisional (see {@link TokenTiming.provisional}).
 */
export interface TokenClock {
  read(token: string, times: FetchTimes): TokenTiming;
  /** The token's principal (its trimmed `sub`), without placing it on the clock. */
  principalOf(token: string): string;
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
  /** The last token read, and when it was first received: it existed then, so it expires by then + its lifetime. */
  let seen: { readonly token: string; readonly firstAt: number } | null = null;

  return {
    principalOf: (token) => readPrincipal(decodeJwt(token).payload, provider),
    read(token, { sentAt, receivedAt, forced }) {
      const payload = decodeJwt(token).payload;
      const principal = readPrincipal(payload, provider);
      const exp = readTime(payload, "exp", provider);
      const iat = readTime(payload, "iat", provider);
      if (exp === undefined) return { token, principal, expiresAt: null, refreshAt: null, provisional: false };

      if (iat !== undefined) {
        // `iat` is whole seconds, rounded down: the token was minted before `iat + 1 s`.
        const measured = (iat + 1) * 1000 - sentAt;
        // A forced fetch yields a token minted for it: its reading replaces the estimate, so a
        // corrected local clock is followed. A cached token is older, so it can only raise it.
        offsetMs = forced ? measured : Math.max(offsetMs, measured);
        calibrated ||= forced;
      }
      const provisional = !calibrated && !forced;
      const wallExpiry = exp * 1000;
      let expiresAt: number;
      if (calibrated) expiresAt = wallExpiry - offsetMs;
      else if (!provisional || iat === undefined) expiresAt = wallExpiry;
      else {
        // The lifetime from the call, the wall-clock reading when it is still ahead (a clock far
        // ahead puts it in the past), and the trust bound: the earliest wins.
        expiresAt = Math.min(sentAt + (exp - iat - 1) * 1000, receivedAt + PROVISIONAL_TRUST_MS);
        if (wallExpiry > receivedAt) expiresAt = Math.min(expiresAt, wallExpiry);
      }
      if (provisional) expiresAt = Math.min(expiresAt, receivedAt + PROVISIONAL_TRUST_MS);
      // The same token answered again (an SDK's cache, a refresh that minted nothing) is no younger
      // than when it first came: whatever the clocks, it expires by then plus its lifetime.
      if (seen?.token !== token) seen = { token, firstAt: receivedAt };
      else if (iat !== undefined) expiresAt = Math.min(expiresAt, seen.firstAt + (exp - iat + 1) * 1000);
      const remaining = expiresAt - receivedAt;
      if (remaining <= 0) {
        throw new JazzAuthError("ERR_TOKEN_EXPIRED", "The provider returned a token that has already expired.", {
          provider,
        });
      }
      if (provisional) return { token, principal, expiresAt, refreshAt: receivedAt, provisional };
      const lifetime = iat === undefined ? remaining : (exp - iat) * 1000;
      const leeway = Math.min(
        leewaySeconds === undefined
          ? Math.min(lifetime * DEFAULT_LEEWAY_FRACTION, MAX_DEFAULT_LEEWAY_MS)
          : leewaySeconds * 1000,
        remaining / 2,
      );
      const refreshAt = Math.max(expiresAt - leeway, receivedAt + MIN_REFRESH_SPACING_MS);
      return { token, principal, expiresAt, refreshAt, provisional };
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
