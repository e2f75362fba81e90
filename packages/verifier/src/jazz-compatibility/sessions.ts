import type { JazzClaims } from "../jazz-session";
import { rustTrim } from "../rust-trim";
import type { JazzAuthMode } from "./types";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The server's session (crates/jazz-tools/src/middleware/auth.rs:892-925): `sub` and `iss` trimmed
 * with Rust's `str::trim`; a nested object gets `subject` and (when non-empty) `issuer` written
 * over it; anything else becomes `{ subject, issuer }` with `issuer: null` when there is none.
 */
export function serverSession(
  sub: string,
  iss: string | undefined,
  claims: unknown,
): { userId: string; claims: JazzClaims } {
  const userId = rustTrim(sub);
  const issuer = iss === undefined ? "" : rustTrim(iss);
  if (isRecord(claims)) {
    const out: Record<string, unknown> = { ...claims, subject: userId };
    if (issuer) out.issuer = issuer;
    return { userId, claims: out };
  }
  return { userId, claims: { subject: userId, issuer: issuer || null } };
}

/**
 * The TS backend's session (packages/jazz-tools/src/runtime/client-session.ts:101-126): `sub` must
 * be a string non-empty after JavaScript's `trim()`; `claims` is a shallow copy of a nested object
 * (or `{}`) plus `subject` and, when `iss` is a non-empty string after trimming, `issuer`.
 * `authMode` comes from the trimmed `iss`. Returns `null` where Jazz returns no session.
 */
export function backendSession(
  payload: Record<string, unknown>,
): { userId: string; claims: JazzClaims; authMode: JazzAuthMode } | null {
  const userId = typeof payload.sub === "string" ? payload.sub.trim() : "";
  if (!userId) return null;
  const issuer = typeof payload.iss === "string" ? payload.iss.trim() : "";
  const claims: Record<string, unknown> = isRecord(payload.claims) ? { ...payload.claims } : {};
  claims.subject = userId;
  if (issuer) claims.issuer = issuer;
  const authMode: JazzAuthMode =
    issuer === "urn:jazz:local-first" ? "local-first" : issuer === "urn:jazz:anonymous" ? "anonymous" : "external";
  return { userId, claims, authMode };
}
