import { createFakeClock, createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type VerifierEvent } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let a: TestIssuer;
let b: TestIssuer;
let c: TestIssuer;

beforeAll(async () => {
  a = await createTestIssuer({ algorithms: ["ES256"], audience: "app-a" });
  b = await createTestIssuer({ algorithms: ["RS256"], audience: "app-b" });
  c = await createTestIssuer({ algorithms: ["EdDSA"], audience: "app-c" });
});
afterAll(async () => {
  for (const issuer of [a, b, c]) await issuer.close();
});

const entry = (issuer: TestIssuer, extra: Record<string, unknown> = {}) => ({
  jwksUrl: issuer.jwksUrl,
  issuer: issuer.issuer,
  audience: issuer.audience,
  ...extra,
});
const three = (extra: Record<string, unknown> = {}) =>
  createVerifier({
    issuers: [entry(a, { name: "staging" }), entry(b, { algorithms: ["RS256"] }), entry(c, { algorithms: ["EdDSA"] })],
    ...extra,
  });
const fetchesOf = () => [a.fetches, b.fetches, c.fetches];
const since = (before: number[]) => fetchesOf().map((n, i) => n - (before[i] ?? 0));

describe("createVerifier({ issuers }): routing by exact iss", () => {
  it("verifies each issuer's token with that issuer's rules and names the entry that matched", async () => {
    const verifier = three();
    const [fromA, fromB, fromC] = await Promise.all([
      verifier.verify(await a.mint({ sub: "alice" })),
      verifier.verify(await b.mint({ sub: "bob" })),
      verifier.verify(await c.mint({ sub: "carol" })),
    ]);
    expect(fromA).toMatchObject({ userId: "alice", issuer: a.issuer, issuerName: "staging" });
    expect(fromB).toMatchObject({ userId: "bob", issuer: b.issuer, issuerName: b.issuer });
    expect(fromC).toMatchObject({ userId: "carol", issuer: c.issuer, issuerName: c.issuer });
  });

  it("keeps each issuer's own audience, algorithms and sub format", async () => {
    const verifier = createVerifier({
      issuers: [
        entry(a),
        { ...entry(b), algorithms: ["PS256"] },
        { ...entry(c), algorithms: ["EdDSA"], audience: "app-c" },
      ],
    });
    // a's audience is not b's: a token of a with b's audience is refused by a's rules.
    expect(await outcomeOf(verifier.verify(await a.mint({ aud: "app-b" })))).toBe("ERR_AUDIENCE_MISMATCH");
    // b's allow-list here is PS256 only.
    expect(await outcomeOf(verifier.verify(await b.mint()))).toBe("ERR_ALG_NOT_ALLOWED");
    expect(await outcomeOf(verifier.verify(await c.mint()))).toBe("accepted");
  });

  it("applies a preset's sub format to its issuer only", async () => {
    const preset = {
      id: "digits",
      displayName: "Digits",
      issuer: b.issuer,
      audience: b.audience,
      jwksUrl: b.jwksUrl,
      algorithms: ["RS256"],
      subject: { description: "digits", example: "42", pattern: /^\d+$/ },
      claims: { nestedRecipe: "" },
      jazzServer: { jwksUrl: b.jwksUrl, safe: true },
      docsUrl: "https://example.com",
    } as const;
    const verifier = createVerifier({ issuers: [entry(a), preset] });
    expect(await outcomeOf(verifier.verify(await b.mint({ sub: "not-digits" })))).toBe("ERR_CLAIM_INVALID");
    expect((await verifier.verify(await b.mint({ sub: "42" }))).issuerName).toBe(b.issuer);
    expect(await outcomeOf(verifier.verify(await a.mint({ sub: "not-digits" })))).toBe("accepted");
  });

  it("keeps one JWKS cache per issuer and fetches only the routed issuer's set", async () => {
    const verifier = three({ tokenCache: false });
    const before = fetchesOf();
    await verifier.verify(await a.mint());
    expect(since(before)).toEqual([1, 0, 0]);
    await verifier.verify(await b.mint());
    await verifier.verify(await a.mint({ sub: "other" }));
    expect(since(before)).toEqual([1, 1, 0]);
  });

  it("refuses an unknown, missing or non-string iss with ERR_ISSUER_UNKNOWN before fetching anything", async () => {
    const verifier = three();
    const before = fetchesOf();
    expect(await outcomeOf(verifier.verify(await a.mint({ iss: "https://attacker.example" })))).toBe(
      "ERR_ISSUER_UNKNOWN",
    );
    expect(await outcomeOf(verifier.verify(await a.mint({ iss: undefined })))).toBe("ERR_ISSUER_UNKNOWN");
    expect(await outcomeOf(verifier.verify(await a.mint({ iss: [a.issuer] })))).toBe("ERR_ISSUER_UNKNOWN");
    expect(await outcomeOf(verifier.verify(await a.mint({ iss: 7 })))).toBe("ERR_ISSUER_UNKNOWN");
    expect(since(before)).toEqual([0, 0, 0]);
  });

  it("answers a repeated token from the cache of the issuer that verified it", async () => {
    const verifier = three();
    const token = await b.mint({ sub: "repeat" });
    const first = await verifier.verify(token);
    const before = fetchesOf();
    const again = await verifier.verify(token);
    expect(again).toEqual(first);
    expect(again.issuerName).toBe(b.issuer);
    expect(since(before)).toEqual([0, 0, 0]);
  });
});

describe("createVerifier({ issuers }): cross-issuer confusion", () => {
  it("never verifies a token claiming a with the key b really signed it with", async () => {
    // Same algorithm on both sides, so only the issuer's key set tells them apart.
    const x = await createTestIssuer({ algorithms: ["ES256"], audience: "shared" });
    const y = await createTestIssuer({ algorithms: ["ES256"], audience: "shared" });
    try {
      const verifier = createVerifier({ issuers: [entry(x), entry(y)], tokenCache: false });
      const yKid = y.jwks().keys[0]?.kid ?? "";
      const xKid = x.jwks().keys[0]?.kid ?? "";
      const before = y.fetches;
      // A kid that exists only in y's set: looked up in x's set only (one forced refetch of x), never in y's.
      expect(await outcomeOf(verifier.verify(await y.mint({ iss: x.issuer }, { kid: yKid })))).toBe(
        "ERR_KEY_NOT_FOUND",
      );
      // y's key under x's kid: x's key is found, and y's signature does not verify with it.
      expect(await outcomeOf(verifier.verify(await y.mint({ iss: x.issuer }, { kid: xKid })))).toBe(
        "ERR_SIGNATURE_INVALID",
      );
      expect(await outcomeOf(verifier.verify(await y.mint({ iss: x.issuer }, { kid: null })))).toBe(
        "ERR_SIGNATURE_INVALID",
      );
      expect(y.fetches - before).toBe(0);
      expect(await outcomeOf(verifier.verify(await y.mint()))).toBe("accepted");
    } finally {
      await x.close();
      await y.close();
    }
  });

  it("compares iss exactly: trailing spaces, another case, a trailing slash are other issuers", async () => {
    const verifier = three();
    for (const iss of [`${a.issuer} `, ` ${a.issuer}`, a.issuer.toUpperCase(), `${a.issuer}/`, `${a.issuer}\u0085`]) {
      expect(await outcomeOf(verifier.verify(await a.mint({ iss })))).toBe("ERR_ISSUER_UNKNOWN");
    }
  });
});

describe("createVerifier({ issuers }): ambiguous or wrong configurations", () => {
  it("refuses two entries with the same iss, naming both", () => {
    expect(() => createVerifier({ issuers: [entry(a), entry(b), { ...entry(c), issuer: a.issuer }] })).toThrow(
      /issuers\[2\] and issuers\[0\] both accept `iss`/,
    );
    expect(() => createVerifier({ issuers: [entry(a), { ...entry(b), issuer: [b.issuer, a.issuer] }] })).toThrow(
      TypeError,
    );
  });

  it("refuses an empty list, an entry without iss, shared options given per entry and duplicate names", () => {
    expect(() => createVerifier({ issuers: [] })).toThrow(TypeError);
    expect(() => createVerifier({ issuers: [{ jwksUrl: a.jwksUrl, audience: "x" }] })).toThrow(/pins no `iss`/);
    expect(() => createVerifier({ issuers: [{ ...entry(a), tokenCache: false } as never] })).toThrow(
      /shared by every issuer/,
    );
    expect(() => createVerifier({ issuers: [entry(a)], audience: "x" } as never)).toThrow(/per issuer/);
    expect(() => createVerifier({ issuers: [entry(a, { name: "one" }), entry(b, { name: "one" })] })).toThrow(
      /share the name/,
    );
    expect(() => createVerifier({ issuers: [{ ...entry(a), algorithms: ["HS256"] }] })).toThrow(/issuers\[0\]/);
  });
});

describe("createVerifier({ issuers, onEvent })", () => {
  it("reports refusals with the routed issuer's name, and JWKS fetches with their key count", async () => {
    const clock = createFakeClock({ start: Date.now() });
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({
      issuers: [entry(a, { name: "a" }), entry(b, { name: "b", algorithms: ["RS256"] })],
      clock,
      onEvent: (event) => events.push(event),
    });
    await verifier.verify(await a.mint());
    await outcomeOf(verifier.verify(await b.mint({ aud: "nope" })));
    await outcomeOf(verifier.verify(await b.mint({ iss: "https://elsewhere.example" })));
    expect(events).toEqual([
      { type: "jwks-fetched", issuer: "a", durationMs: 0, keyCount: 1, changed: true },
      { type: "jwks-fetched", issuer: "b", durationMs: 0, keyCount: 1, changed: true },
      { type: "verification-refused", issuer: "b", code: "ERR_AUDIENCE_MISMATCH" },
      { type: "verification-refused", issuer: null, code: "ERR_ISSUER_UNKNOWN" },
    ]);
  });
});
