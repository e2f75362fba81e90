import { firebase } from "@jazz-auth/firebase/preset";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import {
  checkJazzCompatibility,
  createJazzTokenBridge,
  createVerifier,
  type JazzTokenBridgeOptions,
} from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROJECT = "demo-project-a";
let firebaseLike: TestIssuer;
let signingKey: JWK;

async function newSigningKey(
  alg = "ES256",
  kid = `bridge-${alg}-${Math.random().toString(36).slice(2, 8)}`,
): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg };
}

beforeAll(async () => {
  // A local issuer shaped like Firebase: iss https://securetoken.google.com/<project>, aud <project>.
  firebaseLike = await createTestIssuer({
    algorithms: ["RS256"],
    issuer: `https://securetoken.google.com/${PROJECT}`,
    audience: PROJECT,
  });
  signingKey = await newSigningKey();
});
afterAll(() => firebaseLike.close());

function bridge(extra: Partial<JazzTokenBridgeOptions> = {}) {
  return createJazzTokenBridge({
    verifier: createVerifier({ preset: firebase({ projectId: PROJECT }), jwks: firebaseLike.jwks() }),
    signingKey,
    issuer: "https://app.example.com/jazz-bridge",
    claims: (verified) => ({ role: verified.payload.role }),
    ...extra,
  });
}

const subOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

describe("createJazzTokenBridge", () => {
  it("re-mints a verified provider token as one the Jazz server accepts, with the mapped claims nested", async () => {
    const providerToken = await firebaseLike.mint({ sub: "kX3pQ9wZr7TnYbVf2LmA8sJd1Hc4", role: "editor" });
    const { token, expiresAt } = await bridge().exchange(providerToken);
    const jazz = await checkJazzCompatibility(token, { jwks: bridge().jwks() });
    expect(jazz).toMatchObject({
      outcome: "accepted",
      session: {
        userId: "kX3pQ9wZr7TnYbVf2LmA8sJd1Hc4",
        claims: {
          role: "editor",
          subject: "kX3pQ9wZr7TnYbVf2LmA8sJd1Hc4",
          issuer: "https://app.example.com/jazz-bridge",
        },
      },
    });
    const codes = jazz.warnings.map((warning) => warning.code);
    for (const code of ["top-level-claims-dropped", "no-exp", "hmac-token", "sub-trimmed"] as const) {
      expect(codes).not.toContain(code);
    }
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString());
    expect(header).toMatchObject({ alg: "ES256", kid: signingKey.kid });
    expect(Number.isInteger(expiresAt)).toBe(true);
  });

  it("refuses a token from another Firebase project signed by the same keys", async () => {
    const other = await firebaseLike.mint({ iss: "https://securetoken.google.com/attacker", aud: "attacker" });
    await expect(bridge().exchange(other)).rejects.toMatchObject({ code: "ERR_ISSUER_MISMATCH" });
  });

  it("never outlives the provider token, nor its own lifetime", async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await firebaseLike.mint({ exp: now + 60 });
    expect((await bridge({ lifetimeSeconds: 600 }).exchange(shortLived)).expiresAt).toBe(now + 60);
    const longLived = await firebaseLike.mint({ exp: now + 3600 });
    expect((await bridge({ lifetimeSeconds: 300 }).exchange(longLived)).expiresAt).toBeLessThanOrEqual(now + 301);
  });

  it("maps the subject when asked", async () => {
    const { token } = await bridge({ subject: (verified) => `firebase:${verified.userId}` }).exchange(
      await firebaseLike.mint({ sub: "uid-1" }),
    );
    expect(subOf(token).sub).toBe("firebase:uid-1");
  });

  it("publishes only public key material, and keeps earlier keys until their tokens expire", async () => {
    for (const key of bridge().jwks().keys)
      for (const member of ["d", "p", "q", "dp", "dq", "qi", "k"]) expect(key).not.toHaveProperty(member);
    const before = await bridge().exchange(await firebaseLike.mint());
    const rotated = bridge({ signingKey: await newSigningKey("EdDSA"), previousKeys: [signingKey] });
    const after = await rotated.exchange(await firebaseLike.mint());
    for (const { token } of [before, after])
      expect((await checkJazzCompatibility(token, { jwks: rotated.jwks() })).outcome).toBe("accepted");
    expect(rotated.jwks().keys.map((key) => key.alg)).toEqual(["EdDSA", "ES256"]);
  });

  it("serves POST /token and GET /jwks as Web-standard handlers, and nothing else", async () => {
    const handler = bridge().handler;
    const providerToken = await firebaseLike.mint({ role: "editor" });
    const ok = await handler(
      new Request("https://app.example.com/jazz/token", {
        method: "POST",
        headers: { authorization: `Bearer ${providerToken}` },
      }),
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { token: string; expiresAt: number };
    expect(subOf(body.token).claims).toEqual({ role: "editor" });

    const refused = await handler(
      new Request("https://app.example.com/jazz/token", {
        method: "POST",
        headers: { authorization: `Bearer ${providerToken}x` },
      }),
    );
    expect(refused.status).toBe(401);
    const reason = await refused.text();
    expect(reason).toMatch(/ERR_/);
    expect(reason).not.toContain(providerToken.slice(0, 40));

    const jwks = await handler(new Request("https://app.example.com/jazz/jwks"));
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get("cache-control")).toMatch(/max-age=300/);
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);

    expect((await handler(new Request("https://app.example.com/jazz/token"))).status).toBe(405);
    expect((await handler(new Request("https://app.example.com/jazz/token", { method: "POST" }))).status).toBe(401);
    expect((await handler(new Request("https://app.example.com/jazz/other"))).status).toBe(404);
  });

  it("answers 503 with Retry-After while the provider's key set cannot be loaded", async () => {
    const down = await createTestIssuer({ algorithms: ["RS256"] });
    try {
      down.mode = "down";
      const { handler } = createJazzTokenBridge({
        verifier: createVerifier({ jwksUrl: down.jwksUrl, issuer: down.issuer, audience: down.audience }),
        signingKey,
        issuer: "https://app.example.com/jazz-bridge",
      });
      const answer = await handler(
        new Request("https://app.example.com/jazz/token", {
          method: "POST",
          headers: { authorization: `Bearer ${await down.mint()}` },
        }),
      );
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("10");
      expect(((await answer.json()) as { error: string }).error).toBe("ERR_JWKS_UNAVAILABLE");
    } finally {
      await down.close();
    }
  });

  it("refuses unusable configurations with a TypeError", async () => {
    const { kid: _kid, ...noKid } = signingKey;
    const { d: _d, ...publicOnly } = signingKey;
    const base = {
      verifier: createVerifier({ jwks: firebaseLike.jwks(), issuer: "x", audience: "y" }),
      issuer: "https://a.example",
    };
    expect(() => createJazzTokenBridge({ ...base, signingKey, issuer: "urn:jazz:local-first" })).toThrow(/urn:jazz/);
    expect(() => createJazzTokenBridge({ ...base, signingKey: noKid })).toThrow(/kid/);
    expect(() => createJazzTokenBridge({ ...base, signingKey: publicOnly })).toThrow(/private/);
    expect(() =>
      createJazzTokenBridge({ ...base, signingKey: { kty: "oct", k: "c2VjcmV0", kid: "h", alg: "HS256" } }),
    ).toThrow(/HS256/);
  });
});
