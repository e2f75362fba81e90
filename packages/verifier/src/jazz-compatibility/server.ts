import { decodeBase64Url } from "../base64url";
import { VerificationError } from "../errors";
import { verifyLocalFirstProof } from "../local-first-proof";
import { rustTrim } from "../rust-trim";
import { collectClaimWarnings, collectKeyWarnings } from "./claim-warnings";
import { loadJwks } from "./jwks-load";
import { ringVerify } from "./ring-verify";
import {
  claimsForValidationShape,
  headerShape,
  issOnlyShape,
  jwkSetShape,
  jwtClaimsShape,
  type RustJwk,
} from "./rust-types";
import { isSyntaxError, type JsonNode, readSerdeJson } from "./serde-json";
import type { Read, Shape } from "./serde-shapes";
import { serverSession } from "./sessions";
import type { JazzCompatibility, JazzCompatibilityOptions, JazzReasonCode } from "./types";
import { Warnings } from "./warn";

const LOCAL_FIRST = "urn:jazz:local-first";
const ANONYMOUS = "urn:jazz:anonymous";
const ENCRYPTION_KEY_ALGS = new Set(["RSA1_5", "RSA-OAEP", "RSA-OAEP-256"]);

/** Reads base64url-then-JSON bytes into a Rust type; `null` bytes mean the base64url was refused. */
function readPart<T>(bytes: Uint8Array | null, shape: Shape<T>): Read<T> {
  if (!bytes) return { ok: false, error: "Base64 error (not unpadded base64url)" };
  const node = readSerdeJson(bytes);
  if (isSyntaxError(node)) return { ok: false, error: `JSON error: ${node.error}` };
  return shape(node as JsonNode);
}

/**
 * Predicts the Rust sync server (garden-co/jazz crates/jazz-tools/src/middleware/auth.rs at
 * 6a363411a, jsonwebtoken 9.3.1, serde_json 1.0.149, ring 0.17, reqwest 0.12), in its order:
 * trim and empty check (auth.rs:1003-1006), the unverified `iss` peek that routes self-signed
 * tokens (929-947, 1019-1040), the key set load (802-805), the header (728-729), the candidates
 * (697-718, 731-738), each candidate's signature and payload (743-769), `exp` (772-782), then `sub`
 * and the session (892-925). A key set that cannot be loaded or a header that cannot be read wins
 * over everything after it; an expired token with a blank `sub` is `expired`.
 */
export async function predictServer(token: string, options: JazzCompatibilityOptions): Promise<JazzCompatibility> {
  const warnings = new Warnings();
  const now = BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const verdict = (
    outcome: JazzCompatibility["outcome"],
    reasonCode?: JazzReasonCode,
    reason?: string,
    session?: { userId: string; claims: Record<string, unknown> },
    authMode: JazzCompatibility["authMode"] = "external",
  ): JazzCompatibility => ({
    target: "server",
    outcome,
    ...(reasonCode ? { reasonCode } : {}),
    ...(reason ? { reason } : {}),
    ...(session ? { session, authMode } : {}),
    warnings: warnings.list,
  });

  const trimmed = rustTrim(token);
  if (!trimmed) return verdict("invalid", "empty-token", "Empty bearer token");
  if (trimmed !== token.trim())
    warnings.add(
      "trim-differs",
      "Rust's `str::trim` and JavaScript's `trim()` strip different characters from this token.",
    );

  const peekParts = trimmed.split(".");
  if (peekParts.length >= 3) {
    const peek = readPart(decodeBase64Url(peekParts[1] ?? ""), issOnlyShape);
    const iss = peek.ok ? peek.value.iss : undefined;
    if (iss === LOCAL_FIRST || iss === ANONYMOUS) return selfSigned(trimmed, iss, options, verdict, warnings);
  }

  const loaded = await loadJwks("server", options.jwks, options.jwksUrl, options.fetch ?? globalThis.fetch);
  if (loaded.note) warnings.add("undetermined", loaded.note);
  if ("error" in loaded) return verdict("invalid", "jwks-unavailable", `unable to load JWKS (${loaded.error})`);
  const set = readPart(loaded.bytes, jwkSetShape);
  if (!set.ok && set.note) warnings.add("undetermined", set.note);
  if (!set.ok)
    return verdict("invalid", "jwks-unavailable", `unable to load JWKS (failed to parse JWKS response: ${set.error})`);
  const keys = set.value.keys as RustJwk[];
  if (keys.length === 0)
    return verdict("invalid", "jwks-unavailable", "unable to load JWKS (JWKS response contained no keys)");
  if (set.note) warnings.add("undetermined", set.note);

  const last = trimmed.lastIndexOf(".");
  const message = last < 0 ? "" : trimmed.slice(0, last);
  const second = message.lastIndexOf(".");
  if (last < 0 || second < 0) return verdict("invalid", "header-invalid", "invalid JWT header: InvalidToken");
  const [headerText, payloadText, signatureText] = [
    message.slice(0, second),
    message.slice(second + 1),
    trimmed.slice(last + 1),
  ];
  const header = readPart(decodeBase64Url(headerText), headerShape);
  if (!header.ok && header.note) warnings.add("undetermined", header.note);
  if (!header.ok)
    return verdict(
      "invalid",
      header.error.startsWith("alg:") ? "alg-unsupported" : "header-invalid",
      `invalid JWT header: ${header.error}`,
    );
  const alg = header.value.alg as string;
  const kid = header.value.kid as string | undefined;

  collectKeyWarnings(alg, keys, warnings);
  const candidates = keys.filter(
    (key) =>
      (kid === undefined || key.kid === kid) &&
      (key.alg === undefined || (!ENCRYPTION_KEY_ALGS.has(key.alg) && key.alg === alg)),
  );
  if (candidates.length === 0) {
    if (kid !== undefined && keys.some((key) => key.kid === undefined))
      warnings.add(
        "kid-less-keys",
        "The key set has keys without `kid`; the server never matches them to a token that has one.",
      );
    return verdict(
      "invalid",
      "no-matching-key",
      kid === undefined ? "no compatible JWKS key found for token algorithm" : `no JWKS key matched token kid '${kid}'`,
    );
  }

  let lastError = "JWT signature verification failed";
  let payloadFault = false;
  let claims: Record<string, unknown> | undefined;
  for (const key of candidates) {
    const checked = await ringVerify(alg, key, message, signatureText);
    if (!checked.ok) {
      if (checked.note) warnings.add("undetermined", checked.note);
      if (checked.stage !== "signature" || !checked.detail.startsWith("InvalidSignature"))
        warnings.add(
          "key-skipped",
          `The server cannot use key ${key.kid === undefined ? "(no kid)" : `'${key.kid}'`}: ${checked.detail}.`,
        );
      lastError = checked.stage === "key" ? checked.detail : `JWT signature verification failed: ${checked.detail}`;
      continue;
    }
    const payloadBytes = decodeBase64Url(payloadText);
    const read = readPart(payloadBytes, jwtClaimsShape);
    const validation = read.ok ? readPart(payloadBytes, claimsForValidationShape) : read;
    const failed = !read.ok ? read : !validation.ok ? validation : undefined;
    if (failed && !failed.ok) {
      payloadFault = true;
      lastError = `JWT signature verification failed: ${failed.error}`;
      continue;
    }
    if (!read.ok || !validation.ok) continue;
    for (const note of [read.note, validation.note]) if (note) warnings.add("undetermined", note);
    claims = read.value;
    break;
  }
  if (!claims) return verdict("invalid", payloadFault ? "payload-invalid" : "signature-invalid", lastError);

  const sub = claims.sub as string;
  const iss = claims.iss as string | undefined;
  const payload = looseJson(payloadText);
  if ("crit" in looseJson(headerText))
    warnings.add(
      "header-ignored",
      "The header has `crit`; the server ignores it (the TS backend's jose and a strict verifier refuse unknown extensions).",
    );
  collectClaimWarnings(payload, warnings, "server");
  if (rustTrim(sub) !== sub)
    warnings.add(
      "sub-trimmed",
      "`sub` has surrounding white space: the server's user id is `sub` trimmed with Rust's `str::trim`.",
    );
  if (rustTrim(sub) !== sub.trim())
    warnings.add(
      "trim-differs",
      "Rust's `str::trim` and JavaScript's `trim()` give different user ids for this `sub`.",
    );
  const userId = rustTrim(sub);
  const session = userId ? serverSession(sub, iss, claims.claims ?? null) : undefined;
  const exp = claims.exp as bigint | undefined;
  if (exp !== undefined && exp <= now) return verdict("expired", "expired", "JWT has expired", session);
  if (!session) return verdict("invalid", "subject-invalid", "Invalid JWT subject");
  return verdict("accepted", undefined, undefined, session);
}

async function selfSigned(
  token: string,
  iss: string,
  options: JazzCompatibilityOptions,
  verdict: (
    outcome: JazzCompatibility["outcome"],
    reasonCode?: JazzReasonCode,
    reason?: string,
    session?: { userId: string; claims: Record<string, unknown> },
    authMode?: JazzCompatibility["authMode"],
  ) => JazzCompatibility,
  warnings: Warnings,
): Promise<JazzCompatibility> {
  if (iss === LOCAL_FIRST && options.allowLocalFirstAuth === false)
    return verdict("invalid", "local-first-disabled", "Local-first auth is not enabled for this app");
  if (!options.appId) {
    warnings.add("undetermined", "A self-signed token is checked against the app id; pass `appId` to predict it.");
    return verdict(
      "invalid",
      "app-id-required",
      `A self-signed token (iss ${iss}) is verified against the app id, never the JWKS.`,
    );
  }
  try {
    const proof = await verifyLocalFirstProof(token, {
      audience: options.appId,
      ...(options.now ? { now: options.now } : {}),
    });
    return verdict(
      "accepted",
      undefined,
      undefined,
      { userId: proof.userId, claims: {} },
      iss === ANONYMOUS ? "anonymous" : "local-first",
    );
  } catch (error) {
    if (error instanceof VerificationError && error.code === "ERR_EXPIRED")
      return verdict("expired", "expired", "JWT has expired");
    return verdict("invalid", "self-signed-invalid", (error as Error).message);
  }
}

/** A segment's JSON for warnings only (the verdict never depends on it); `{}` when it is not an object. */
function looseJson(segment: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(decodeBase64Url(segment) ?? new Uint8Array()));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
