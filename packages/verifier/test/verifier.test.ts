import { createFakeClock, createTestIssuer, outcomeOf, type TestIssuer, verifierFor } from "@jazz-auth/testing";
import { createVerifier, type VerifierOptions } from "@jazz-auth/verifier";
import { afterEach, describe, expect, it } from "vitest";

const issuers: TestIssuer[] = [];
afterEach(async () => {
  for (const issuer of issuers.splice(0)) await issuer.close();
});

async function setup(algorithms: string[] = ["ES256"], extra: Partial<VerifierOptions> = {}) {
  const clock = createFakeClock({ start: Date.now() });
  const issuer = await createTestIssuer({ algorithms, clock });
  issuers.push(issuer);
  const verifier = verifierFor(issuer, { clock, ...extra });
  return { clock, issuer, verifier };
}

const codeOf = outcomeOf;

describe("createVerifier", () => {
  it.each(["ES256", "RS256", "EdDSA", "PS256", "ES384"])("verifies %s and returns the Jazz session", async (alg) => {
    const { issuer, verifier } = await setup([alg]);
    const token = await issuer.mint({ sub: "  user-7 ", role: "top", claims: { role: "admin" } });
    const verified = await verifier.verify(token);
    expect(verified).toMatchObject({
      userId: "user-7",
      issuer: issuer.issuer,
      claims: { role: "admin", subject: "user-7", issuer: issuer.issuer },
      header: { alg },
    });
    expect(verified.expiresAt).toBeInstanceOf(Date);
  });

  it("shares one JWKS fetch among concurrent cold verifications", async () => {
    const { issuer, verifier } = await setup();
    const token = await issuer.mint();
    await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)));
    expect(issuer.fetches).toBe(1);
  });

  it("picks up a rotated key on the first token that carries it, without restart", async () => {
    const { issuer, verifier } = await setup();
    await verifier.verify(await issuer.mint());
    await issuer.rotate();
    await verifier.verify(await issuer.mint());
    expect(issuer.fetches).toBe(2);
  });

  it("refetches at most once per cooldown for unknown kids", async () => {
    const { issuer, verifier, clock } = await setup();
    await verifier.verify(await issuer.mint());
    const forged = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.mint({}, { kid: `forged-${i}` })));
    const codes = await Promise.all(forged.map((token) => codeOf(verifier.verify(token))));
    expect(new Set(codes)).toEqual(new Set(["ERR_KEY_NOT_FOUND"]));
    expect(issuer.fetches).toBe(2);
    clock.sleep(10_000);
    expect(await codeOf(verifier.verify(forged[0] ?? ""))).toBe("ERR_KEY_NOT_FOUND");
    expect(issuer.fetches).toBe(3);
  });

  it("keeps verifying from a stale key set while the endpoint is down, until the stale window ends", async () => {
    const { issuer, verifier, clock } = await setup(["ES256"], {
      jwksCache: { ttlSeconds: 300, maxStaleSeconds: 300 },
    });
    await verifier.verify(await issuer.mint());
    issuer.mode = "down";
    clock.sleep(400_000);
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
    clock.sleep(201_000);
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it.each(["down", "garbage", "empty", "error"] as const)(
    "says ERR_JWKS_UNAVAILABLE (retryable) when the endpoint is %s",
    async (mode) => {
      const { issuer, verifier } = await setup();
      issuer.mode = mode;
      const error = await verifier.verify(await issuer.mint()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE", retryable: true });
    },
  );

  it("says when the endpoint is asked again: retryAfterSeconds counts down the cooldown from the failure", async () => {
    const { issuer, verifier, clock } = await setup(["ES256"], { jwksCache: { cooldownSeconds: 30 } });
    issuer.mode = "down";
    const token = await issuer.mint();
    const refusal = (await verifier.verify(token).catch((e: unknown) => e)) as { retryAfterSeconds: unknown };
    expect(refusal).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE", retryAfterSeconds: 30 });
    clock.sleep(12_500);
    expect(await verifier.verify(token).catch((e: unknown) => e)).toMatchObject({ retryAfterSeconds: 18 });
    expect(issuer.fetches).toBe(1);
    // The error kept for the cooldown is copied per refusal, never changed under an earlier caller.
    expect(refusal.retryAfterSeconds).toBe(30);
    clock.sleep(17_499);
    expect(await verifier.verify(token).catch((e: unknown) => e)).toMatchObject({ retryAfterSeconds: 1 });
    clock.sleep(1);
    expect(await verifier.verify(token).catch((e: unknown) => e)).toMatchObject({ retryAfterSeconds: 30 });
    expect(issuer.fetches).toBe(2);
    issuer.mode = "ok";
    clock.sleep(30_000);
    expect(await codeOf(verifier.verify(token))).toBe("accepted");
  });

  it("says when to retry a new kid that could not be looked up, and nothing on refusals a retry cannot fix", async () => {
    const { issuer, verifier } = await setup();
    await verifier.verify(await issuer.mint());
    issuer.mode = "down";
    const newKid = await verifier.verify(await issuer.mint({}, { kid: "new-key" })).catch((e: unknown) => e);
    expect(newKid).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE", retryAfterSeconds: 10 });
    const forged = await verifier
      .verify(await issuer.mint({}, { foreignKey: true, kid: null }))
      .catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: "ERR_SIGNATURE_INVALID", retryable: false, retryAfterSeconds: null });
  });

  it("gives up on a slow endpoint after timeoutMs", async () => {
    const { issuer, verifier } = await setup(["ES256"], { jwksCache: { timeoutMs: 200 } });
    issuer.mode = "slow";
    const started = Date.now();
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("verifies against a fixed JWKS or a single public key without any fetch", async () => {
    const { issuer } = await setup();
    const token = await issuer.mint();
    const jwk = issuer.jwks().keys[0];
    for (const keyOptions of [{ jwks: issuer.jwks() }, { publicKey: jwk ?? {} }]) {
      const verifier = createVerifier({ ...keyOptions, issuer: issuer.issuer, audience: issuer.audience });
      expect((await verifier.verify(token)).userId).toBe("user-1");
    }
    expect(issuer.fetches).toBe(0);
  });

  it("accepts HMAC only with an explicit secret", async () => {
    const secret = "a-very-long-test-secret-of-32-bytes!!";
    const { SignJWT } = await import("jose");
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: "u", exp: now + 60 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(secret));
    expect((await createVerifier({ secret }).verify(token)).userId).toBe("u");
    expect(() => createVerifier({ secret: "short" })).toThrow(/32 bytes/);
    expect(() => createVerifier({ jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] }, algorithms: ["HS256"] })).toThrow(
      /HMAC/,
    );
  });

  it("requires azp among the authorized parties when they are configured", async () => {
    const { issuer } = await setup();
    const verifier = createVerifier({
      jwks: issuer.jwks(),
      issuer: issuer.issuer,
      audience: issuer.audience,
      authorizedParties: ["https://app.example.com"],
    });
    expect(await codeOf(verifier.verify(await issuer.mint({ azp: "https://app.example.com" })))).toBe("accepted");
    expect(await codeOf(verifier.verify(await issuer.mint({ azp: "https://evil.example.com" })))).toBe(
      "ERR_AUTHORIZED_PARTY_MISMATCH",
    );
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_AUTHORIZED_PARTY_MISMATCH");
  });

  it("validates its options with a TypeError that names the problem", () => {
    expect(() => createVerifier({} as VerifierOptions)).toThrow(/preset or a key source/);
    expect(() => createVerifier({ jwksUrl: "ftp://x" })).toThrow(TypeError);
    expect(() => createVerifier({ jwksUrl: "https://a.example/jwks", clockToleranceSeconds: 3600 })).toThrow(
      /clockToleranceSeconds/,
    );
    expect(() => createVerifier({ jwksUrl: "https://a.example/jwks", jwks: { keys: [{ kty: "EC" }] } })).toThrow(
      /at most one/,
    );
    expect(() => createVerifier({ jwksUrl: "https://a.example/jwks", unknown: 1 } as VerifierOptions)).toThrow(
      TypeError,
    );
  });
});
