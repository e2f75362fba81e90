import { deepFreeze } from "./deep-freeze";

/**
 * The asymmetric JWS algorithms the Jazz server verifies (garden-co/jazz
 * crates/jazz-tools/src/middleware/auth.rs:670-686 `map_key_algorithm`, at 6a363411a).
 */
export type JazzAlgorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "EdDSA";

/** Every {@link JazzAlgorithm}: the asymmetric algorithms a Jazz server can verify through a JWKS. */
export const JAZZ_JWKS_ALGORITHMS: readonly JazzAlgorithm[] = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "EdDSA",
];

/**
 * What a provider's tokens look like and how a Jazz server should check them. Presets are data
 * (and pure factories that build it): the client adapters, the verifier and the CLI all read them.
 */
export interface ProviderPreset {
  /** A stable id such as `"clerk"`. */
  readonly id: string;
  readonly displayName: string;
  /** The exact `iss` value(s) the provider puts in its tokens. */
  readonly issuer: string | readonly string[];
  /** The `aud` value(s) to require, or `null` when the provider sets none (see `audienceNote`). */
  readonly audience: string | readonly string[] | null;
  /** Why `aud` can be left open; required when `audience` is `null`. */
  readonly audienceNote?: string;
  /** The `azp` values to require (Clerk's authorized parties: your app's origins), when set. */
  readonly authorizedParties?: readonly string[];
  /** Where the provider publishes its public keys. */
  readonly jwksUrl: string;
  readonly algorithms: readonly JazzAlgorithm[];
  /** The `sub` format, which becomes the Jazz user id. */
  readonly subject: {
    readonly description: string;
    readonly example: string;
    readonly pattern: RegExp;
  };
  /** How to get custom claims under the `claims` object, where Jazz policies can read them. */
  readonly claims: { readonly nestedRecipe: string };
  /** How to start `jazz-tools server` for this provider. */
  readonly jazzServer: {
    readonly jwksUrl: string;
    /** The flags for `jazz-tools server <APP_ID>`, such as `["--jwks-url", "https://…/jwks"]`. */
    readonly flags?: readonly string[];
    /** False when the Jazz server's own checks (signature and `exp` only) are not enough. */
    readonly safe: boolean;
    /** Why not safe, and what to do instead; required when `safe` is false. */
    readonly note?: string;
  };
  /** The provider's documentation for this setup. */
  readonly docsUrl: string;
}

/**
 * Declares a preset: checks nothing at run time (presets are data, and the invariants are
 * checked in tests by `assertValidPreset` from `@jazz-auth/testing`), freezes it deeply and
 * returns it typed.
 *
 * @example
 * ```ts
 * export const myIdp = ({ tenant }: { tenant: string }): ProviderPreset =>
 *   definePreset({ id: "my-idp", displayName: "My IdP", issuer: `https://${tenant}.my-idp.example/`, ... });
 * ```
 */
export function definePreset(preset: ProviderPreset): ProviderPreset {
  return deepFreeze(preset);
}
