import { compactVerify, type JWK } from "jose";
import { isHmac } from "./algorithms";
import { decodeBase64Url } from "./base64url";
import { checkClaims } from "./claims";
import { parseCompactJws } from "./compact";
import { refuse } from "./errors";
import { type JazzClaims, jazzSessionClaims } from "./jazz-session";
import { remoteKeySource } from "./jwks-cache";
import { type KeySource, keySetProblem, staticKeySource } from "./jwks-source";
import { candidateKeys, importKey, type VerificationKey } from "./keys";
import { resolveOptions, type VerifierOptions } from "./options";
import { verifySignature } from "./raw-signature";
import { quoteUntrusted } from "./untrusted-text";

/** A token that passed every check. */
export interface VerifiedToken {
  /** `sub` trimmed as Rust's `str::trim` trims it: exactly what the Jazz server puts in `session.user_id`. */
  readonly userId: string;
  /** The token's `iss`, or `null`. */
  readonly issuer: string | null;
  /** Exactly what the Jazz server puts in `session.claims` for this token. */
  readonly claims: JazzClaims;
  /** When the token expires; `null` only when `requireExp` is false and it has no `exp`. */
  readonly expiresAt: Date | null;
  readonly payload: Readonly<Record<string, unknown>>;
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
 * @throws {TypeError} when the options are missing or contradictory, or a given key set holds private material.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ preset: firebase({ projectId: "my-app" }) });
 * const { userId, claims } = await verifier.verify(token);
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveOptions(options);
  const { algorithms, clock, key } = resolved;
  const keySource: KeySource | null =
    key.kind === "url"
      ? remoteKeySource(key.url, resolved.jwksCache, resolved.fetch, clock)
      : key.kind === "jwks"
        ? staticKeySource(givenKeySet(key.keys, "the `jwks` option"))
        : key.kind === "publicKey" && typeof key.key !== "string"
          ? staticKeySource(givenKeySet([key.key], "the `publicKey` option"))
          : null;

  async function selectKey(alg: string, kid: string | undefined): Promise<VerificationKey> {
    if (key.kind === "secret") return key.secret;
    if (key.kind === "publicKey" && typeof key.key === "string") return importKey(key.key, alg);
    const source = keySource as KeySource;
    let candidates = candidateKeys(await source.keys(), alg, kid);
    if (candidates.length === 0) {
      const refreshed = await source.refresh();
      if (refreshed === "failed") {
        throw refuse(
          "ERR_JWKS_UNAVAILABLE",
          "No known key fits, and the JWKS endpoint could not be reached to look for a new one.",
        );
      }
      if (refreshed === "changed") candidates = candidateKeys(await source.keys(), alg, kid);
    }
    return importKey(only(candidates, alg, kid), alg);
  }

  async function checkSignature(token: string, alg: string, kid: string | undefined, signature: string): Promise<void> {
    const signingInput = token.slice(0, token.lastIndexOf("."));
    const signatureBytes = decodeBase64Url(signature) ?? new Uint8Array();
    for (let attempt = 0; ; attempt++) {
      const verificationKey = await selectKey(alg, kid);
      let valid: boolean;
      try {
        valid =
          verificationKey instanceof Uint8Array
            ? await compactVerify(token, verificationKey, { algorithms: [alg] }).then(
                () => true,
                () => false,
              )
            : await verifySignature(alg, verificationKey, signingInput, signatureBytes);
      } catch (error) {
        throw refuse("ERR_KEY_UNUSABLE", `The key cannot verify this ${alg} token.`, error);
      }
      if (valid) return;
      // The provider may have rotated a key under the same kid: refetch once per cooldown.
      if (attempt > 0 || !keySource || (await keySource.refresh()) !== "changed") {
        throw refuse("ERR_SIGNATURE_INVALID", "The signature does not verify.");
      }
    }
  }

  return {
    async verify(token) {
      const { header, payload, signature } = parseCompactJws(token, resolved.maxTokenBytes);
      if ("crit" in header)
        throw refuse("ERR_CRIT_UNSUPPORTED", "The header lists critical extensions (`crit`); none are supported.");
      const { alg, kid } = header;
      if (typeof alg !== "string") throw refuse("ERR_MALFORMED", "The header has no `alg`.");
      if (alg.toLowerCase() === "none")
        throw refuse("ERR_ALG_NOT_ALLOWED", "Unsigned tokens (`alg: none`) are never accepted.");
      if (!algorithms.includes(alg)) {
        const hint = isHmac(alg) ? " HMAC needs an explicit `secret`." : "";
        throw refuse(
          "ERR_ALG_NOT_ALLOWED",
          `${quoteUntrusted(alg)} is not in the allow-list (${algorithms.join(", ")}).${hint}`,
        );
      }
      if (kid !== undefined && (typeof kid !== "string" || kid.length > 1024)) {
        throw refuse("ERR_MALFORMED", "`kid` must be a string of at most 1024 characters.");
      }
      if (signature.length === 0) throw refuse("ERR_MALFORMED", "The signature is empty.");
      await checkSignature(token, alg, kid, signature);
      const { userId, exp } = checkClaims(payload, resolved, Math.floor(clock.now() / 1000));
      return {
        userId,
        issuer: typeof payload.iss === "string" ? payload.iss : null,
        claims: jazzSessionClaims(payload, userId),
        expiresAt: exp === undefined ? null : new Date(exp * 1000),
        payload,
        header,
      };
    },
  };
}

/** A key set given in the options: a `TypeError` when {@link keySetProblem} (strict) refuses it. */
function givenKeySet(keys: readonly JWK[], where: string): readonly JWK[] {
  const problem = keySetProblem({ keys }, true);
  if (problem) throw new TypeError(`[jazz-auth/verifier] createVerifier: ${where} ${problem}.`);
  return keys;
}

function only(candidates: JWK[], alg: string, kid: string | undefined): JWK {
  const [first, second] = candidates;
  if (!first) {
    throw refuse(
      "ERR_KEY_NOT_FOUND",
      kid === undefined
        ? `No key in the set verifies ${alg}.`
        : `No ${alg} key in the set has kid ${quoteUntrusted(kid)}.`,
    );
  }
  if (second) {
    const why =
      kid === undefined
        ? "the token has no `kid` and several keys fit"
        : `several keys share kid ${quoteUntrusted(kid)}`;
    throw refuse("ERR_KEY_NOT_FOUND", `Ambiguous key: ${why}.`);
  }
  return first;
}
