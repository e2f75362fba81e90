import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/** Options of {@link clerk} besides the instance. */
export interface ClerkPresetOptions {
  /** Your app's origins: tokens whose `azp` is not one of them are refused (Clerk's `authorizedParties`). */
  readonly authorizedParties?: readonly string[];
}

/** The Clerk instance, by publishable key (`pk_test_…`/`pk_live_…`) or Frontend API host. */
export type ClerkInstance = { readonly publishableKey: string } | { readonly frontendApi: string };

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** The Frontend API host a publishable key encodes (`pk_<env>_` + base64 of `<host>$`). */
function frontendApiOf(instance: ClerkInstance): string {
  if ("frontendApi" in instance) return instance.frontendApi.replace(/^https:\/\//, "").replace(/\/$/, "");
  const key = instance.publishableKey;
  if (/^sk_/.test(key))
    throw new TypeError("[jazz-auth] clerk: that is a secret key; pass the publishable key (pk_…).");
  const encoded = /^pk_(test|live)_([A-Za-z0-9+/=_-]+)$/.exec(key)?.[2];
  const decoded = encoded ? atob(encoded.replace(/-/g, "+").replace(/_/g, "/")) : "";
  if (!decoded.endsWith("$"))
    throw new TypeError("[jazz-auth] clerk: publishableKey is not a Clerk publishable key (pk_test_… or pk_live_…).");
  return decoded.slice(0, -1);
}

/**
 * Clerk session tokens: RS256, JWKS at `https://<frontend-api>/.well-known/jwks.json`, `iss` the
 * Frontend API URL, `sub` `user_…`, no `aud` (`azp` is the requesting origin).
 * Docs: https://clerk.com/docs/guides/sessions/manual-jwt-verification
 *
 * @throws {TypeError} for a secret key, a malformed publishable key or host.
 */
export function clerk(instance: ClerkInstance, options: ClerkPresetOptions = {}): ProviderPreset {
  const frontendApi = frontendApiOf(instance ?? { publishableKey: "" });
  if (!HOST.test(frontendApi))
    throw new TypeError(`[jazz-auth] clerk: ${JSON.stringify(frontendApi)} is not a Frontend API host.`);
  const issuer = `https://${frontendApi}`;
  const jwksUrl = `${issuer}/.well-known/jwks.json`;
  return definePreset({
    id: "clerk",
    displayName: "Clerk",
    issuer,
    audience: null,
    audienceNote: "Session tokens have no `aud`; `azp` names the requesting origin (pin it with authorizedParties).",
    ...(options.authorizedParties ? { authorizedParties: options.authorizedParties } : {}),
    jwksUrl,
    algorithms: ["RS256"],
    subject: {
      description: "the Clerk user id (`user_…`)",
      example: "user_2NNEqL2nrIRdJ194ndJqAHwEfxC",
      pattern: /^user_[0-9A-Za-z]{27}$/,
    },
    claims: {
      nestedRecipe:
        'Dashboard → Sessions → Customize session token: {"claims": {"role": "{{user.public_metadata.role}}"}} (or a JWT template, with { template }).',
    },
    jazzServer: {
      jwksUrl: jwksUrl,
      flags: ["--jwks-url", jwksUrl],
      safe: true,
      note: "Jazz also accepts this instance's JWT-template tokens; keep templates short-lived.",
    },
    docsUrl: "https://clerk.com/docs/guides/sessions/session-tokens",
  });
}
