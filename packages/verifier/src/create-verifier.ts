import { eventSink } from "@jazz-auth/core";
import { createIssuerVerifier } from "./issuer-verifier";
import type { JazzClaims } from "./jazz-session";
import { createMultiIssuerVerifier } from "./multi-issuer";
import { type MultiIssuerVerifierOptions, resolveOptions, type VerifierOptions } from "./options";
import { reportRefusal, settle } from "./settle";

/** A token that passed every check. Its `payload`, `header` and `claims` are frozen. */
export interface VerifiedToken {
  /** `sub` trimmed as Rust's `str::trim` trims it: exactly what the Jazz server puts in `session.user_id`. */
  readonly userId: string;
  /** The token's `iss`, or `null`. */
  readonly issuer: string | null;
  /**
   * The configured issuer that verified the token: its `name`, else its first configured `iss`
   * (`null` for a verifier that pins no issuer). With `issuers`, it says which entry matched.
   */
  readonly issuerName: string | null;
  /** Exactly what the Jazz server puts in `session.claims` for this token. */
  readonly claims: JazzClaims;
  /** When the token expires; `null` only when `requireExp` is false and it has no `exp`. */
  readonly expiresAt: Date | null;
  /** The token's payload (frozen). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The token's protected header (frozen). */
  readonly header: Readonly<Record<string, unknown>>;
}

/** A strict verifier; see {@link createVerifier}. */
export interface Verifier {
  /** Resolves the verified token, or rejects with a {@link VerificationError}. */
  verify(token: string): Promise<VerifiedToken>;
}

/**
 * Creates a strict verifier: it refuses by default and says why with a typed code. Checks, in
 * order: size and canonical compact format, header (`crit`, `alg` against the allow-list, never
 * `none`, HMAC only with a configured secret), the key (exact `kid`, key type and curve for the
 * algorithm, one forced JWKS refetch per cooldown for an unknown `kid` or a bad signature), the
 * signature, then `exp` (required, integer), `nbf`, `iat`, `iss`, `aud` and `sub`.
 *
 * Keys follow the hygiene rules (`publicKeyProblem`): a chosen key that is weak or malformed is
 * `ERR_KEY_UNUSABLE`; a fetched set publishing private material (an `oct` key's `k` included) is
 * refused whole, and a `jwks`/`publicKey` option that does is a `TypeError`. Error messages quote
 * token and key content escaped and cut short, never whole.
 *
 * Signatures are checked with `node:crypto` where the runtime has it (Node, Bun, Deno) and with
 * WebCrypto elsewhere, with the same rules. A token verified before is answered from a bounded
 * cache while its time claims and the key set allow (`tokenCache`, docs/server/verifier.md).
 *
 * With `issuers` (a list of presets or per-issuer options), one verifier accepts several issuers:
 * each token is routed by its exact `iss` to one of them, checked by that issuer's keys and rules
 * only, and refused with `ERR_ISSUER_UNKNOWN` when it names none (docs/server/multi-issuer.md).
 * `onEvent` hears of refusals and JWKS fetches, never a token, key or claim value.
 *
 * @throws {TypeError} when the options are missing or contradictory, a given key set holds private
 *   material, or two `issuers` accept the same `iss`.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ preset: firebase({ projectId: "my-app" }) });
 * const { userId, claims } = await verifier.verify(token);
 *
 * const both = createVerifier({ issuers: [firebase({ projectId: "my-app" }), betterAuth({ baseURL })] });
 * const { issuerName } = await both.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions | MultiIssuerVerifierOptions): Verifier {
  if (typeof options === "object" && options !== null && options.issuers !== undefined)
    return createMultiIssuerVerifier(options as MultiIssuerVerifierOptions);
  const emit = eventSink(options?.onEvent);
  const route = createIssuerVerifier(resolveOptions(options), emit);
  const reported = (error: unknown): never => reportRefusal(emit, error, route.name);

  /** The answer from the cache (when it can vouch for the token) or from every check. */
  function cachedOrChecked(token: string, digest: string): VerifiedToken | Promise<VerifiedToken> {
    const hit = route.cachedNow(digest);
    if (hit) return hit;
    if (hit === undefined) return route.verifyInFull(token, digest);
    return route.fromCache(digest).then((late) => late ?? route.verifyInFull(token, digest));
  }

  /** The answer, without waiting where nothing needs it (see `IssuerVerifier.verifyInFull`). */
  function answer(token: string): VerifiedToken | Promise<VerifiedToken> {
    const digest = route.digestOf(token);
    if (digest === null) return route.verifyInFull(token, null);
    return typeof digest === "string"
      ? cachedOrChecked(token, digest)
      : digest.then((late) => cachedOrChecked(token, late));
  }

  return {
    verify: (token) => settle(() => answer(token), reported),
  };
}
