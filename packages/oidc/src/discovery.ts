import { JAZZ_JWKS_ALGORITHMS, type JazzAlgorithm, type ProviderPreset } from "@jazz-auth/core";
import { oidc } from "./preset";

/** The fields of an OpenID Provider's discovery document the preset reads. */
export interface OidcDiscoveryDocument {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly id_token_signing_alg_values_supported?: readonly string[];
}

/** Options of {@link discoverOidc}. */
export interface DiscoverOidcOptions {
  /** The issuer URL, such as `https://keycloak.example.com/realms/app`. */
  readonly issuer: string;
  /** What `aud` must hold: your API's audience (access tokens) or your client id (ID tokens). */
  readonly audience: string;
  /** The `fetch` to read the document with (default: the global one). */
  readonly fetch?: (url: string, init: { signal?: AbortSignal }) => Promise<Response>;
  /** Stops the request (pass `AbortSignal.timeout(5000)` for a deadline). */
  readonly signal?: AbortSignal;
}

/**
 * Builds the {@link oidc} preset from the provider's discovery document
 * (`<issuer>/.well-known/openid-configuration`): its `jwks_uri`, and its signing algorithms that
 * Jazz verifies. The document's `issuer` must equal the one asked for, exactly (OpenID Connect
 * Discovery 1.0 §4.3), since tokens carry it as `iss`. One request, no retry and no cache: call it
 * once at start-up.
 *
 * @throws {TypeError} when the document cannot be read, or names another issuer, or no JWKS.
 *
 * @example
 * ```ts
 * const preset = await discoverOidc({ issuer: "https://id.example.com/realms/app", audience: "jazz-web" });
 * ```
 */
export async function discoverOidc(options: DiscoverOidcOptions): Promise<ProviderPreset> {
  const { issuer, audience, signal } = options;
  const read = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const response = await read(url, signal ? { signal } : {});
  if (!response.ok) throw new TypeError(`[jazz-auth] oidc: ${url} answered ${response.status}.`);
  const document = (await response.json()) as Partial<OidcDiscoveryDocument> | null;
  if (document?.issuer !== issuer) {
    throw new TypeError(
      `[jazz-auth] oidc: ${url} names the issuer ${JSON.stringify(document?.issuer)}, not ${JSON.stringify(issuer)}; pass the document's issuer exactly.`,
    );
  }
  if (typeof document.jwks_uri !== "string") throw new TypeError(`[jazz-auth] oidc: ${url} has no jwks_uri.`);
  const algorithms = (document.id_token_signing_alg_values_supported ?? []).filter((alg): alg is JazzAlgorithm =>
    (JAZZ_JWKS_ALGORITHMS as readonly string[]).includes(alg),
  );
  return oidc({ issuer, audience, jwksUrl: document.jwks_uri, algorithms });
}
