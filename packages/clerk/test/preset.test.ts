import { clerk } from "@jazz-auth/clerk/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

const publishableKey = `pk_test_${btoa("my-app-42.clerk.accounts.dev$")}`;

presetConformance("clerk", {
  preset: clerk({ publishableKey }, { authorizedParties: ["https://app.example.com"] }),
  // Sanitized shape of a Clerk v2 session token with a customized session token ({"claims": {...}}).
  mint: (defaults) => ({
    ...defaults,
    aud: undefined,
    azp: "https://app.example.com",
    sid: "sess_2NNErcBYM1xPl39JlNPbiL8Bnhx",
    v: 2,
    fva: [0, -1],
    nbf: defaults.iat - 10,
    claims: { role: "admin" },
  }),
  negatives: [
    {
      name: "a token for a foreign origin (azp)",
      claims: (d) => ({ ...d, azp: "https://evil.example.com" }),
      expected: "ERR_AUTHORIZED_PARTY_MISMATCH",
    },
    {
      name: "a token without azp",
      claims: (d) => ({ ...d, azp: undefined }),
      expected: "ERR_AUTHORIZED_PARTY_MISMATCH",
    },
    {
      name: "another Clerk instance",
      claims: (d) => ({ ...d, azp: "https://app.example.com", iss: "https://other.clerk.accounts.dev" }),
      expected: "ERR_ISSUER_MISMATCH",
    },
  ],
});

describe("clerk preset", () => {
  it("decodes the Frontend API from the publishable key", () => {
    expect(clerk({ publishableKey })).toMatchObject({
      issuer: "https://my-app-42.clerk.accounts.dev",
      jwksUrl: "https://my-app-42.clerk.accounts.dev/.well-known/jwks.json",
    });
    expect(clerk({ frontendApi: "https://clerk.example.com" }).issuer).toBe("https://clerk.example.com");
  });

  it.each([
    ["a secret key", { publishableKey: "sk_test_abcdef" }, /secret key/],
    ["garbage", { publishableKey: "hello" }, /publishable key/],
    ["a key that does not end in $", { publishableKey: `pk_live_${btoa("clerk.example.com")}` }, /publishable key/],
    ["a host with a path", { frontendApi: "clerk.example.com/evil" }, /Frontend API host/],
  ])("refuses %s with a TypeError", (_label, instance, message) => {
    expect(() => clerk(instance)).toThrow(message);
  });
});
