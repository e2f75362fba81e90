import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/**
 * The Supabase project of {@link supabase}: its ref (`abcdefghijklmnopqrst`), or its URL (the
 * `https://<ref>.supabase.co` you pass to `createClient`, a self-hosted one, or a local `supabase start`).
 */
export type SupabasePresetOptions = ({ readonly projectRef: string } | { readonly url: string }) & {
  /** Refused: HS256 (the legacy JWT secret) cannot be verified through a JWKS. */
  readonly legacyJwtSecret?: never;
  /** Refused unless ES256 or RS256, the algorithms of Supabase's asymmetric signing keys. */
  readonly algorithm?: "ES256" | "RS256";
};

const LEGACY =
  "[jazz-auth] supabase: legacy HS256 tokens (the JWT secret) cannot be verified through a JWKS, so neither Jazz nor the verifier can check them. Migrate the project to asymmetric signing keys (https://supabase.com/docs/guides/auth/signing-keys), or verify HS256 on your server and re-mint with the jazz-auth bridge (docs/server/bridge.md).";

function baseUrl(options: SupabasePresetOptions): string {
  if ("projectRef" in options) {
    if (typeof options.projectRef !== "string" || !/^[a-z]{20}$/.test(options.projectRef))
      throw new TypeError(`[jazz-auth] supabase: bad projectRef ${JSON.stringify(options.projectRef)}.`);
    return `https://${options.projectRef}.supabase.co`;
  }
  const url = typeof options.url === "string" ? options.url.replace(/\/+$/, "") : "";
  if (!/^(https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+|http:\/\/(127\.0\.0\.1|localhost))(:\d+)?$/i.test(url))
    throw new TypeError(`[jazz-auth] supabase: url is not a project origin: ${JSON.stringify(options.url)}.`);
  return url.toLowerCase();
}

/**
 * Supabase Auth access tokens signed with the project's asymmetric keys: ES256 or RS256, JWKS at
 * `<project>/auth/v1/.well-known/jwks.json`, `iss` `<project>/auth/v1`, `aud` `authenticated`, `sub`
 * the user's UUID. Docs: https://supabase.com/docs/guides/auth/jwts
 *
 * @throws {TypeError} for a malformed project, and for a legacy HS256 project (`legacyJwtSecret`,
 * `algorithm: "HS256"`), whose tokens no JWKS can verify: the message points at the migration and the bridge.
 */
export function supabase(options: SupabasePresetOptions): ProviderPreset {
  const { legacyJwtSecret, algorithm } = (options ?? {}) as { legacyJwtSecret?: unknown; algorithm?: unknown };
  if (legacyJwtSecret !== undefined || algorithm === "HS256") throw new TypeError(LEGACY);
  if (algorithm !== undefined && algorithm !== "ES256" && algorithm !== "RS256")
    throw new TypeError(`[jazz-auth] supabase: algorithm must be ES256 or RS256, got ${JSON.stringify(algorithm)}.`);
  const issuer = `${baseUrl(options ?? { projectRef: "" })}/auth/v1`;
  const jwksUrl = `${issuer}/.well-known/jwks.json`;
  return definePreset({
    id: "supabase",
    displayName: "Supabase Auth",
    issuer,
    audience: "authenticated",
    jwksUrl,
    algorithms: algorithm ? [algorithm] : ["ES256", "RS256"],
    subject: {
      description: "the Supabase user id (a UUID)",
      example: "8c1f5e0a-3b7d-4f2e-9a61-2d4c8b7e5f13",
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    },
    claims: {
      nestedRecipe:
        "A Custom Access Token hook (Authentication → Hooks) that sets event.claims.claims = { role: … }; then the client calls refreshSession() (the engine's forced refresh) to see it.",
    },
    jazzServer: {
      jwksUrl,
      flags: ["--jwks-url", jwksUrl],
      safe: true,
      note: "The key set is this project's own; Jazz accepts every access token of the project, anonymous users' included (is_anonymous: true).",
    },
    docsUrl: "https://supabase.com/docs/guides/auth/signing-keys",
  });
}
