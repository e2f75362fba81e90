/**
 * The whole security suite against a multi-issuer verifier: every verifier the suite builds is
 * `createVerifier({ issuers: [decoy, <the suite's options>, decoy] })` (verifier-under-test.ts), so
 * each case also goes through routing by `iss` and must be refused as before, and the fuzz mutates
 * tokens in front of three issuers. Then the cases only several issuers have: cross-issuer confusion.
 */
import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { built, createVerifier, takeVerifierShape } from "./verifier-under-test";

takeVerifierShape("multi");

await import("./security-suite");

describe("the verifier shape of this run", () => {
  it("built every verifier of the suite with three issuers", () => {
    expect(built.multi).toBeGreaterThan(20);
    expect(built.single).toBe(0);
  });
});

describe("security catalog: cross-issuer confusion (V-08b)", () => {
  let a: TestIssuer;
  let b: TestIssuer;
  beforeAll(async () => {
    // Same algorithm and audience, so only the issuer's own key set tells their tokens apart.
    a = await createTestIssuer({ algorithms: ["ES256"], audience: "shared" });
    b = await createTestIssuer({ algorithms: ["ES256"], audience: "shared" });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const both = () => createVerifier({ jwksUrl: a.jwksUrl, issuer: a.issuer, audience: "shared", tokenCache: false });
  const aAndB = () =>
    // The suite's helper puts one issuer between decoys; here both real issuers are entries.
    import("@jazz-auth/verifier").then(({ createVerifier: create }) =>
      create({
        issuers: [
          { jwksUrl: a.jwksUrl, issuer: a.issuer, audience: "shared" },
          { jwksUrl: b.jwksUrl, issuer: b.issuer, audience: "shared" },
        ],
        tokenCache: false,
      }),
    );
  const kidOf = (issuer: TestIssuer) => issuer.jwks().keys[0]?.kid ?? "";

  it("a token signed by b's key that claims a: refused, and b's key set is never fetched for it", async () => {
    const verifier = await aAndB();
    await verifier.verify(await a.mint());
    const before = b.fetches;
    expect(await outcomeOf(verifier.verify(await b.mint({ iss: a.issuer }, { kid: kidOf(a) })))).toBe(
      "ERR_SIGNATURE_INVALID",
    );
    expect(await outcomeOf(verifier.verify(await b.mint({ iss: a.issuer }, { kid: null })))).toBe(
      "ERR_SIGNATURE_INVALID",
    );
    expect(b.fetches - before).toBe(0);
  });

  it("a kid that exists only in the other issuer's set: ERR_KEY_NOT_FOUND in the claimed issuer's set", async () => {
    const verifier = await aAndB();
    await verifier.verify(await b.mint());
    const before = b.fetches;
    expect(await outcomeOf(verifier.verify(await b.mint({ iss: a.issuer }, { kid: kidOf(b) })))).toBe(
      "ERR_KEY_NOT_FOUND",
    );
    expect(b.fetches - before).toBe(0);
  });

  it("an iss with trailing spaces, another case, or none: ERR_ISSUER_UNKNOWN, before any fetch", async () => {
    const verifier = await aAndB();
    const before = [a.fetches, b.fetches];
    for (const iss of [`${a.issuer} `, `${a.issuer}\t`, a.issuer.toUpperCase(), undefined, null, ""]) {
      expect(await outcomeOf(verifier.verify(await a.mint({ iss })))).toBe("ERR_ISSUER_UNKNOWN");
    }
    expect([a.fetches, b.fetches]).toEqual(before);
  });

  it("the suite's own helper routes the same way (one real issuer between decoys)", async () => {
    expect(await outcomeOf(both().verify(await a.mint()))).toBe("accepted");
    expect(await outcomeOf(both().verify(await b.mint()))).toBe("ERR_ISSUER_UNKNOWN");
  });
});
