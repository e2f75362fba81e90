import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestIssuer } from "@jazz-auth/testing";
import { createJazzTokenBridge, createVerifier } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("the package on a runtime without node:crypto (an edge runtime)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("imports no node: module statically, so edge bundles load it", () => {
    const offenders = sources(SRC).filter((file) =>
      /(from\s+|import\s*\(\s*)["'](node:|crypto["'])/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("verifies on WebCrypto and the bridge signs on WebCrypto, when getBuiltinModule has no node:crypto", async () => {
    vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined as never);
    const subtleVerify = vi.spyOn(crypto.subtle, "verify");
    const subtleSign = vi.spyOn(crypto.subtle, "sign");
    const issuer = await createTestIssuer({ algorithms: ["ES256"] });
    try {
      const verifier = createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience });
      const token = await issuer.mint({ sub: "user-1" });
      subtleSign.mockClear();
      expect((await verifier.verify(token)).userId).toBe("user-1");
      expect(subtleVerify).toHaveBeenCalledTimes(1);
      const { privateKey } = await generateKeyPair("ES256", { extractable: true });
      const bridge = createJazzTokenBridge({
        verifier: createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience }),
        signingKey: { ...(await exportJWK(privateKey)), kid: "k", alg: "ES256" },
        issuer: "https://app.example.com/jazz",
      });
      await bridge.ready;
      subtleSign.mockClear();
      await bridge.exchange(token);
      expect(subtleSign).toHaveBeenCalledTimes(1);
    } finally {
      await issuer.close();
    }
  });

  it("falls back to WebCrypto for a key that a partial node:crypto cannot import", async () => {
    const real = process.getBuiltinModule("node:crypto");
    const partial = {
      ...real,
      createPublicKey: () => {
        throw new Error("JWK import not implemented");
      },
    };
    vi.spyOn(process, "getBuiltinModule").mockReturnValue(partial as never);
    const subtleVerify = vi.spyOn(crypto.subtle, "verify");
    const issuer = await createTestIssuer({ algorithms: ["RS256"] });
    try {
      const verifier = createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience });
      await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ userId: "user-1" });
      expect(subtleVerify).toHaveBeenCalledTimes(1);
    } finally {
      await issuer.close();
    }
  });

  it("refuses with ERR_KEY_UNUSABLE when WebCrypto rejects a check, on the first token and on a known key", async () => {
    vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined as never);
    const issuer = await createTestIssuer({ algorithms: ["ES256"] });
    try {
      const verifier = createVerifier({
        jwks: issuer.jwks(),
        issuer: issuer.issuer,
        audience: issuer.audience,
        tokenCache: false,
      });
      const subtleVerify = vi.spyOn(crypto.subtle, "verify");
      subtleVerify.mockRejectedValueOnce(new DOMException("the key cannot", "OperationError"));
      await expect(verifier.verify(await issuer.mint())).rejects.toMatchObject({ code: "ERR_KEY_UNUSABLE" });
      // The key is known now: the check is the promise WebCrypto gave, and its rejection is mapped the same.
      await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ userId: "user-1" });
      subtleVerify.mockRejectedValueOnce(new DOMException("the key cannot", "OperationError"));
      await expect(verifier.verify(await issuer.mint())).rejects.toMatchObject({ code: "ERR_KEY_UNUSABLE" });
    } finally {
      await issuer.close();
    }
  });

  it("also works where process itself is missing", async () => {
    const issuer = await createTestIssuer({ algorithms: ["EdDSA"] });
    try {
      const token = await issuer.mint();
      vi.stubGlobal("process", undefined);
      const verifier = createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, audience: issuer.audience });
      const verified = verifier.verify(token);
      vi.unstubAllGlobals();
      await expect(verified).resolves.toMatchObject({ issuer: issuer.issuer });
    } finally {
      vi.unstubAllGlobals();
      await issuer.close();
    }
  });
});
