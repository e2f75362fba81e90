import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/** Options of {@link auth0}. */
export interface Auth0PresetOptions {
  /** The tenant or custom domain, such as `my-tenant.eu.auth0.com`. */
  readonly domain: string;
  /** Your Jazz API's identifier (Dashboard → APIs). */
  readonly audience: string;
}

/**
 * Auth0 access tokens for your Jazz API: RS256 (or PS256), JWKS at
 * `https://<domain>/.well-known/jwks.json`, `iss` `https://<domain>/` with the trailing slash,
 * `aud` your API identifier, `sub` `<connection>|<id>`.
 * Docs: https://auth0.com/docs/secure/tokens/access-tokens/validate-access-tokens
 *
 * @throws {TypeError} without a domain or an audience.
 */
export function auth0(options: Auth0PresetOptions): ProviderPreset {
  const domain = String(options?.domain ?? "")
    .replace(/^https:\/\//, "")
    .replace(/\/$/, "");
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(domain)) {
    throw new TypeError(
      `[jazz-auth] auth0: domain must be a host such as my-tenant.us.auth0.com, got ${JSON.stringify(options?.domain)}.`,
    );
  }
  if (typeof options.audience !== "string" || !options.audience) {
    throw new TypeError("[jazz-auth] auth0: audience (your Jazz API identifier) is required.");
  }
  const jwksUrl = `https://${domain}/.well-known/jwks.json`;
  return definePreset({
    id: "auth0",
    displayName: "Auth0",
    issuer: `https://${domain}/`,
    audience: options.audience,
    jwksUrl,
    algorithms: ["RS256", "PS256"],
    subject: {
      description: "`<connection>|<id>`, such as `auth0|64f…` or `google-oauth2|1…`",
      example: "auth0|64f1c2d3e4b5a6978c0d1e2f",
      pattern: /^[A-Za-z0-9-]+\|\S+$/,
    },
    claims: {
      nestedRecipe:
        "A post-login Action: api.accessToken.setCustomClaim('claims', { role: event.user.app_metadata.role });",
    },
    jazzServer: {
      jwksUrl: jwksUrl,
      flags: ["--jwks-url", jwksUrl],
      safe: false,
      note: "One tenant key set signs the access tokens of every API of the tenant, and its ID tokens; the Jazz server checks no `aud`, so it accepts them all. Keep one tenant per Jazz app, or put the Jazz server behind the token bridge.",
    },
    docsUrl: "https://auth0.com/docs/secure/tokens/access-tokens/validate-access-tokens",
  });
}
