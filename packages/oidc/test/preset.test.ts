import { discoverOidc, oidc } from "@jazz-auth/oidc/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

const issuer = "https://id.example.com/realms/app";
const jwksUrl = `${issuer}/protocol/openid-connect/certs`;
const audience = "https://jazz.example.com";

presetConformance("oidc", {
  preset: oidc({ issuer, jwksUrl, audience }),
  // Sanitized shape of a Keycloak access token for an API (audience mapper) with a `claims` mapper.
  mint: (defaults) => ({
    ...defaults,
    aud: [audience, "account"],
    azp: "jazz-web",
    typ: "Bearer",
    scope: "openid profile",
    claims: { role: "editor" },
  }),
  negatives: [
    {
      name: "an ID token of the same realm (aud = client id)",
      claims: (d) => ({ ...d, aud: "jazz-web", typ: "ID" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
    {
      name: "another realm of the same server",
      claims: (d) => ({ ...d, iss: "https://id.example.com/realms/other" }),
      expected: "ERR_ISSUER_MISMATCH",
    },
  ],
});

/** A fetch that answers the discovery document `document` (and records the URL asked). */
const answering = (document: unknown, status = 200) => {
  const asked: string[] = [];
  const fetch = async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(document), { status });
  };
  return { asked, fetch };
};

describe("oidc preset", () => {
  it("is built from the discovery document: its jwks_uri and the algorithms Jazz verifies", async () => {
    const { asked, fetch } = answering({
      issuer,
      jwks_uri: jwksUrl,
      id_token_signing_alg_values_supported: ["HS256", "ES256", "RS256", "none"],
    });
    const preset = await discoverOidc({ issuer, audience, fetch });
    expect(asked).toEqual([`${issuer}/.well-known/openid-configuration`]);
    expect(preset).toMatchObject({ id: "oidc", issuer, audience, jwksUrl, algorithms: ["ES256", "RS256"] });
    expect(preset.jazzServer).toMatchObject({ jwksUrl, safe: false });
  });

  it("keeps a trailing slash in the issuer (Auth0's), and asks the document below it", async () => {
    const slashed = "https://tenant.example.com/";
    const { asked, fetch } = answering({ issuer: slashed, jwks_uri: `${slashed}.well-known/jwks.json` });
    expect((await discoverOidc({ issuer: slashed, audience, fetch })).issuer).toBe(slashed);
    expect(asked).toEqual([`${slashed}.well-known/openid-configuration`]);
  });

  it.each([
    ["another issuer", { issuer: "https://evil.example.com", jwks_uri: jwksUrl }, 200, /names the issuer/],
    ["the issuer without its trailing slash", { issuer: `${issuer}/`, jwks_uri: jwksUrl }, 200, /names the issuer/],
    ["no jwks_uri", { issuer }, 200, /no jwks_uri/],
    ["a 404", {}, 404, /answered 404/],
  ])("refuses a document with %s", async (_name, document, status, message) => {
    await expect(discoverOidc({ issuer, audience, fetch: answering(document, status).fetch })).rejects.toThrow(message);
  });

  it.each([
    [{ issuer: "http://id.example.com", jwksUrl, audience }, /issuer/],
    [{ issuer, jwksUrl: "ftp://id.example.com/certs", audience }, /jwksUrl/],
    [{ issuer, jwksUrl, audience: "" }, /audience/],
  ])("refuses %j with a TypeError", (options, message) => {
    expect(() => oidc(options)).toThrow(message);
  });

  it("allows http on loopback, for a provider run by tests or locally", () => {
    expect(oidc({ issuer: "http://127.0.0.1:8080", jwksUrl: "http://127.0.0.1:8080/jwks", audience }).issuer).toBe(
      "http://127.0.0.1:8080",
    );
  });
});
