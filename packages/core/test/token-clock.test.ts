import { mintUnsignedJwt } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";
import { createTokenClock, PROVISIONAL_TRUST_MS } from "../src/token-clock";

const T0 = Date.UTC(2026, 0, 1);
const seconds = (ms: number) => Math.floor(ms / 1000);
/** How early a minted token is dated: its `iat` is rounded down to the second. */
const ROUNDING_MS = 1000;
/** A provider call answered at once at `ms`. */
const at = (ms: number, forced: boolean) => ({ sentAt: ms, receivedAt: ms, forced });
const token = (iatMs: number, lifetimeSeconds: number, extra: Record<string, unknown> = {}) =>
  mintUnsignedJwt({ sub: "user-1", iat: seconds(iatMs), exp: seconds(iatMs) + lifetimeSeconds, ...extra });

describe("createTokenClock", () => {
  it.each([
    ["60 s (Clerk)", 60, 12_000],
    ["5 min (WorkOS)", 300, 60_000],
    ["15 min (Better Auth)", 900, 180_000],
    ["1 h (Firebase)", 3600, 300_000],
    ["24 h (Auth0)", 86_400, 300_000],
  ])("refreshes a %s token a fifth of its lifetime early, at most 5 minutes", (_label, lifetime, leewayMs) => {
    const timing = createTokenClock("test").read(token(T0, lifetime), at(T0, true));
    // `iat` is rounded down to the second, so a minted token is dated up to a second early.
    expect(timing.expiresAt).toBe(T0 + lifetime * 1000 - ROUNDING_MS);
    expect(timing.refreshAt).toBe(T0 + lifetime * 1000 - ROUNDING_MS - leewayMs);
  });

  it.each([3 * 3600_000, -3 * 3600_000])("places a forced token on the local clock with a skew of %d ms", (skew) => {
    const receivedAt = T0 + skew;
    const timing = createTokenClock("test").read(token(T0, 600), at(receivedAt, true));
    expect(timing.expiresAt).toBe(receivedAt + 600_000 - ROUNDING_MS);
  });

  it.each([
    ["3 h ahead, fresh", 3 * 3600_000, 0],
    ["3 h behind, fresh", -3 * 3600_000, 0],
    ["5 min behind, 5 min old", -5 * 60_000, 5 * 60_000],
    ["5 min ahead, 50 min old", 5 * 60_000, 50 * 60_000],
  ])(
    "trusts an unforced token before calibration for 30 s at most, and wants a calibrating refresh at once (%s)",
    (_label, skew, ageMs) => {
      const receivedAt = T0 + skew;
      const timing = createTokenClock("test").read(token(T0 - ageMs, 3600), at(receivedAt, false));
      expect(timing.provisional).toBe(true);
      expect(timing.refreshAt).toBe(receivedAt);
      expect(timing.expiresAt).toBeLessThanOrEqual(receivedAt + PROVISIONAL_TRUST_MS);
      // Never later than the real expiry, on the local clock, whatever the clock's error and the age.
      expect(timing.expiresAt).toBeLessThanOrEqual(T0 - ageMs + 3600_000 + skew);
    },
  );

  it("dates a forced token from when the call was sent, so an answer delivered after a sleep is not late", () => {
    const sentAt = T0;
    const mintedAt = T0 + 100;
    const receivedAfterSleep = T0 + 2 * 3600_000;
    const tokenClock = createTokenClock("test");
    expect(() =>
      tokenClock.read(token(mintedAt, 3600), { sentAt, receivedAt: receivedAfterSleep, forced: true }),
    ).toThrow(expect.objectContaining({ code: "ERR_TOKEN_EXPIRED" }));
    const timing = tokenClock.read(token(mintedAt, 3 * 3600), { sentAt, receivedAt: receivedAfterSleep, forced: true });
    expect(timing.expiresAt).toBeLessThanOrEqual(mintedAt + 3 * 3600_000);
  });

  it("is never late by the rounding of iat (fault simulation, seed 20261201, sessions 509, 1789, 2873)", () => {
    // Sent at T0 + 998 ms, minted at T0 + 999 ms: iat reads T0, so iat − sentAt alone says the
    // issuer's clock is behind ours, and the expiry would be read almost a second late.
    const sentAt = T0 + 998;
    const timing = createTokenClock("test").read(token(T0, 60), { sentAt, receivedAt: T0 + 999, forced: true });
    expect(timing.expiresAt).toBeLessThanOrEqual(T0 + 60_000);
  });

  it("honours an explicit leeway, but never more than half the remaining lifetime", () => {
    expect(createTokenClock("test", 30).read(token(T0, 600), at(T0, true)).refreshAt).toBe(T0 + 569_000);
    expect(createTokenClock("test", 120).read(token(T0, 60), at(T0, true)).refreshAt).toBe(T0 + 29_500);
  });

  it("keeps refreshes at least a second apart for very short-lived tokens", () => {
    expect(createTokenClock("test").read(token(T0, 2), at(T0, true)).refreshAt).toBe(T0 + 1000);
  });

  it("uses the offset measured by the last forced fetch for later cached tokens", () => {
    const skew = 2 * 3600_000;
    const tokenClock = createTokenClock("test");
    tokenClock.read(token(T0, 3600), at(T0 + skew, true));
    const cachedIssuedAt = T0 - 30 * 60_000;
    const timing = tokenClock.read(token(cachedIssuedAt, 3600), at(T0 + skew + 1000, false));
    expect(timing.expiresAt).toBe(cachedIssuedAt + 3600_000 + skew - ROUNDING_MS);
  });

  it("follows a corrected local clock on the next forced fetch", () => {
    const tokenClock = createTokenClock("test");
    tokenClock.read(token(T0, 600), at(T0 - 3600_000, true));
    const timing = tokenClock.read(token(T0 + 60_000, 600), at(T0 + 60_000, true));
    expect(timing.expiresAt).toBe(T0 + 660_000 - ROUNDING_MS);
  });

  it("reads exp on the calibrated clock when there is no iat", () => {
    const tokenClock = createTokenClock("test");
    tokenClock.read(token(T0, 600), at(T0 + 60_000, true));
    const noIat = mintUnsignedJwt({ sub: "user-1", exp: seconds(T0) + 600 });
    expect(tokenClock.read(noIat, at(T0 + 60_000, false)).expiresAt).toBe(T0 + 660_000 - ROUNDING_MS);
  });

  it("has no expiry and no refresh for a token without exp", () => {
    const timing = createTokenClock("test").read(mintUnsignedJwt({ sub: "user-1" }), at(T0, false));
    expect(timing).toMatchObject({ expiresAt: null, refreshAt: null, principal: "user-1" });
  });

  it("trims the principal", () => {
    expect(createTokenClock("test").read(token(T0, 60, { sub: "  user-7 " }), at(T0, true)).principal).toBe("user-7");
  });

  it("calls an already expired token ERR_TOKEN_EXPIRED, which is retryable", () => {
    const expired = mintUnsignedJwt({ sub: "user-1", exp: seconds(T0) - 10 });
    expect(() => createTokenClock("clerk").read(expired, at(T0, false))).toThrow(
      expect.objectContaining({ code: "ERR_TOKEN_EXPIRED", retryable: true, provider: "clerk" }),
    );
  });

  it.each([
    ["no sub", { sub: undefined }],
    ["a blank sub", { sub: "   " }],
    ["a numeric sub", { sub: 42 }],
    ["a fractional exp", { exp: 1.5e9 + 0.5 }],
    ["a string iat", { iat: "now" }],
  ])("rejects a token with %s as ERR_MALFORMED_TOKEN", (_label, claims) => {
    const bad = mintUnsignedJwt({ sub: "user-1", iat: seconds(T0), exp: seconds(T0) + 60, ...claims });
    expect(() => createTokenClock("test").read(bad, at(T0, true))).toThrow(
      expect.objectContaining({ code: "ERR_MALFORMED_TOKEN", retryable: false }),
    );
  });
});
