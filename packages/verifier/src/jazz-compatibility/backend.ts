import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { verifyLocalFirstProof } from "../local-first-proof";
import { rustTrim } from "../rust-trim";
import { collectClaimWarnings, collectKeyWarnings } from "./claim-warnings";
import { loadJwks } from "./jwks-load";
import { nodeBase64Decode } from "./lenient-base64";
import { backendSession } from "./sessions";
import type { JazzAuthMode, JazzCompatibility, JazzCompatibilityOptions, JazzReasonCode } from "./types";
import { Warnings } from "./warn";

const LOCAL_FIRST = "urn:jazz:local-first";
const ANONYMOUS = "urn:jazz:anonymous";
const lossyKeepBom = new TextDecoder("utf-8", { ignoreBOM: true });
const fetchText = new TextDecoder("utf-8");

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);

/** `parseJwtPayload` (client-session.ts:81-99): Buffer base64 (lenient), UTF-8 with U+FFFD, the BOM kept, `JSON.parse`. */
function parsePayload(token: string): Record<string, unknown> | null {
  const part = token.split(".")[1];
  if (part === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(lossyKeepBom.decode(nodeBase64Decode(part)));
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Predicts the TS backend, `createJazzContext().forRequest` (garden-co/jazz
 * packages/jazz-tools/src/backend/request-auth.ts at 6a363411a), in its order: trim
 * (request-auth.ts:68-71), the unverified payload and its session (362-363, client-session.ts:81-126),
 * the local-first route on the exact `iss` (366-378), the key set (335, 87-119), the header, the
 * candidates and jose's `importJWK` + `compactVerify` on each (162-192; this runs jose itself, the
 * library the backend calls), then `exp` (297-309). A payload or `sub` fault wins over everything;
 * signature faults win over `exp`.
 */
export async function predictBackend(token: string, options: JazzCompatibilityOptions): Promise<JazzCompatibility> {
  const warnings = new Warnings();
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  let session: ReturnType<typeof backendSession> = null;
  const verdict = (
    outcome: JazzCompatibility["outcome"],
    reasonCode?: JazzReasonCode,
    reason?: string,
  ): JazzCompatibility => ({
    target: "backend",
    outcome,
    ...(reasonCode ? { reasonCode } : {}),
    ...(reason ? { reason } : {}),
    ...(session && outcome !== "invalid"
      ? { session: { userId: session.userId, claims: session.claims }, authMode: session.authMode as JazzAuthMode }
      : {}),
    warnings: warnings.list,
  });

  const trimmed = token.trim();
  if (!trimmed) return verdict("invalid", "empty-token", "Empty bearer token");
  const payload = parsePayload(trimmed);
  if (!payload) return verdict("invalid", "payload-invalid", "Invalid JWT payload");
  session = backendSession(payload);
  if (!session) return verdict("invalid", "subject-invalid", "Invalid JWT payload");
  const sub = payload.sub as string;
  if (sub.trim() !== sub)
    warnings.add(
      "sub-trimmed",
      "`sub` has surrounding white space: the backend's user id is `sub` trimmed with JavaScript's `trim()`.",
    );
  if (rustTrim(sub) !== sub.trim())
    warnings.add(
      "trim-differs",
      "Rust's `str::trim` and JavaScript's `trim()` give different user ids for this `sub`.",
    );

  if (payload.iss === LOCAL_FIRST) return localFirst(trimmed, session.userId, options, verdict, warnings);
  if (payload.iss === ANONYMOUS)
    warnings.add(
      "anonymous-as-external",
      "The TS backend treats an anonymous token as an external JWT: it must verify against the key set.",
    );
  if (session.authMode !== "external")
    warnings.add(
      "self-signed-iss-spelling",
      `\`iss\` is ${JSON.stringify(payload.iss)}: verified as an external token, yet the session's authMode is ${session.authMode}.`,
    );

  const loaded = await loadJwks("backend", options.jwks, options.jwksUrl, options.fetch ?? globalThis.fetch);
  if (loaded.note) warnings.add("undetermined", loaded.note);
  if ("error" in loaded) return verdict("invalid", "jwks-unavailable", `Unable to fetch JWKS: ${loaded.error}`);
  let body: unknown;
  try {
    body = JSON.parse(fetchText.decode(loaded.bytes));
  } catch {
    return verdict("invalid", "jwks-unavailable", "Unable to parse JWKS response");
  }
  if (!isRecord(body) || !Array.isArray(body.keys) || body.keys.length === 0)
    return verdict("invalid", "jwks-unavailable", "Invalid JWKS response");
  const keys = (body.keys as unknown[]).filter(isRecord);

  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(trimmed) as Record<string, unknown>;
  } catch {
    return verdict("invalid", "header-invalid", "Invalid JWT header");
  }
  const alg = nonEmpty(header.alg);
  if (!alg) return verdict("invalid", "header-invalid", "Invalid JWT header");
  const kid = nonEmpty(header.kid);
  if (header.kid !== undefined && kid === undefined)
    warnings.add(
      "kid-not-matched",
      `The header's kid ${JSON.stringify(header.kid)} is not a non-empty string: the backend tries every key.`,
    );
  collectKeyWarnings(alg, keys, warnings);
  const candidates = keys.filter(
    (jwk) => (!kid || nonEmpty(jwk.kid) === kid) && (!nonEmpty(jwk.alg) || jwk.alg === alg),
  );
  if (candidates.length === 0) {
    if (kid && keys.some((key) => nonEmpty(key.kid) === undefined))
      warnings.add(
        "kid-less-keys",
        "The key set has keys without a usable `kid`; the backend never matches them to a token that has one.",
      );
    return verdict("invalid", "no-matching-key", "Invalid JWT: No matching JWK found");
  }
  let lastError = "JWT signature verification failed";
  let verified = false;
  for (const candidate of candidates) {
    try {
      const key = await importJWK(candidate as JWK, alg);
      await compactVerify(trimmed, key);
      verified = true;
      break;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (error instanceof TypeError || (error as { code?: string }).code === "ERR_JOSE_NOT_SUPPORTED")
        warnings.add(
          "key-skipped",
          `The backend cannot use key ${nonEmpty(candidate.kid) ?? "(no kid)"}: ${lastError}`,
        );
    }
  }
  if (!verified) return verdict("invalid", "signature-invalid", `Invalid JWT: ${lastError}`);

  collectClaimWarnings(payload, warnings, "backend");
  const exp = payload.exp;
  if (exp !== undefined) {
    if (typeof exp !== "number" || !Number.isInteger(exp) || exp < 0)
      return verdict("invalid", "payload-invalid", "Invalid JWT payload");
    if (exp <= nowSeconds) return verdict("expired", "expired", "JWT has expired");
  }
  return verdict("accepted");
}

async function localFirst(
  token: string,
  userId: string,
  options: JazzCompatibilityOptions,
  verdict: (outcome: JazzCompatibility["outcome"], reasonCode?: JazzReasonCode, reason?: string) => JazzCompatibility,
  warnings: Warnings,
): Promise<JazzCompatibility> {
  if (options.allowLocalFirstAuth === false)
    return verdict(
      "invalid",
      "local-first-disabled",
      "Received local-first JWT, but createJazzContext() has allowLocalFirstAuth disabled.",
    );
  if (!options.appId) {
    warnings.add("undetermined", "A local-first token is checked against the app id; pass `appId` to predict it.");
    return verdict("invalid", "app-id-required", "A local-first token is verified with jazz-napi against the app id.");
  }
  try {
    const proof = await verifyLocalFirstProof(token, {
      audience: options.appId,
      ...(options.now ? { now: options.now } : {}),
    });
    if (proof.userId !== userId) return verdict("invalid", "self-signed-invalid", "Invalid local-first identity proof");
    return verdict("accepted");
  } catch {
    return verdict("invalid", "self-signed-invalid", "Invalid local-first identity proof");
  }
}
