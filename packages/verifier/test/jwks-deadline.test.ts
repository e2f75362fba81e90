/** The JWKS deadline holds whatever the `fetch` does with its signal (a review finding). */

import { createTestIssuer } from "@jazz-auth/testing";
import { createVerifier, VerificationError } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let issuer: Awaited<ReturnType<typeof createTestIssuer>>;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(async () => {
  await issuer?.close();
});

describe("the JWKS fetch deadline", () => {
  it("refuses with ERR_JWKS_UNAVAILABLE when a fetch ignores its signal and never answers", async () => {
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksCache: { timeoutMs: 100 },
      fetch: () => new Promise<Response>(() => {}),
    });
    const error = await verifier.verify(await issuer.mint()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(VerificationError);
    expect((error as VerificationError).code).toBe("ERR_JWKS_UNAVAILABLE");
  });

  it("refuses when the body never ends", async () => {
    const stalled = new ReadableStream<Uint8Array>({ start: () => {} });
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksCache: { timeoutMs: 100 },
      fetch: async () => new Response(stalled, { status: 200 }),
    });
    const error = await verifier.verify(await issuer.mint()).catch((thrown: unknown) => thrown);
    expect((error as VerificationError).code).toBe("ERR_JWKS_UNAVAILABLE");
  });
});
