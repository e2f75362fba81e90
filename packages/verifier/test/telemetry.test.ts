import { createFakeClock, createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type VerifierEvent } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let issuer: TestIssuer;
let other: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256", "RS256"] });
  other = await createTestIssuer({ algorithms: ["EdDSA"] });
});
afterAll(async () => {
  await issuer.close();
  await other.close();
});

describe("createVerifier({ onEvent })", () => {
  it("reports a JWKS fetch with its duration and key count, a failed one with its code, and refusals", async () => {
    const clock = createFakeClock({ start: Date.now() });
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      clock,
      jwksCache: { ttlSeconds: 60, maxStaleSeconds: 0 },
      onEvent: (event) => events.push(event),
    });
    await verifier.verify(await issuer.mint());
    await outcomeOf(verifier.verify(await issuer.mint({ aud: "elsewhere" })));
    issuer.mode = "error";
    clock.sleep(61_000);
    expect(await outcomeOf(verifier.verify(await issuer.mint()))).toBe("ERR_JWKS_UNAVAILABLE");
    issuer.mode = "ok";
    expect(events).toEqual([
      { type: "jwks-fetched", issuer: issuer.issuer, durationMs: 0, keyCount: 2, changed: true },
      { type: "verification-refused", issuer: issuer.issuer, code: "ERR_AUDIENCE_MISMATCH" },
      { type: "jwks-failed", issuer: issuer.issuer, durationMs: 0, code: "ERR_JWKS_UNAVAILABLE" },
      { type: "verification-refused", issuer: issuer.issuer, code: "ERR_JWKS_UNAVAILABLE" },
    ]);
  });

  it("says `changed: false` for a refetch that brings the same keys", async () => {
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      onEvent: (event) => events.push(event),
    });
    await verifier.verify(await issuer.mint());
    await outcomeOf(verifier.verify(await issuer.mint({}, { kid: "unknown-kid" })));
    expect(events.filter((event) => event.type === "jwks-fetched").map((event) => event.changed)).toEqual([
      true,
      false,
    ]);
  });

  it("a listener that throws does not change the verdict", async () => {
    const verifier = createVerifier({
      jwks: issuer.jwks(),
      issuer: issuer.issuer,
      audience: issuer.audience,
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    const thrown: unknown[] = [];
    const onError = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onError);
    try {
      expect(await outcomeOf(verifier.verify(await issuer.mint({ exp: 1 })))).toBe("ERR_EXPIRED");
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off("uncaughtException", onError);
    }
    expect(thrown).toHaveLength(1);
  });

  it("carries no token, token part, key or claim value in any event of a run", async () => {
    const events: VerifierEvent[] = [];
    const onEvent = (event: VerifierEvent) => events.push(event);
    const single = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      onEvent,
    });
    const multi = createVerifier({
      issuers: [
        { name: "main", jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience },
        { name: "other", jwksUrl: other.jwksUrl, issuer: other.issuer, audience: other.audience },
      ],
      onEvent,
    });
    const claims = { sub: "user-secret-7f3a", email: "ada@example.com", role: "owner-x91" };
    const tokens = [
      await issuer.mint(claims),
      await issuer.mint({ ...claims, exp: 1 }),
      await issuer.mint({ ...claims, aud: "audience-secret-2b" }),
      await issuer.mint(claims, { kid: "kid-secret-99" }),
      await issuer.mint(claims, { foreignKey: true }),
      await issuer.mint({ ...claims, iss: "https://attacker-secret.example" }),
      await other.mint(claims),
      `${(await issuer.mint(claims)).slice(0, -4)}AAAA`,
    ];
    for (const verifier of [single, multi]) {
      for (const token of tokens) await outcomeOf(verifier.verify(token));
    }
    other.mode = "down";
    const cold = createVerifier({ jwksUrl: other.jwksUrl, issuer: other.issuer, audience: other.audience, onEvent });
    await outcomeOf(cold.verify(tokens[6] ?? ""));
    other.mode = "ok";

    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(["jwks-fetched", "jwks-failed", "verification-refused"]),
    );
    const text = JSON.stringify(events);
    const keyMaterial = [...issuer.jwks().keys, ...other.jwks().keys].flatMap((key) =>
      [key.kid, key.x, key.y, key.n].filter((value): value is string => typeof value === "string"),
    );
    const secrets = [
      ...tokens,
      ...tokens.flatMap((token) => token.split(".")),
      ...Object.values(claims),
      "audience-secret-2b",
      "kid-secret-99",
      "attacker-secret",
      ...keyMaterial,
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
