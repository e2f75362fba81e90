import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type Verifier } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_KNOWN_HEADERS } from "../src/compact";

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["ES256"] });
  verifier = createVerifier({
    jwks: issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
    tokenCache: false,
  });
});
afterAll(() => issuer.close());

describe("headers the verifier has parsed before", () => {
  it("are judged by the header rules every time (a known `crit` header is refused again)", async () => {
    const token = await issuer.mint({}, { header: { crit: ["b64"], b64: true } });
    expect(await outcomeOf(verifier.verify(token))).toBe("ERR_CRIT_UNSUPPORTED");
    expect(await outcomeOf(verifier.verify(token))).toBe("ERR_CRIT_UNSUPPORTED");
  });

  it("are shared frozen, and many distinct headers neither break verification nor grow without bound", async () => {
    const forged = await Promise.all(
      Array.from({ length: MAX_KNOWN_HEADERS * 2 }, (_, i) => issuer.mint({}, { kid: `forged-${i}` })),
    );
    for (const token of forged) expect(await outcomeOf(verifier.verify(token))).toBe("ERR_KEY_NOT_FOUND");
    const [a, b] = await Promise.all([issuer.mint({ sub: "a" }), issuer.mint({ sub: "b" })]);
    const first = await verifier.verify(a as string);
    const second = await verifier.verify(b as string);
    expect(second.header).toBe(first.header);
    expect(Object.isFrozen(first.header)).toBe(true);
    expect([first.userId, second.userId]).toEqual(["a", "b"]);
  });
});
