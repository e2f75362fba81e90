import type { Clock, ProviderPreset } from "@jazz-auth/core";
import type { JWK } from "jose";
import { z } from "zod";
import { ALL_ALGORITHMS, DEFAULT_ALGORITHMS, isHmac, type JwsAlgorithm } from "./algorithms";
import type { JwksCacheOptions, JwksDocument } from "./jwks-source";
import type { VerifierEvent } from "./telemetry";
import type { TokenCacheOptions } from "./verified-token-cache";

/**
 * Where node:crypto checks signatures: measured (`"auto"`), always on the calling thread
 * (`"thread"`), or always on libuv's thread pool (`"pool"`).
 */
export type SignatureChecks = "auto" | "thread" | "pool";

/** Options of {@link createVerifier}. Give a `preset`, or a key source (`jwksUrl`, `jwks`, `publicKey`, `secret`). */
export interface VerifierOptions {
  /** A provider preset: pins `iss`, `aud`, the algorithms, the `sub` format and the JWKS URL. */
  readonly preset?: ProviderPreset;
  /** A JWKS endpoint (fetched and cached); overrides the preset's. */
  readonly jwksUrl?: string;
  /** A fixed key set; overrides the preset's URL. */
  readonly jwks?: JwksDocument;
  /** One public key: a JWK object or an SPKI PEM, as Jazz's `--jwt-public-key`. */
  readonly publicKey?: JWK | string;
  /** An HMAC secret (at least 32 bytes); the only way HS256/384/512 are ever accepted. */
  readonly secret?: string | Uint8Array;
  /** The exact `iss` value(s) to require; a preset's by default. */
  readonly issuer?: string | readonly string[];
  /** The `aud` value(s) to require; a preset's by default. */
  readonly audience?: string | readonly string[];
  /** The `azp` values to require; a preset's `authorizedParties` by default. */
  readonly authorizedParties?: readonly string[];
  /** The allow-list of `alg` values; never read from the token. */
  readonly algorithms?: readonly JwsAlgorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds (default 5, at most 300). */
  readonly clockToleranceSeconds?: number;
  /** The longest token accepted, in characters (default 16 384). */
  readonly maxTokenBytes?: number;
  /** Refuse tokens without `exp` (default true; Jazz accepts them and never expires them). */
  readonly requireExp?: boolean;
  readonly jwksCache?: JwksCacheOptions;
  /**
   * The verified-token cache (default on: 1 000 tokens, 2 MiB): a token seen again is answered from
   * the cache while its time claims and the key set allow it. `false` turns it off.
   */
  readonly tokenCache?: false | TokenCacheOptions;
  /**
   * Where node:crypto checks signatures (Node, Bun, Deno; WebCrypto runtimes ignore it): `"auto"`
   * (default) checks one verification at a time on the calling thread and, with many in flight,
   * on the thread or libuv's thread pool, whichever it measures faster on this machine; `"thread"`
   * always synchronously (a server already running one busy thread per core); `"pool"` always on
   * the pool. See docs/server/verifier.md.
   */
  readonly signatureChecks?: SignatureChecks;
  /** The `fetch` used for the JWKS (default: the global one). */
  readonly fetch?: typeof fetch;
  /** The clock for time claims and the cache (default `Date.now()`). */
  readonly clock?: Clock;
  /** How results and events name this issuer (`VerifiedToken.issuerName`); default: its configured `iss`. */
  readonly name?: string;
  /** Telemetry: refusals (with their code) and JWKS fetches; never a token, a key or a claim value. */
  readonly onEvent?: (event: VerifierEvent) => void;
  /** Several issuers take {@link MultiIssuerVerifierOptions}, where the other options go per issuer. */
  readonly issuers?: never;
}

/**
 * One issuer of a multi-issuer verifier, with its own key source, `iss`, audience, algorithms and
 * `sub` format: the options of a single verifier, less those the issuers share.
 */
export type IssuerOptions = Omit<
  VerifierOptions,
  "tokenCache" | "maxTokenBytes" | "signatureChecks" | "clock" | "onEvent" | "issuers"
>;

/** An entry of `issuers`: a provider preset as it is, or {@link IssuerOptions} (which may hold a `preset`). */
export type IssuerEntry = ProviderPreset | IssuerOptions;

/**
 * Options of a multi-issuer {@link createVerifier}: several issuers at once, each token routed by its
 * `iss` to exactly one of them. Every entry must pin its `iss` (a preset does), and no two entries
 * may accept the same `iss`.
 */
export interface MultiIssuerVerifierOptions {
  /** The issuers, at least one; a token is checked by the one whose `iss` is exactly the token's. */
  readonly issuers: readonly IssuerEntry[];
  /** The verified-token cache, with these bounds for each issuer; `false` turns it off. */
  readonly tokenCache?: false | TokenCacheOptions;
  /** The longest token accepted, in characters, checked before routing (default 16 384). */
  readonly maxTokenBytes?: number;
  /** Where node:crypto checks signatures, for every issuer (see {@link VerifierOptions.signatureChecks}). */
  readonly signatureChecks?: SignatureChecks;
  /** The `fetch` for every JWKS, unless an entry gives its own. */
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** Telemetry for every issuer: refusals (with code and issuer name) and JWKS fetches. */
  readonly onEvent?: (event: VerifierEvent) => void;
}

const nonEmpty = z.string().min(1);
const oneOrMore = z.union([nonEmpty, z.array(nonEmpty).min(1)]);
const seconds = z.number().finite().nonnegative();

const schema = z
  .strictObject({
    preset: z
      .custom<ProviderPreset>(
        (value) => typeof value === "object" && value !== null && "jwksUrl" in value,
        "must be a ProviderPreset",
      )
      .optional(),
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    publicKey: z
      .union([z.string().startsWith("-----BEGIN PUBLIC KEY-----"), z.record(z.string(), z.unknown())])
      .optional(),
    secret: z
      .union([z.string(), z.instanceof(Uint8Array)])
      .refine(
        (secret) => (typeof secret === "string" ? new TextEncoder().encode(secret) : secret).length >= 32,
        "must be at least 32 bytes",
      )
      .optional(),
    issuer: oneOrMore.optional(),
    audience: oneOrMore.optional(),
    authorizedParties: z.array(nonEmpty).min(1).optional(),
    algorithms: z
      .array(z.enum(ALL_ALGORITHMS as [JwsAlgorithm, ...JwsAlgorithm[]]))
      .min(1)
      .optional(),
    clockToleranceSeconds: seconds.max(300).optional(),
    maxTokenBytes: z.number().int().positive().optional(),
    requireExp: z.boolean().optional(),
    signatureChecks: z.enum(["auto", "thread", "pool"]).optional(),
    jwksCache: z
      .strictObject({
        ttlSeconds: seconds.optional(),
        cooldownSeconds: seconds.optional(),
        maxStaleSeconds: seconds.optional(),
        timeoutMs: z.number().int().positive().optional(),
        maxBytes: z.number().int().positive().optional(),
      })
      .optional(),
    tokenCache: z
      .union([
        z.literal(false),
        z.strictObject({
          maxEntries: z.number().int().nonnegative().optional(),
          maxBytes: z.number().int().nonnegative().optional(),
        }),
      ])
      .optional(),
    fetch: z.custom<typeof fetch>((value) => typeof value === "function", "must be a function").optional(),
    clock: z
      .custom<Clock>((value) => typeof (value as Clock | undefined)?.now === "function", "must have now()")
      .optional(),
    name: nonEmpty.optional(),
    onEvent: z
      .custom<VerifierOptions["onEvent"]>((value) => typeof value === "function", "must be a function")
      .optional(),
  })
  .refine((o) => [o.jwksUrl, o.jwks, o.publicKey, o.secret].filter(Boolean).length <= 1, {
    message: "give at most one of jwksUrl, jwks, publicKey and secret",
  })
  .refine((o) => o.preset || o.jwksUrl || o.jwks || o.publicKey || o.secret, {
    message: "give a preset or a key source (jwksUrl, jwks, publicKey or secret)",
  })
  .refine((o) => !o.algorithms?.some(isHmac) || o.secret, {
    message: "HMAC algorithms need an explicit `secret`; they are never taken from a key set",
  })
  .refine((o) => !o.secret || !o.algorithms || o.algorithms.every(isHmac), {
    message: "a `secret` only verifies HS256/HS384/HS512",
  });

/** The options after validation, with every default resolved. */
export interface ResolvedOptions {
  readonly key:
    | { readonly kind: "url"; readonly url: string }
    | { readonly kind: "jwks"; readonly keys: readonly JWK[] }
    | { readonly kind: "publicKey"; readonly key: JWK | string }
    | { readonly kind: "secret"; readonly secret: Uint8Array };
  readonly algorithms: readonly string[];
  readonly issuers: readonly string[] | null;
  readonly audiences: readonly string[] | null;
  readonly authorizedParties: readonly string[] | null;
  readonly subject: ProviderPreset["subject"] | null;
  readonly toleranceSeconds: number;
  readonly maxTokenBytes: number;
  readonly requireExp: boolean;
  readonly jwksCache: JwksCacheOptions;
  /** `null` when the verified-token cache is off. */
  readonly tokenCache: TokenCacheOptions | null;
  readonly signatureChecks: SignatureChecks;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** The entry's `name`, else its first configured issuer, else `null`. */
  readonly name: string | null;
}

const list = (value: string | readonly string[] | null | undefined): readonly string[] | null =>
  value == null ? null : typeof value === "string" ? [value] : value;

/** Validates {@link VerifierOptions}; a problem is a `TypeError` that names the option. */
export function resolveOptions(options: VerifierOptions, where = ""): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problem = z.prettifyError(parsed.error).replace(/\n/g, " ");
    throw new TypeError(`[jazz-auth/verifier] createVerifier: ${where}${problem}`);
  }
  const { preset } = options;
  const secret = options.secret;
  const key: ResolvedOptions["key"] = options.jwks
    ? { kind: "jwks", keys: options.jwks.keys }
    : options.publicKey
      ? { kind: "publicKey", key: options.publicKey }
      : secret
        ? { kind: "secret", secret: typeof secret === "string" ? new TextEncoder().encode(secret) : secret }
        : { kind: "url", url: options.jwksUrl ?? preset?.jwksUrl ?? "" };
  const issuers = list(options.issuer ?? preset?.issuer);
  return {
    key,
    name: options.name ?? issuers?.[0] ?? null,
    algorithms: options.algorithms ?? preset?.algorithms ?? (secret ? ["HS256"] : DEFAULT_ALGORITHMS),
    issuers,
    audiences: list(options.audience ?? preset?.audience),
    authorizedParties: options.authorizedParties ?? preset?.authorizedParties ?? null,
    subject: preset?.subject ?? null,
    toleranceSeconds: options.clockToleranceSeconds ?? 5,
    maxTokenBytes: options.maxTokenBytes ?? 16 * 1024,
    requireExp: options.requireExp ?? true,
    jwksCache: options.jwksCache ?? {},
    tokenCache: options.tokenCache === false ? null : (options.tokenCache ?? {}),
    signatureChecks: options.signatureChecks ?? "auto",
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? { now: () => Date.now() },
  };
}
