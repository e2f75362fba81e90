import { definePreset, type JazzAlgorithm, type ProviderPreset } from "@jazz-auth/core";

export { type DiscoverOidcOptions, discoverOidc, type OidcDiscoveryDocument } from "./discovery";

/** Options of {@link oidc}. */
export interface OidcPresetOptions {
  /** The exact `issuer` of the discovery document (and `iss` of the tokens), trailing slash and all. */
  readonly issuer: string;
  /** The discovery document's `jwks_uri`. */
  readonly jwksUrl: string;
  /** What `aud` must hold: your API's audience when Jazz gets access tokens, your client id for ID tokens. */
  readonly audience: string;
  /** The signing algorithms to accept (default `["RS256"]`, the one every OpenID provider supports). */
  readonly algorithms?: readonly JazzAlgorithm[];
}

const httpsOrLoopback = (value: string): boolean => {
  const url = URL.canParse(value) ? new URL(value) : null;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url?.hostname ?? "");
  return url?.protocol === "https:" || (url?.protocol === "http:" && loopback);
};

/**
 * Any OpenID Connect provider (Keycloak, Zitadel, Authentik, Okta, Cognito, …): the `issuer` and
 * `jwks_uri` of its discovery document, and the `aud` to pin. `sub` is the provider's user id,
 * at most 255 ASCII characters (OpenID Connect Core 1.0 §2). Build it with {@link discoverOidc}.
 * Docs: https://openid.net/specs/openid-connect-discovery-1_0.html
 *
 * @throws {TypeError} when the issuer or JWKS URL is not https (http only on loopback), or without an audience.
 */
export function oidc(options: OidcPresetOptions): ProviderPreset {
  for (const key of ["issuer", "jwksUrl"] as const) {
    if (!httpsOrLoopback(String(options?.[key]))) {
      throw new TypeError(`[jazz-auth] oidc: ${key} must be an https URL (http only on loopback).`);
    }
  }
  if (typeof options.audience !== "string" || !options.audience) {
    throw new TypeError("[jazz-auth] oidc: audience (your API's audience, or your client id) is required.");
  }
  return definePreset({
    id: "oidc",
    displayName: "OpenID Connect",
    issuer: options.issuer,
    audience: options.audience,
    jwksUrl: options.jwksUrl,
    algorithms: options.algorithms?.length ? options.algorithms : ["RS256"],
    subject: {
      description: "the provider's user id, at most 255 ASCII characters (a UUID in Keycloak, digits in Zitadel)",
      example: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
      pattern: /^[\x21-\x7e]{1,255}$/,
    },
    claims: {
      nestedRecipe:
        "A protocol mapper / claim action that writes a JSON object claim named `claims`, such as Keycloak's 'User Attribute' mapper with Token Claim Name `claims.role`.",
    },
    jazzServer: {
      jwksUrl: options.jwksUrl,
      flags: ["--jwks-url", options.jwksUrl],
      safe: false,
      note: "The provider's key set signs the ID tokens of every client and the access tokens of every API of the realm; the Jazz server checks no `aud`, so it accepts them all. Keep one realm per Jazz app, or put the Jazz server behind the token bridge.",
    },
    docsUrl: "https://openid.net/specs/openid-connect-discovery-1_0.html",
  });
}
