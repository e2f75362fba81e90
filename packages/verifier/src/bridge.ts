import type { Clock } from "@jazz-auth/core";
import { eventSink } from "@jazz-auth/core";
import type { JWK } from "jose";
import { bridgeSigner } from "./bridge-signer";
import { checkBridgeKey, publishedKey } from "./bridge-signing-key";
import { createVerifier, type VerifiedToken, type Verifier } from "./create-verifier";
import { refuse, VerificationError } from "./errors";
import type { IssuerEntry } from "./options";
import { rustTrim } from "./rust-trim";
import type { BridgeEvent } from "./telemetry";

/** The codes a `subject` mapping may refuse with. */
export type SubjectRefusalCode = "ERR_SUBJECT_CONFLICT" | "ERR_SUBJECT_NOT_MAPPED";

/**
 * What a `subject` mapping answers for a verified provider token:
 * - a string: the Jazz user id to mint (an alias: the id this person had with the old provider);
 * - `null`: no alias, so the token's own `sub` (`verified.userId`) — a new user keeps a new id;
 * - `{ refuse }`: mint nothing, with a typed code (a collision, or an unmapped user while only
 *   mapped ones are admitted); `reason` goes into the error message, so keep ids out of it.
 */
export type SubjectDecision = string | null | { readonly refuse: SubjectRefusalCode; readonly reason?: string };

/** Options of {@link createJazzTokenBridge}. */
export interface JazzTokenBridgeOptions {
  /** A strict verifier for the provider's tokens (`createVerifier({ preset })`); or give `issuers`. */
  readonly verifier?: Verifier;
  /**
   * Several providers at once, as `createVerifier({ issuers })` takes them (routed by exact `iss`):
   * the bridge builds that verifier, with its `clock`. Give `verifier` or `issuers`, not both.
   */
  readonly issuers?: readonly IssuerEntry[];
  /** The private JWK that signs Jazz tokens, with `kid` and `alg` (`jazz-auth keygen` writes one). */
  readonly signingKey: JWK;
  /** Earlier signing keys, still published so their tokens verify until they expire. */
  readonly previousKeys?: readonly JWK[];
  /** The `iss` of the minted tokens, such as `https://app.example.com/jazz-bridge`. Never `urn:jazz:…`. */
  readonly issuer: string;
  /** The longest lifetime of a minted token (default 600 s); never past the provider token's `exp`. */
  readonly lifetimeSeconds?: number;
  /**
   * The Jazz user id for a verified provider token (default: its `sub`), synchronously or not: a
   * string (an alias, say from the old provider during a migration), `null` for the token's own
   * `sub`, or `{ refuse: code }` ({@link SubjectDecision}). A string is minted verbatim: one with
   * white space at either end is refused (`ERR_SUBJECT_WHITESPACE`), never trimmed. A mapping that
   * throws rejects the exchange with its error (the handler answers 500).
   */
  readonly subject?: (verified: VerifiedToken) => SubjectDecision | Promise<SubjectDecision>;
  /** The claims Jazz policies see (nested under `claims`; default: none). Allow-list what you copy. */
  readonly claims?: (verified: VerifiedToken) => Record<string, unknown>;
  readonly clock?: Clock;
  /** Telemetry: exchanges and refusals, with the issuer's name and a code; never a token, a `sub` or a claim. */
  readonly onEvent?: (event: BridgeEvent) => void;
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
  const { signingKey, issuer } = options;
  if (options.verifier && options.issuers)
    throw new TypeError("[jazz-auth/verifier] bridge: give `verifier` or `issuers`, not both.");
  const given =
    options.verifier ??
    (options.issuers
      ? createVerifier({ issuers: options.issuers, ...(options.clock ? { clock: options.clock } : {}) })
      : null);
  if (!given || typeof given.verify !== "function")
    throw new TypeError("[jazz-auth/verifier] bridge: `verifier` (or `issuers`) is required.");
  // Every minted token has the bridge's `iss`: without a mapping, one issuer could sign another's
  // `sub` and be minted as that user.
  if ((options.issuers?.length ?? 0) > 1 && !options.subject) {
    throw new TypeError(
      "[jazz-auth/verifier] bridge: several `issuers` need a `subject` mapping (their subs are not unique across issuers; docs/server/multi-issuer.md).",
    );
  }
  const verifier: Verifier = given;
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
  const emit = eventSink(options.onEvent);
  const signer = bridgeSigner(signingKey);
  const published = [signingKey, ...(options.previousKeys ?? [])].map(publishedKey);

  /** The minted `sub`, read by Jazz as the user the provider's token names (or its alias), or a typed refusal. */
  async function subjectFor(verified: VerifiedToken): Promise<{ sub: string; mapped: boolean }> {
    const upstream = verified.payload.sub;
    if (typeof upstream === "string" && !readVerbatim(upstream)) {
      throw refuse(
        "ERR_SUBJECT_WHITESPACE",
        "The provider's `sub` starts or ends with white space that Jazz trims, so Jazz would read another user id; nothing is minted.",
      );
    }
    const decision: unknown = options.subject ? await options.subject(verified) : null;
    if (decision !== null && typeof decision === "object" && "refuse" in decision) {
      const { refuse: code, reason } = decision as { refuse: unknown; reason?: unknown };
      if (code !== "ERR_SUBJECT_CONFLICT" && code !== "ERR_SUBJECT_NOT_MAPPED")
        throw refuse("ERR_CLAIM_INVALID", "The subject mapping refused with an unknown code.");
      const why = typeof reason === "string" && reason ? reason : "the subject mapping refused this identity";
      throw refuse(code, `${why}; nothing is minted.`);
    }
    const mapped = decision !== null;
    const sub: unknown = mapped ? decision : verified.userId;
    if (typeof sub !== "string" || !sub)
      throw refuse("ERR_CLAIM_INVALID", "The mapped subject is not a non-empty string.");
    if (!readVerbatim(sub)) {
      throw refuse(
        "ERR_SUBJECT_WHITESPACE",
        "The mapped subject starts or ends with white space that Jazz trims; nothing is minted.",
      );
    }
    return { sub, mapped };
  }

  async function mint(providerToken: string, startedAt: number): Promise<BridgeToken> {
    let verified: VerifiedToken | null = null;
    try {
      verified = await verifier.verify(providerToken);
      const { sub, mapped } = await subjectFor(verified);
      const now = Math.floor(clock.now() / 1000);
      const providerExp = verified.expiresAt
        ? Math.floor(verified.expiresAt.getTime() / 1000)
        : Number.POSITIVE_INFINITY;
      const exp = Math.min(now + lifetime, providerExp);
      if (exp <= now) throw refuse("ERR_EXPIRED", "The provider token expires now.");
      const claims = options.claims ? options.claims(verified) : {};
      const signed = signer.sign({ claims: { ...claims }, iss: issuer, sub, iat: now, exp });
      const token = typeof signed === "string" ? signed : await signed;
      const durationMs = clock.now() - startedAt;
      emit?.({ type: "bridge-exchanged", issuer: verified.issuerName ?? null, durationMs, mapped });
      return { token, expiresAt: exp };
    } catch (error) {
      if (emit && error instanceof VerificationError) {
        const durationMs = clock.now() - startedAt;
        emit({ type: "bridge-refused", issuer: verified?.issuerName ?? null, durationMs, code: error.code });
      }
      throw error;
    }
  }

  const exchange = (providerToken: string): Promise<BridgeToken> => mint(providerToken, clock.now());

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
      const status = error.retryable
        ? 503
        : error.code === "ERR_SUBJECT_CONFLICT" || error.code === "ERR_SUBJECT_NOT_MAPPED"
          ? 403
          : 401;
      const retry = error.retryAfterSeconds === null ? {} : { "retry-after": String(error.retryAfterSeconds) };
      return json(status, { error: error.code, reason: error.message.replace(/^\[jazz-auth\/verifier\] /, "") }, retry);
    }
  }

  return { exchange, jwks: () => ({ keys: published.map((key) => ({ ...key })) }), handler, ready: signer.ready };
}
