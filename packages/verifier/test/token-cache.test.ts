import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type Verifier, type VerifierOptions } from "@jazz-auth/verifier";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { countSignatureChecks } from "./signature-counter";

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const START_S = START / 1000;
let now = START;
const clock = { now: () => now };
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256"], clock });
});
afterAll(() => issuer.close());
afterEach(() => {
  vi.restoreAllMocks();
  now = START;
});

function verifierWith(options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    jwks: issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
    clock,
    ...options,
  } as VerifierOptions);
}

describe("the verified-token cache", () => {
  it("answers a token seen before without checking its signature again, with an equal result", async () => {
    const checks = countSignatureChecks();
    const verifier = verifierWith();
    const token = await issuer.mint({ claims: { role: "admin" } });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(checks.count).toBe(1);
    expect(second).toEqual(first);
    expect(second.expiresAt).not.toBe(first.expiresAt);
    expect(Object.isFrozen(second.payload) && Object.isFrozen(second.claims) && Object.isFrozen(second.header)).toBe(
      true,
    );
    expect(Object.isFrozen(second.payload.claims)).toBe(true);
  });

  it("checks every time with tokenCache: false", async () => {
    const checks = countSignatureChecks();
    const verifier = verifierWith({ tokenCache: false });
    const token = await issuer.mint();
    for (let i = 0; i < 3; i++) await verifier.verify(token);
    expect(checks.count).toBe(3);
  });

  it("never answers at or past exp + tolerance, and answers up to the second before", async () => {
    const checks = countSignatureChecks();
    const verifier = verifierWith({ clockToleranceSeconds: 5 });
    const token = await issuer.mint({ exp: START_S + 60 });
    await verifier.verify(token);
    now = (START_S + 64) * 1000 + 999;
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: "user-1" });
    expect(checks.count).toBe(1);
    now = (START_S + 65) * 1000;
    expect(await outcomeOf(verifier.verify(token))).toBe("ERR_EXPIRED");
    now = START;
    // The expired entry is gone: verified again in full.
    await verifier.verify(token);
    expect(checks.count).toBe(3);
  });

  it("never answers before nbf − tolerance or with iat in the future, when the clock goes back", async () => {
    const verifier = verifierWith({ clockToleranceSeconds: 0 });
    const token = await issuer.mint({ nbf: START_S, iat: START_S });
    await verifier.verify(token);
    now = START - 1000;
    expect(await outcomeOf(verifier.verify(token))).toBe("ERR_NOT_YET_VALID");
    const issued = await issuer.mint({ iat: START_S });
    now = START;
    await verifier.verify(issued);
    now = START - 1000;
    expect(await outcomeOf(verifier.verify(issued))).toBe("ERR_ISSUED_IN_FUTURE");
  });

  it("never caches a refusal: a token refused before its nbf is accepted once it is valid", async () => {
    const verifier = verifierWith({ clockToleranceSeconds: 0 });
    const token = await issuer.mint({ nbf: START_S + 10 });
    expect(await outcomeOf(verifier.verify(token))).toBe("ERR_NOT_YET_VALID");
    now = START + 10_000;
    expect(await outcomeOf(verifier.verify(token))).toBe("accepted");
  });

  it("keys on the whole token: a token with one signature bit changed is checked, and refused", async () => {
    const verifier = verifierWith();
    const token = await issuer.mint();
    await verifier.verify(token);
    const [h, p, s = ""] = token.split(".");
    const bytes = Buffer.from(s, "base64url");
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    expect(await outcomeOf(verifier.verify(`${h}.${p}.${bytes.toString("base64url")}`))).toBe("ERR_SIGNATURE_INVALID");
  });

  it("is bounded in entries, least recently used out", async () => {
    const checks = countSignatureChecks();
    const verifier = verifierWith({ tokenCache: { maxEntries: 2 } });
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((sub) => issuer.mint({ sub })));
    for (const token of [a, b, a, c]) await verifier.verify(token as string); // c evicts b, not a
    expect(checks.count).toBe(3);
    await verifier.verify(a as string);
    expect(checks.count).toBe(3);
    await verifier.verify(b as string);
    expect(checks.count).toBe(4);
  });

  it("is bounded in bytes: a token larger than the bound is never kept", async () => {
    const checks = countSignatureChecks();
    const verifier = verifierWith({ tokenCache: { maxBytes: 1000 } });
    const small = await issuer.mint();
    const large = await issuer.mint({ pad: "x".repeat(600) });
    for (const token of [small, small, large, large]) await verifier.verify(token);
    expect(checks.count).toBe(3);
  });

  it("drops its entries when the JWKS is refreshed with different keys, and never answers for a removed key", async () => {
    const remote = await createTestIssuer({ algorithms: ["ES256"], clock });
    try {
      const checks = countSignatureChecks();
      const verifier = createVerifier({
        jwksUrl: remote.jwksUrl,
        issuer: remote.issuer,
        audience: remote.audience,
        clock,
        jwksCache: { ttlSeconds: 60 },
      });
      const old = await remote.mint({ exp: START_S + 3600 });
      await verifier.verify(old);
      await verifier.verify(old);
      expect(checks.count).toBe(1);
      // The same keys refetched after the TTL: the entry stays.
      now = START + 61_000;
      await verifier.verify(old);
      expect(checks.count).toBe(1);
      // A rotation that keeps the old key: new keys, so the entry is dropped and checked again.
      await remote.rotate();
      now = START + 130_000;
      await verifier.verify(old);
      expect(checks.count).toBe(2);
      // The old key leaves the set: the cached token is refused, not answered.
      await remote.rotate({ dropOld: true });
      now = START + 200_000;
      expect(await outcomeOf(verifier.verify(old))).toBe("ERR_KEY_NOT_FOUND");
    } finally {
      await remote.close();
    }
  });

  it("answers nothing when the key set is past its TTL and cannot be fetched again", async () => {
    const remote = await createTestIssuer({ algorithms: ["ES256"], clock });
    try {
      const verifier = createVerifier({
        jwksUrl: remote.jwksUrl,
        issuer: remote.issuer,
        audience: remote.audience,
        clock,
        jwksCache: { ttlSeconds: 60, maxStaleSeconds: 0 },
      });
      const token = await remote.mint({ exp: START_S + 3600 });
      await verifier.verify(token);
      remote.mode = "down";
      now = START + 61_000;
      expect(await outcomeOf(verifier.verify(token))).toBe("ERR_JWKS_UNAVAILABLE");
    } finally {
      await remote.close();
    }
  });

  it("refuses bad bounds with a TypeError", () => {
    expect(() => verifierWith({ tokenCache: { maxEntries: -1 } })).toThrow(TypeError);
    expect(() => verifierWith({ tokenCache: { maxEntries: 1.5 } })).toThrow(TypeError);
    expect(() => verifierWith({ tokenCache: true as never })).toThrow(TypeError);
  });
});
