import type { Clock } from "@jazz-auth/core";
import type { JWK } from "jose";
import { bridgeSigner } from "./bridge-signer";
import { checkBridgeKey, publishedKey } from "./bridge-signing-key";
import type { VerifiedToken, Verifier } from "./create-verifier";
import { refuse, VerificationError } from "./errors";
import { rustTrim } from "./rust-trim";

/** Options of {@link createJazzTokenBridge}. */
export interface JazzTokenBridgeOptions {
  /** A strict verifier for the provider's tokens (`createVerifier({ preset })`). */
  readonly verifier: Verifier;
  /** The private JWK that signs Jazz tokens, with `kid` and `alg` (`jazz-auth keygen` writes one). */
  readonly signingKey: JWK;
  /** Earlier signing keys, still published so their tokens verify until they expire. */
  readonly previousKeys?: readonly JWK[];
  /** The `iss` of the minted tokens, such as `https://app.example.com/jazz-bridge`. Never `urn:jazz:…`. */
  readonly issuer: string;
  /** The longest lifetime of a minted token (default 600 s); never past the provider token's `exp`. */
  readonly lifetimeSeconds?: number;
  /**
   * The Jazz user id for a verified provider token (default: its `sub`). Returned verbatim: a
   * value with white space at either end is refused (`ERR_SUBJECT_WHITESPACE`), never trimmed.
   */
  readonly subject?: (verified: VerifiedToken) => string;
  /** The claims Jazz policies see (nested under `claims`; default: none). Allow-list what you copy. */
  readonly claims?: (verified: VerifiedToken) => Record<string, unknown>;
  readonly clock?: Clock;
}

/** A Jazz token minted by the bridge. */
export interface BridgeToken {
  readonly token: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/** Verifies provider tokens and re-mints them as tokens a Jazz server can trust; see {@link createJazzTokenBridge}. */
export interface JazzTokenBridge {
  /** Verifies a provider token strictly and mints a Jazz token, or rejects with a `VerificationError`. */
  exchange(providerToken: string): Promise<BridgeToken>;
  /** The public key set for `jazz-tools server --jwks-url`: the current key and the earlier ones. */
  jwks(): { keys: JWK[] };
  /** `POST …/token` (Bearer provider token) → `{ token, expiresAt }`; `GET …/jwks`. Web-standard. */
  handler(request: Request): Promise<Response>;
  /**
   * Resolves once the signing key is imported and a test signature verified with the published key;
   * rejects with a `TypeError` otherwise. Never an unhandled rejection. Where `node:crypto` exists
   * (Node, Bun, Deno) the key signs with it, and the constructor has already thrown for such a key;
   * on runtimes without it (edge) the key signs with WebCrypto: await `ready` at startup to fail fast.
   */
  readonly ready: Promise<void>;
}

/** True when neither Jazz verifier would trim `sub`: the Rust server (`str::trim`) nor the TS backend (`trim()`). */
const readVerbatim = (sub: string) => rustTrim(sub) === sub && sub.trim() === sub;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });

/**
 * A token bridge: verifies a provider token with a strict verifier (pinned `iss`, `aud`,
 * algorithms), maps its subject and claims, and signs a token the Jazz server accepts — an
 * algorithm Jazz supports, `kid` set, an integer `exp` no later than the provider token's, claims
 * nested under `claims`, never a `urn:jazz:` issuer. Point `jazz-tools server --jwks-url` at its
 * `jwks()`. For providers whose key sets Jazz cannot check strictly (Firebase's shared set, Auth0's
 * tenant-wide one), for top-level claims, and for `sub` formats you want to change.
 *
 * The minted `sub` is one both Jazz verifiers read as the user the provider names: a provider `sub`
 * (or mapped subject) with white space at either end that Jazz would trim is refused with
 * `ERR_SUBJECT_WHITESPACE`, never trimmed. Every key follows the verifier's hygiene rules.
 * The signing key is imported and test-signed at construction (synchronously where `node:crypto`
 * exists, which then signs every token; elsewhere with WebCrypto, through {@link JazzTokenBridge.ready}).
 *
 * @throws {TypeError} for a missing or unusable signing key (weak, malformed, not matching its
 *   public part), an unusable previous key, or an issuer.
 *
 * @example
 * ```ts
 * const bridge = createJazzTokenBridge({
 *   verifier: createVerifier({ preset: firebase({ projectId }) }),
 *   signingKey: JSON.parse(process.env.JAZZ_BRIDGE_KEY!),
 *   issuer: "https://app.example.com/jazz",
 *   claims: (verified) => ({ role: verified.payload.role }),
 * });
 * export const POST = bridge.handler; // Next.js route handler
 * ```
 */
export function createJazzTokenBridge(options: JazzTokenBridgeOptions): JazzTokenBridge {
  const { verifier, signingKey, issuer } = options;
  if (!verifier || typeof verifier.verify !== "function")
    throw new TypeError("[jazz-auth/verifier] bridge: `verifier` is required.");
  checkBridgeKey(signingKey, "signingKey", "signing");
  for (const [i, key] of (options.previousKeys ?? []).entries()) checkBridgeKey(key, `previousKeys[${i}]`, "published");
  if (typeof issuer !== "string" || !issuer || issuer.startsWith("urn:jazz:")) {
    throw new TypeError(
      "[jazz-auth/verifier] bridge: `issuer` must be your own URL; `urn:jazz:` issuers take Jazz's local-first path.",
    );
  }
  const lifetime = options.lifetimeSeconds ?? 600;
  if (!Number.isInteger(lifetime) || lifetime < 1)
    throw new TypeError("[jazz-auth/verifier] bridge: lifetimeSeconds must be a positive integer.");
  const clock = options.clock ?? { now: () => Date.now() };
  const signer = bridgeSigner(signingKey);
  const published = [signingKey, ...(options.previousKeys ?? [])].map(publishedKey);

  /** The minted `sub`, read by Jazz as the user the provider's token names, or a typed refusal. */
  function subjectFor(verified: VerifiedToken): string {
    const upstream = verified.payload.sub;
    if (typeof upstream === "string" && !readVerbatim(upstream)) {
      throw refuse(
        "ERR_SUBJECT_WHITESPACE",
        "The provider's `sub` starts or ends with white space that Jazz trims, so Jazz would read another user id; nothing is minted.",
      );
    }
    const mapped: unknown = options.subject ? options.subject(verified) : verified.userId;
    if (typeof mapped !== "string" || !mapped)
      throw refuse("ERR_CLAIM_INVALID", "The mapped subject is not a non-empty string.");
    if (!readVerbatim(mapped)) {
      throw refuse(
        "ERR_SUBJECT_WHITESPACE",
        "The mapped subject starts or ends with white space that Jazz trims; nothing is minted.",
      );
    }
    return mapped;
  }

  async function exchange(providerToken: string): Promise<BridgeToken> {
    const verified = await verifier.verify(providerToken);
    const sub = subjectFor(verified);
    const now = Math.floor(clock.now() / 1000);
    const providerExp = verified.expiresAt ? Math.floor(verified.expiresAt.getTime() / 1000) : Number.POSITIVE_INFINITY;
    const exp = Math.min(now + lifetime, providerExp);
    if (exp <= now) throw refuse("ERR_EXPIRED", "The provider token expires now.");
    const claims = options.claims ? options.claims(verified) : {};
    const signed = signer.sign({ claims: { ...claims }, iss: issuer, sub, iat: now, exp });
    const token = typeof signed === "string" ? signed : await signed;
    return { token, expiresAt: exp };
  }

  async function handler(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/jwks")) {
      if (request.method !== "GET" && request.method !== "HEAD")
        return json(405, { error: "method not allowed" }, { allow: "GET" });
      return json(200, { keys: published }, { "cache-control": "public, max-age=300" });
    }
    if (!path.endsWith("/token")) return json(404, { error: "not found" });
    if (request.method !== "POST") return json(405, { error: "method not allowed" }, { allow: "POST" });
    const match = /^Bearer ([^\s]+)$/.exec(request.headers.get("authorization") ?? "");
    if (!match?.[1])
      return json(401, { error: "ERR_MALFORMED", reason: "send the provider token as Authorization: Bearer <token>" });
    try {
      return json(200, await exchange(match[1]));
    } catch (error) {
      if (!(error instanceof VerificationError)) return json(500, { error: "internal error" });
      const status = error.retryable ? 503 : 401;
      return json(status, { error: error.code, reason: error.message.replace(/^\[jazz-auth\/verifier\] /, "") });
    }
  }

  return { exchange, jwks: () => ({ keys: published.map((key) => ({ ...key })) }), handler, ready: signer.ready };
}
