import { type JazzClaims, jazzSessionClaims } from "./jazz-session";

/** How a Jazz session was authenticated (garden-co/jazz packages/jazz-tools/src/runtime/context.ts:42). */
export type JazzAuthMode = "external" | "local-first" | "anonymous";

/** The session a Jazz client derives from a JWT before any server answers (`Session` in runtime/context.ts:47-54). */
export interface JazzClientSession {
  readonly user_id: string;
  readonly claims: JazzClaims;
  readonly authMode: JazzAuthMode;
}

/** The self-signed issuers the client recognises (runtime/client-session.ts:16-17). */
const JAZZ_LOCAL_FIRST_ISSUER = "urn:jazz:local-first";
const JAZZ_ANONYMOUS_ISSUER = "urn:jazz:anonymous";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A string trimmed with JavaScript's `trim()`, or `undefined` when not a string or empty after trimming. */
function nonEmptyTrimmed(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The session the Jazz TypeScript client derives from a JWT payload, following
 * garden-co/jazz packages/jazz-tools/src/runtime/client-session.ts `sessionFromJwtPayload`
 * (lines 101-126): no session unless `sub` is a non-empty string after `trim()`; `claims` is a copy of
 * the nested `claims` object with `subject` written over it (the part shared with the server, done by
 * {@link jazzSessionClaims}), and `issuer` only when the trimmed `iss` is non-empty; `authMode` is
 * `local-first` / `anonymous` for the two self-signed issuers, `external` otherwise.
 *
 * Where the client differs from the Rust server that {@link jazzSessionClaims} models
 * (crates/jazz-tools/src/middleware/auth.rs `resolve_verified_jwt_session`, 888-922):
 * - trimming: the client uses JavaScript's `trim()` for `sub` and `iss`, the server Rust's `str::trim`
 *   (they disagree on U+0085 and U+FEFF), so `user_id` can differ from the server's for such `sub`s;
 * - no nested object (absent, `null`, an array, a scalar) and no `iss`: the server writes
 *   `issuer: null`, the client leaves `issuer` out;
 * - the client never rejects: it has no session where the server answers "invalid", and it reads the
 *   claims of tokens the server would refuse (bad signature, wrong types of `exp`/`iss`);
 * - `authMode`: the server gives external tokens `External` and self-signed tokens their mode after
 *   verifying them, with `claims: {}` (auth.rs:1016-1040); the client copies the nested claims of a
 *   self-signed token too.
 *
 * @example
 * ```ts
 * jazzClientSession({ sub: " user-1 ", iss: "https://idp.example", claims: { role: "admin" } });
 * // { user_id: "user-1", claims: { role: "admin", subject: "user-1", issuer: "https://idp.example" }, authMode: "external" }
 * ```
 */
export function jazzClientSession(payload: Readonly<Record<string, unknown>>): JazzClientSession | null {
  const userId = nonEmptyTrimmed(payload.sub);
  if (!userId) return null;
  const issuer = nonEmptyTrimmed(payload.iss);
  const claims: Record<string, unknown> = { ...jazzSessionClaims(payload, userId) };
  const nested = isRecord(payload.claims) ? payload.claims : undefined;
  if (issuer) claims.issuer = issuer;
  else if (nested && Object.hasOwn(nested, "issuer")) claims.issuer = nested.issuer;
  else delete claims.issuer;
  const authMode: JazzAuthMode =
    issuer === JAZZ_LOCAL_FIRST_ISSUER ? "local-first" : issuer === JAZZ_ANONYMOUS_ISSUER ? "anonymous" : "external";
  return { user_id: userId, claims, authMode };
}
