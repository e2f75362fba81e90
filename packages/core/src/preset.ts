/** The asymmetric JWS algorithms the Jazz server verifies (jazz-contract.md §1.4). */
export type JazzAlgorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "EdDSA";

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
    /** False when the Jazz server's own checks (signature and `exp` only) are not enough. */
    readonly safe: boolean;
    /** Why not safe, and what to do instead; required when `safe` is false. */
    readonly note?: string;
  };
  /** The provider's documentation for this setup. */
  readonly docsUrl: string;
}

const LOOPBACK = /^http:\/\/(localhost|127\.[\d.]+|\[::1\])[:/]/;

/**
 * Checks a preset and freezes it. Throws `TypeError` naming the field when a preset would be
 * unsafe: no issuer, a URL that is neither `https:` nor loopback `http:`, no algorithm, an open
 * audience without a written reason, an unsafe Jazz server setup without a note, or a subject
 * example that its own pattern does not match.
 *
 * @example
 * ```ts
 * export const myIdp = (o: { tenant: string }): ProviderPreset => definePreset({ id: "my-idp", ... });
 * ```
 */
export function definePreset(preset: ProviderPreset): ProviderPreset {
  const { issuer, audience, jazzServer, subject } = preset;
  const problems: [boolean, string][] = [
    [!preset.id || !preset.displayName, "id"],
    [!issuer.length || [issuer].flat().some((value) => !value), "issuer"],
    [audience === null && !preset.audienceNote, "audienceNote"],
    [![preset.jwksUrl, jazzServer.jwksUrl, preset.docsUrl].every(isTrustedUrl), "jwksUrl"],
    [!preset.algorithms.length, "algorithms"],
    [!subject.pattern.test(subject.example), "subject"],
    [!preset.claims.nestedRecipe, "claims"],
    [!jazzServer.safe && !jazzServer.note, "jazzServer.note"],
  ];
  for (const [bad, field] of problems) {
    if (bad) throw new TypeError(`[jazz-auth] preset "${preset.id}": invalid ${field} (see ProviderPreset).`);
  }
  return deepFreeze(preset);
}

/** `https:` anywhere, `http:` only on loopback. */
function isTrustedUrl(url: string): boolean {
  return url.startsWith("https://") || LOOPBACK.test(url);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !(value instanceof RegExp)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
