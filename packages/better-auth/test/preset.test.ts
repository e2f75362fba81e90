import { betterAuth } from "@jazz-auth/better-auth/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

presetConformance("better-auth", {
  preset: betterAuth({ baseURL: "http://127.0.0.1:3000" }),
  // A token from jazzJwt() / definePayload: nested claims, no personal data.
  mint: (defaults) => ({ ...defaults, claims: { role: "admin" } }),
  negatives: [
    {
      name: "Better Auth's session-cache cookie JWT (same keys, another audience)",
      claims: (d) => ({ ...d, aud: "better-auth:session-cache", sid: "session-token" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
  ],
});

describe("betterAuth preset", () => {
  it("derives the JWKS URL, issuer and audience from baseURL and basePath", () => {
    const preset = betterAuth({ baseURL: "https://app.example.com/ignored/path", basePath: "/auth/" });
    expect(preset).toMatchObject({
      issuer: "https://app.example.com",
      audience: "https://app.example.com",
      jwksUrl: "https://app.example.com/auth/jwks",
      jazzServer: { jwksUrl: "https://app.example.com/auth/jwks", safe: true },
    });
    expect(betterAuth({ baseURL: "https://a.example", issuer: "urn:app", audience: "jazz" })).toMatchObject({
      issuer: "urn:app",
      audience: "jazz",
    });
  });

  it.each(["not a url", "http://app.example.com", "ftp://app.example.com"])(
    "refuses baseURL %s with a TypeError",
    (baseURL) => {
      expect(() => betterAuth({ baseURL })).toThrow(TypeError);
    },
  );
});
