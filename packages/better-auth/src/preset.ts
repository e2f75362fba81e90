import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/** Options of {@link betterAuth}. */
export interface BetterAuthPresetOptions {
  /** The Better Auth server's base URL, such as `https://app.example.com` (or `http://127.0.0.1:3000` locally). */
  readonly baseURL: string;
  /** Where Better Auth is mounted (default `/api/auth`). */
  readonly basePath?: string;
  /** The `jwt.issuer` option, if set (default: the origin of `baseURL`). */
  readonly issuer?: string;
  /** The `jwt.audience` option, if set (default: the origin of `baseURL`). */
  readonly audience?: string;
}

/**
 * Better Auth's `jwt()` plugin: JWKS at `<origin><basePath>/jwks`, `iss` and `aud` default to the
 * origin of `baseURL`, `sub` is the user id, EdDSA by default (ES256/RS256/PS256 optional).
 * Docs: https://better-auth.com/docs/plugins/jwt
 *
 * @throws {TypeError} when `baseURL` is not an https URL (or http on loopback).
 */
export function betterAuth(options: BetterAuthPresetOptions): ProviderPreset {
  let url: URL;
  try {
    url = new URL(options.baseURL);
  } catch {
    throw new TypeError(
      `[jazz-auth] betterAuth: baseURL must be an absolute URL, got ${JSON.stringify(options?.baseURL)}.`,
    );
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new TypeError("[jazz-auth] betterAuth: baseURL must use https (http only on localhost).");
  }
  const basePath = `/${(options.basePath ?? "/api/auth").replace(/^\/+|\/+$/g, "")}`;
  const jwksUrl = `${url.origin}${basePath}/jwks`;
  return definePreset({
    id: "better-auth",
    displayName: "Better Auth",
    issuer: options.issuer ?? url.origin,
    audience: options.audience ?? url.origin,
    jwksUrl,
    algorithms: ["EdDSA", "ES256", "RS256", "PS256"],
    subject: {
      description:
        "the Better Auth user id: 32 letters and digits by default, a UUID with generateId or local-first sign-up",
      example: "aXy3Bz9QwErTyUiOpAsDfGhJkLzXcVbN",
      pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
    },
    claims: {
      nestedRecipe:
        "jwt({ jwt: { definePayload: ({ user }) => ({ claims: { role: user.role } }) } }) — this also drops the default payload (the whole user row); or use jazzJwt() from @jazz-auth/better-auth/server.",
    },
    jazzServer: {
      jwksUrl: jwksUrl,
      flags: ["--jwks-url", jwksUrl],
      safe: true,
    },
    docsUrl: "https://better-auth.com/docs/plugins/jwt",
  });
}
