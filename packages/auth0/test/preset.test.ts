import { auth0 } from "@jazz-auth/auth0/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

const audience = "https://jazz.example.com";

presetConformance("auth0", {
  preset: auth0({ domain: "my-tenant.eu.auth0.com", audience }),
  // Sanitized shape of an Auth0 access token (Auth0 profile) with a post-login Action setting `claims`.
  mint: (defaults) => ({
    ...defaults,
    aud: [audience, "https://my-tenant.eu.auth0.com/userinfo"],
    azp: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6",
    scope: "openid profile email",
    claims: { role: "editor" },
  }),
  negatives: [
    {
      name: "an ID token of the same tenant (aud = client id)",
      claims: (d) => ({ ...d, aud: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
    {
      name: "a token for another API of the tenant",
      claims: (d) => ({ ...d, aud: "https://billing.example.com" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
    {
      name: "a machine-to-machine token",
      claims: (d) => ({ ...d, sub: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6@clients", gty: "client-credentials" }),
      expected: "ERR_CLAIM_INVALID",
    },
    {
      name: "the issuer without its trailing slash",
      claims: (d) => ({ ...d, iss: "https://my-tenant.eu.auth0.com" }),
      expected: "ERR_ISSUER_MISMATCH",
    },
  ],
});

describe("auth0 preset", () => {
  it("pins the issuer with its trailing slash and is not safe for Jazz alone", () => {
    const preset = auth0({ domain: "https://login.example.com/", audience });
    expect(preset).toMatchObject({
      issuer: "https://login.example.com/",
      jwksUrl: "https://login.example.com/.well-known/jwks.json",
      audience,
    });
    expect(preset.jazzServer.safe).toBe(false);
  });

  it.each([
    [{ domain: "", audience }, /domain/],
    [{ domain: "tenant.auth0.com/evil", audience }, /domain/],
    [{ domain: "tenant.auth0.com", audience: "" }, /audience/],
  ])("refuses %j with a TypeError", (options, message) => {
    expect(() => auth0(options)).toThrow(message);
  });
});
