/**
 * The JWKS group of the security catalog (security-catalog.md §1.3), against a real JWKS server on
 * 127.0.0.1 and a fake clock for the cache windows.
 */
import {
  createFakeClock,
  createTestIssuer,
  type FakeClock,
  freePort,
  outcomeOf,
  type TestIssuer,
} from "@jazz-auth/testing";
import type { Verifier, VerifierOptions } from "@jazz-auth/verifier";
import { afterEach, describe, expect, it } from "vitest";
import { createVerifier, verifierFor } from "./verifier-under-test";

const issuers: TestIssuer[] = [];
afterEach(async () => {
  for (const issuer of issuers.splice(0)) await issuer.close();
});

async function setup(
  cache: VerifierOptions["jwksCache"] = {},
): Promise<{ clock: FakeClock; issuer: TestIssuer; verifier: Verifier }> {
  const clock = createFakeClock({ start: Date.UTC(2026, 10, 29, 12) });
  const issuer = await createTestIssuer({ clock });
  issuers.push(issuer);
  const verifier = verifierFor(issuer, { clock, jwksCache: cache });
  return { clock, issuer, verifier };
}

const codeOf = outcomeOf;

describe("security catalog: JWKS fetching and caching", () => {
  it("K-01 makes one fetch for 50 concurrent cold verifications", async () => {
    const { issuer, verifier } = await setup();
    const token = await issuer.mint();
    const codes = await Promise.all(Array.from({ length: 50 }, () => codeOf(verifier.verify(token))));
    expect(new Set(codes)).toEqual(new Set(["accepted"]));
    expect(issuer.fetches).toBe(1);
  });

  it("K-02 makes no more than one fetch per cooldown for unknown kids, and one after it", async () => {
    const { issuer, verifier, clock } = await setup({ cooldownSeconds: 10 });
    await verifier.verify(await issuer.mint());
    for (let i = 0; i < 20; i++) {
      expect(await codeOf(verifier.verify(await issuer.mint({}, { kid: `unknown-${i}` })))).toBe("ERR_KEY_NOT_FOUND");
    }
    expect(issuer.fetches).toBe(2);
    clock.sleep(10_001);
    expect(await codeOf(verifier.verify(await issuer.mint({}, { kid: "unknown-after" })))).toBe("ERR_KEY_NOT_FOUND");
    expect(issuer.fetches).toBe(3);
  });

  it("K-03 picks up a rotated key after the cooldown, and within it once the cooldown passes", async () => {
    const { issuer, verifier, clock } = await setup({ cooldownSeconds: 10 });
    await verifier.verify(await issuer.mint());
    expect(await codeOf(verifier.verify(await issuer.mint({}, { kid: "probe" })))).toBe("ERR_KEY_NOT_FOUND");
    await issuer.rotate();
    const rotated = await issuer.mint();
    expect(await codeOf(verifier.verify(rotated))).toBe("ERR_KEY_NOT_FOUND");
    clock.sleep(10_001);
    expect(await codeOf(verifier.verify(rotated))).toBe("accepted");
  });

  it("K-04 stops accepting a key removed upstream once the cache is refreshed (revocation latency = TTL)", async () => {
    const { issuer, verifier, clock } = await setup({ ttlSeconds: 300 });
    const old = await issuer.mint({ exp: Math.floor(clock.now() / 1000) + 3600 });
    await verifier.verify(old);
    await issuer.rotate({ dropOld: true });
    clock.sleep(299_000);
    expect(await codeOf(verifier.verify(old))).toBe("accepted");
    clock.sleep(2000);
    expect(await codeOf(verifier.verify(old))).toBe("ERR_KEY_NOT_FOUND");
  });

  it("K-05 keeps verifying known kids while the endpoint fails, and says unavailable for an unknown kid", async () => {
    const { issuer, verifier } = await setup();
    await verifier.verify(await issuer.mint());
    issuer.mode = "error";
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
    const error = await verifier.verify(await issuer.mint({}, { kid: "new-kid" })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_JWKS_UNAVAILABLE", retryable: true });
  });

  it("K-06 serves the last good set up to maxStale past the TTL, then says unavailable", async () => {
    const { issuer, verifier, clock } = await setup({ ttlSeconds: 300, maxStaleSeconds: 300 });
    await verifier.verify(await issuer.mint());
    issuer.mode = "down";
    clock.sleep(599_000);
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
    clock.sleep(2000);
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it("K-07 asks a failing endpoint at most once per cooldown, whatever the request rate", async () => {
    const { issuer, verifier, clock } = await setup({ ttlSeconds: 300, cooldownSeconds: 10 });
    await verifier.verify(await issuer.mint());
    issuer.mode = "error";
    clock.sleep(301_000);
    const before = issuer.fetches;
    for (let i = 0; i < 20; i++) expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
    expect(issuer.fetches - before).toBe(1);
    clock.sleep(10_001);
    await verifier.verify(await issuer.mint());
    expect(issuer.fetches - before).toBe(2);
  });

  it("K-08 gives up on a stalled endpoint within the timeout", async () => {
    const { issuer, verifier } = await setup({ timeoutMs: 300 });
    issuer.mode = "slow";
    const started = performance.now();
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it.each([
    ["K-09a an HTTP 500", "error"],
    ["K-09b an HTML page", "garbage"],
    ["K-09c an empty key set", "empty"],
    ["K-10 a redirect", "redirect"],
    ["K-13 a 2 MiB answer", "huge"],
  ] as const)("%s on a cold cache is ERR_JWKS_UNAVAILABLE", async (_name, mode) => {
    const { issuer, verifier } = await setup();
    issuer.mode = mode;
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it.each([
    ["K-09d keys that are not an array", { keys: {} }],
    ["K-35 a key set that publishes a private key", "private"],
  ] as const)("%s is ERR_JWKS_UNAVAILABLE", async (_name, document) => {
    const { issuer, verifier } = await setup();
    issuer.jwksOverride =
      document === "private" ? { keys: issuer.jwks().keys.map((key) => ({ ...key, d: "AAAA" })) } : document;
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it("K-09e a refused connection is ERR_JWKS_UNAVAILABLE", async () => {
    const port = await freePort();
    const { issuer } = await setup();
    // The token's own issuer and audience, so that a multi-issuer verifier routes it to the dead endpoint.
    const verifier = createVerifier({
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      issuer: issuer.issuer,
      audience: issuer.audience,
    });
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it("K-11 ignores a malformed sibling key", async () => {
    const { issuer, verifier } = await setup();
    issuer.jwksOverride = {
      keys: [{ kty: "RSA", kid: "broken", n: "!!", e: "AQAB" }, { kty: "unknown" }, ...issuer.jwks().keys],
    };
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
  });

  it("K-12 keeps the last good set when the endpoint answers an empty one", async () => {
    const { issuer, verifier, clock } = await setup({ ttlSeconds: 300 });
    await verifier.verify(await issuer.mint());
    issuer.mode = "empty";
    clock.sleep(301_000);
    expect(await codeOf(verifier.verify(await issuer.mint()))).toBe("accepted");
    expect(issuer.fetches).toBe(2);
  });
});
