import { bridgeTokenSource, createTokenSource, decodeJwt, type TokenSource } from "@jazz-auth/core";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import {
  checkJazzCompatibility,
  createJazzTokenBridge,
  createVerifier,
  type JazzTokenBridge,
} from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("bridgeTokenSource with a real bridge", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  /** A bridge source that reaches the bridge's handler in-process. */
  const bridged = (bridge: JazzTokenBridge, upstream: TokenSource) =>
    bridgeTokenSource(upstream, {
      url: "https://app.example.com/jazz/token",
      fetch: async (url, init) => bridge.handler(new Request(String(url), init)),
      environment: null,
    });

  async function setup() {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const bridge = createJazzTokenBridge({
      verifier: createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience }),
      signingKey: { ...(await exportJWK(privateKey)), kid: "bridge-1", alg: "ES256" },
      issuer: "https://app.example.com/jazz",
      claims: (verified) => ({ role: verified.payload.role }),
    });
    let mints = 0;
    const upstream = createTokenSource({
      provider: "idp",
      fetchToken: async () => {
        mints += 1;
        return issuer.mint({ role: "admin", sub: "user-9" });
      },
      environment: null,
    });
    const source = bridged(bridge, upstream);
    return { bridge, upstream, source, mints: () => mints };
  }

  it("exchanges the upstream token for a Jazz token the Jazz server accepts", async () => {
    const { bridge, source } = await setup();
    const token = (await source.getToken()) ?? "";
    expect(decodeJwt(token).payload).toMatchObject({
      sub: "user-9",
      iss: "https://app.example.com/jazz",
      claims: { role: "admin" },
    });
    expect((await checkJazzCompatibility(token, { jwks: bridge.jwks() })).outcome).toBe("accepted");
    expect(source.getSnapshot().principal).toBe("user-9");
    expect(source.provider).toBe("bridge:idp");
  });

  it("is signed out when upstream is", async () => {
    const upstream = createTokenSource({ provider: "idp", fetchToken: async () => null, environment: null });
    const source = bridgeTokenSource(upstream, {
      url: "https://x/token",
      fetch: () => Promise.reject(new Error("never called")),
      environment: null,
    });
    expect(await source.getToken()).toBeNull();
  });

  it("follows the upstream's principal: a user switch upstream is one here", async () => {
    const { bridge } = await setup();
    let sub = "user-1";
    let notify: () => void = () => {};
    const upstream = createTokenSource({
      provider: "idp",
      fetchToken: async () => issuer.mint({ sub }),
      watch: (onChange) => {
        notify = onChange;
        return () => {};
      },
      environment: null,
    });
    const source = bridged(bridge, upstream);
    source.subscribe(() => {});
    expect(decodeJwt((await source.getToken()) ?? "").payload.sub).toBe("user-1");
    sub = "user-2";
    notify();
    await upstream.getToken();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.getSnapshot().principal).toBe("user-2");
  });

  it("forces the upstream on a forced refresh", async () => {
    const { source, mints } = await setup();
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    expect(mints()).toBe(2);
  });

  it("retries a refused token once with a forced upstream refresh, then reports it", async () => {
    const { upstream } = await setup();
    let calls = 0;
    const refusing: typeof fetch = async () => {
      calls += 1;
      return new Response(JSON.stringify({ error: "ERR_ISSUER_MISMATCH" }), { status: 401 });
    };
    const source = bridgeTokenSource(upstream, { url: "https://x/token", fetch: refusing, environment: null });
    await expect(source.getToken()).rejects.toMatchObject({
      code: "ERR_PROVIDER_CONFIG",
      retryable: false,
      message: expect.stringMatching(/ERR_ISSUER_MISMATCH/),
    });
    expect(calls).toBe(2);
  });

  it("retries a bridge that is down", async () => {
    const { upstream } = await setup();
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls += 1;
      return calls === 1
        ? new Response("unavailable", { status: 503 })
        : new Response(JSON.stringify({ token: await issuer.mint() }), { status: 200 });
    };
    const source = bridgeTokenSource(upstream, {
      url: "https://x/token",
      fetch: flaky,
      environment: null,
      retry: { baseDelayMs: 10 },
    });
    expect(await source.getToken()).toMatch(/^ey/);
    expect(calls).toBe(2);
  });
});
