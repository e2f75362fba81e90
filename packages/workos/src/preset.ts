import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/** Options of {@link workos}. */
export interface WorkOSPresetOptions {
  /** The AuthKit client id, `client_` and 26 characters. */
  readonly clientId: string;
  /**
   * The `iss` of your environment's tokens (read it from a real token). By default the forms WorkOS
   * uses: `https://api.workos.com`, with a slash, and `https://api.workos.com/user_management/<clientId>`.
   */
  readonly issuer?: string | readonly string[];
}

/**
 * WorkOS AuthKit session access tokens: RS256, a JWKS per client id at
 * `https://api.workos.com/sso/jwks/<clientId>`, `sub` `user_…`, no `aud`.
 * Docs: https://workos.com/docs/reference/authkit/session-tokens
 *
 * @throws {TypeError} when `clientId` is not a WorkOS client id.
 */
export function workos(options: WorkOSPresetOptions): ProviderPreset {
  const { clientId } = options ?? {};
  if (typeof clientId !== "string" || !/^client_[0-9A-Z]{26}$/.test(clientId)) {
    throw new TypeError(`[jazz-auth] workos: clientId must look like client_01H…, got ${JSON.stringify(clientId)}.`);
  }
  const jwksUrl = `https://api.workos.com/sso/jwks/${clientId}`;
  return definePreset({
    id: "workos",
    displayName: "WorkOS AuthKit",
    issuer: options.issuer ?? [
      "https://api.workos.com",
      "https://api.workos.com/",
      `https://api.workos.com/user_management/${clientId}`,
    ],
    audience: null,
    audienceNote:
      "AuthKit session tokens carry no `aud`; the key set is per client id, so only this client's tokens verify.",
    jwksUrl,
    algorithms: ["RS256"],
    subject: {
      description: "the WorkOS user id, `user_` and 26 characters",
      example: "user_01HZX3K9V7Q2M8N4P6R5S1T0AB",
      pattern: /^user_[0-9A-Z]{26}$/,
    },
    claims: {
      nestedRecipe:
        'Dashboard → Authentication → Sessions → JWT template: {"claims": {"role": {{ organization_membership.role }}}} (≤ 3072 bytes; iss, sub, exp, iat, nbf and jti are reserved).',
    },
    jazzServer: {
      jwksUrl: jwksUrl,
      flags: ["--jwks-url", jwksUrl],
      safe: true,
      note: "Jazz accepts any token of this client; pin `iss` in your own backends.",
    },
    docsUrl: "https://workos.com/docs/authkit/jwt-templates",
  });
}
