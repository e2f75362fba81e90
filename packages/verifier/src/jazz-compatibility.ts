import type { JWK } from "jose";
import { isHmac, JAZZ_ALGORITHMS } from "./algorithms";
import { decodeBase64Url } from "./base64url";
import { type JazzClaims, jazzSessionClaims, REGISTERED_CLAIMS } from "./jazz-session";
import { hasDuplicateMembers } from "./json-object";
import { fetchJwks, type JwksDocument, readJwks } from "./jwks-source";
import { verifyRawSignature } from "./raw-signature";

/** Options of {@link checkJazzCompatibility}: the key set the Jazz server is configured with. */
export interface JazzCompatibilityOptions {
  /** The key set, as `--jwks-url` would serve it. */
  readonly jwks?: JwksDocument;
  /** The `--jwks-url` itself; fetched once. */
  readonly jwksUrl?: string;
  /** The server's time (default now). */
  readonly now?: Date;
  readonly fetch?: typeof fetch;
}

/** What the Jazz sync server will do with a token. */
export interface JazzCompatibility {
  readonly outcome: "accepted" | "expired" | "invalid";
  /** Why it is not accepted, in the server's terms. */
  readonly reason?: string;
  /** The session the server builds (for `accepted` and `expired`). */
  readonly session?: { readonly userId: string; readonly claims: JazzClaims };
  /** What will surprise you even when the token is accepted. */
  readonly warnings: readonly string[];
}

const SELF_SIGNED = new Set(["urn:jazz:local-first", "urn:jazz:anonymous"]);
const ENCRYPTION_ALGS = new Set(["RSA1_5", "RSA-OAEP", "RSA-OAEP-256"]);
const PAYLOAD_FIELDS = ["sub", "iss", "claims", "exp", "iat"];
const utf8 = new TextDecoder("utf-8", { fatal: true });

function readJson(segment: string | undefined): unknown {
  const bytes = decodeBase64Url(segment ?? "");
  if (!bytes?.length) return undefined;
  try {
    const text = utf8.decode(bytes);
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isU64 = (value: unknown) => value == null || (typeof value === "number" && Number.isInteger(value) && value >= 0);

/**
 * Predicts the Jazz sync server's verdict on an external JWT by running the server's own rules
 * (jazz-contract.md §1.2-1.6), which are much looser than {@link createVerifier}'s: the algorithm
 * comes from the header (any Jazz supports, HMAC included), keys are chosen by exact `kid` and
 * JWK `alg`, only the signature is checked, then `sub` must be a non-empty string and `exp`/`iat`
 * integers; `exp <= now` is `expired`; `iss`, `aud`, `nbf` and `crit` are ignored. A token that
 * is both badly signed and expired is `invalid`. Warnings name what will surprise you.
 *
 * @example
 * ```ts
 * const { outcome, session, warnings } = await checkJazzCompatibility(token, { jwksUrl });
 * ```
 */
export async function checkJazzCompatibility(
  token: string,
  options: JazzCompatibilityOptions,
): Promise<JazzCompatibility> {
  const warnings: string[] = [];
  const verdict = (outcome: JazzCompatibility["outcome"], reason?: string, session?: JazzCompatibility["session"]) => ({
    outcome,
    ...(reason === undefined ? {} : { reason }),
    ...(session === undefined ? {} : { session }),
    warnings,
  });
  const trimmed = typeof token === "string" ? token.trim() : "";
  if (!trimmed) return verdict("invalid", "Empty bearer token.");
  const parts = trimmed.split(".");
  const peek = readJson(parts[1]) as { value: unknown } | undefined;
  if (isObject(peek?.value) && SELF_SIGNED.has(peek.value.iss as string)) {
    return verdict(
      "invalid",
      `A self-signed token (iss ${String(peek.value.iss)}) is checked as a Jazz local-first/anonymous proof against the app id, never against the JWKS; use verifyLocalFirstProof.`,
    );
  }
  const header = parts.length === 3 ? (readJson(parts[0]) as { value: unknown } | undefined)?.value : undefined;
  if (!isObject(header))
    return verdict("invalid", "The header is not base64url-encoded JSON (or the token is not three segments).");
  const { alg, kid } = header;
  if (typeof alg !== "string" || !JAZZ_ALGORITHMS.includes(alg)) {
    return verdict(
      "invalid",
      `Jazz cannot verify alg ${JSON.stringify(alg)}; it supports ${JAZZ_ALGORITHMS.join(", ")}.`,
    );
  }
  if (kid !== undefined && kid !== null && typeof kid !== "string")
    return verdict("invalid", "The header's kid is not a string.");
  if ("crit" in header) warnings.push("The header has `crit`; Jazz ignores it (a strict verifier refuses it).");

  let keys: readonly JWK[];
  try {
    keys = options.jwks
      ? readJwks(options.jwks, "The key set")
      : await fetchJwks(options.jwksUrl ?? "", options.fetch ?? globalThis.fetch, 10_000, 1 << 20);
  } catch (error) {
    return verdict("invalid", `unable to load JWKS (${(error as Error).message}).`);
  }
  if (keys.some((key) => key.kty === "oct"))
    warnings.push("The key set holds symmetric (oct) keys: Jazz accepts HMAC tokens from anyone who knows them.");
  if (isHmac(alg))
    warnings.push(
      `The token is ${alg}: an HMAC secret signs it, so anyone with the secret can mint tokens for any user.`,
    );

  const candidates = keys.filter(
    (key) =>
      (typeof kid !== "string" || key.kid === kid) &&
      (key.alg === undefined || key.alg === alg) &&
      !ENCRYPTION_ALGS.has(key.alg ?? ""),
  );
  if (candidates.length === 0) {
    const noKid = typeof kid === "string" && keys.some((key) => key.kid === undefined);
    if (noKid) warnings.push("The key set has keys without `kid`; Jazz never matches them to a token that has one.");
    return verdict(
      "invalid",
      typeof kid === "string"
        ? `no JWKS key matched token kid '${kid}'`
        : "no compatible JWKS key found for token algorithm",
    );
  }
  const signingInput = `${parts[0]}.${parts[1]}`;
  const signature = decodeBase64Url(parts[2] ?? "");
  let signed = false;
  for (const key of candidates) {
    if (signature && (await verifyRawSignature(alg, key, signingInput, signature))) {
      signed = true;
      break;
    }
  }
  if (!signed)
    return verdict(
      "invalid",
      "JWT signature verification failed: the signature does not verify with the matching key(s).",
    );

  const body = readJson(parts[1]) as { value: unknown; text: string } | undefined;
  const payload = body?.value;
  if (!isObject(payload) || !body)
    return verdict("invalid", "JWT signature verification failed: the payload is not a JSON object.");
  if (hasDuplicateMembers(body.text) && PAYLOAD_FIELDS.some((field) => body.text.split(`"${field}"`).length > 2)) {
    return verdict("invalid", "JWT signature verification failed: duplicate claim in the payload.");
  }
  if (typeof payload.sub !== "string")
    return verdict("invalid", "JWT signature verification failed: `sub` is missing or not a string.");
  if (payload.iss != null && typeof payload.iss !== "string")
    return verdict("invalid", "JWT signature verification failed: `iss` is not a string.");
  for (const claim of ["exp", "iat"]) {
    if (!isU64(payload[claim]))
      return verdict("invalid", `JWT signature verification failed: \`${claim}\` is not a non-negative integer.`);
  }

  collectClaimWarnings(payload, warnings);
  const userId = payload.sub.trim();
  if (!userId) return verdict("invalid", "Invalid JWT subject.");
  const session = { userId, claims: jazzSessionClaims(payload, userId) };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (typeof payload.exp === "number" && payload.exp <= now) return verdict("expired", "JWT has expired", session);
  return verdict("accepted", undefined, session);
}

function collectClaimWarnings(payload: Record<string, unknown>, warnings: string[]): void {
  const custom = Object.keys(payload).filter((claim) => !REGISTERED_CLAIMS.has(claim));
  if (custom.length > 0) {
    warnings.push(
      `Jazz drops top-level claims (${custom.join(", ")}); policies only see what is nested under \`claims\`.`,
    );
  }
  if (payload.exp == null) warnings.push("The token has no `exp`: Jazz accepts it forever.");
  if (payload.iss !== undefined || payload.aud !== undefined) {
    warnings.push(
      "Jazz checks neither `iss` nor `aud`: any token signed by a key in this set is accepted for this app.",
    );
  }
  if (payload.nbf !== undefined) warnings.push("Jazz ignores `nbf`.");
  const nested = isObject(payload.claims) ? payload.claims : {};
  if ("subject" in nested || "issuer" in nested) {
    warnings.push("`claims.subject` and `claims.issuer` are overwritten by Jazz with `sub` and `iss`.");
  }
}
