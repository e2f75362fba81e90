import { rustTrim } from "@jazz-auth/verifier";

/**
 * The fake Jazz server's side of a handshake: what it answers a token with, in the words the real
 * server uses (garden-co/jazz at 6a363411a, crates/jazz-tools/src/middleware/auth.rs and
 * crates/jazz-tools/src/server/routes/websocket.rs).
 */

/** The server's own classification of a rejection (`UnauthenticatedCode`, crates/jazz-tools/src/transport_protocol.rs:210-215). */
export type JazzServerCode = "expired" | "missing" | "invalid" | "disabled";

/**
 * A verdict on one handshake: `"accepted"`, or the text of the `Unauthorized` error frame exactly as
 * the client receives it (websocket.rs:137-147, 260-266). The client classifies that text itself.
 */
export type JazzVerdict = (token: string | null, serverNow: number) => string;

/** The verdict meaning "connected". */
export const ACCEPTED = "accepted";

/**
 * The text of an `UnauthenticatedResponse` as the websocket route sends it: `serde_json::to_string`
 * of `{ error: "unauthenticated", code, message }` (websocket.rs:144, transport_protocol.rs:219-257).
 */
export function unauthenticatedMessage(code: JazzServerCode, message: string): string {
  return JSON.stringify({ error: "unauthenticated", code, message });
}

/** The server's code in a rejection text, when it is an {@link unauthenticatedMessage}. */
export function serverCodeOf(message: string): JazzServerCode | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    const code = (parsed as { code?: unknown } | null)?.code;
    return code === "expired" || code === "missing" || code === "invalid" || code === "disabled" ? code : undefined;
  } catch {
    return undefined;
  }
}

/** The names of {@link JAZZ_SERVER_MESSAGES}. */
export type JazzServerMessageName =
  | "sessionRequired"
  | "jwtDisabled"
  | "localFirstDisabled"
  | "expired"
  | "invalidSubject"
  | "emptyBearer"
  | "badHeader";

/** The real server's texts, each with its source line. */
export const JAZZ_SERVER_MESSAGES: Readonly<Record<JazzServerMessageName, string>> = {
  /** No credential at all: a plain string, not JSON (websocket.rs:146-147). */
  sessionRequired: "Session required. Provide JWT or backend secret.",
  /** auth.rs:1055-1060 (`JwtError::NoKeyConfigured`). */
  jwtDisabled: unauthenticatedMessage("disabled", "JWT auth is not enabled for this app"),
  /** auth.rs:1019-1024. */
  localFirstDisabled: unauthenticatedMessage("disabled", "Local-first auth is not enabled for this app"),
  /** auth.rs:1061-1063 and, for self-signed tokens, auth.rs:506-511. */
  expired: unauthenticatedMessage("expired", "JWT has expired"),
  /** auth.rs:894-898. */
  invalidSubject: unauthenticatedMessage("invalid", "Invalid JWT subject"),
  /** auth.rs:989-992. */
  emptyBearer: unauthenticatedMessage("invalid", "Empty bearer token"),
  /** auth.rs:728-729 (`decode_header` failed; jsonwebtoken prints `InvalidToken`). */
  badHeader: unauthenticatedMessage("invalid", "invalid JWT header: InvalidToken"),
};

/** What the fake server is configured with (crates/jazz-tools/src/server/builder.rs, middleware AuthConfig). */
export interface FakeJazzServerOptions {
  /** A JWKS URL or static key is configured (default true); without one every external token is `disabled`. */
  readonly externalAuth?: boolean;
  /** `allow_local_first_auth` (default true, as in development and in embedded servers). */
  readonly localFirstAuth?: boolean;
}

const SELF_SIGNED = new Set(["urn:jazz:local-first", "urn:jazz:anonymous"]);

/** Strict base64url without padding, as Rust's `URL_SAFE_NO_PAD` decodes it; `null` when not. */
function strictBase64Url(segment: string | undefined): string | null {
  if (segment === undefined || !/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return null;
  return Buffer.from(segment, "base64url").toString("utf8");
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** serde's name for a JSON value in an "invalid type" error. */
function serdeType(value: unknown): string {
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number")
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (value === null) return "null";
  return Array.isArray(value) ? "sequence" : "map";
}

const isU64 = (value: unknown) =>
  value === undefined || value === null || (Number.isInteger(value) && (value as number) >= 0);

/**
 * The payload errors `decode::<JwtClaims>` reports (auth.rs:177-192, 751-763): `sub` a required string,
 * `iss` an optional string, `exp`/`iat` optional u64. The column is where serde stops (the end of the
 * payload text for a missing field), so a missing `sub` reads "…missing field `sub`…".
 */
function claimsError(payload: Record<string, unknown>, text: string): string | null {
  const at = ` at line 1 column ${text.length}`;
  const fail = (detail: string) => `JWT signature verification failed: JSON error: ${detail}${at}`;
  if (!("sub" in payload)) return fail("missing field `sub`");
  if (typeof payload.sub !== "string") return fail(`invalid type: ${serdeType(payload.sub)}, expected a string`);
  if (payload.iss !== undefined && payload.iss !== null && typeof payload.iss !== "string") {
    return fail(`invalid type: ${serdeType(payload.iss)}, expected a string`);
  }
  for (const claim of ["exp", "iat"] as const) {
    if (!isU64(payload[claim])) return fail(`invalid type: ${serdeType(payload[claim])}, expected u64`);
  }
  return null;
}

/**
 * The real server's verdict on a token whose signature is valid (the fake never checks signatures):
 * - no token: "Session required…" (websocket.rs:146-147, a plain string the client maps to `invalid`);
 * - an empty or blank token: "Empty bearer token" (auth.rs:985-993);
 * - a self-signed token (`iss` exactly `urn:jazz:local-first` or `urn:jazz:anonymous`, auth.rs:922-942):
 *   local-first while disabled → `disabled` (auth.rs:1016-1024); `exp` not after the server's clock →
 *   `expired` (auth.rs:506-511); otherwise accepted (the proof's signature, `aud` and TTL are not checked);
 * - an external token without a configured key → `disabled` (auth.rs:1055-1060);
 * - not three segments or an unreadable header → `invalid` (auth.rs:728-729);
 * - payload type errors, including a missing `sub` (auth.rs:751-763): `invalid`, with serde's text;
 * - `exp` not after the server's clock, in whole seconds, no leeway → `expired` (auth.rs:772-782);
 * - a blank `sub` → "Invalid JWT subject" (auth.rs:894-898); otherwise accepted.
 *
 * @example
 * ```ts
 * const db = createFakeJazzDb({ token, clock, verdict: jazzServerVerdict({ externalAuth: false }) });
 * ```
 */
export function jazzServerVerdict(options: FakeJazzServerOptions = {}): JazzVerdict {
  const externalAuth = options.externalAuth ?? true;
  const localFirstAuth = options.localFirstAuth ?? true;
  return (token, serverNow) => {
    if (token === null) return JAZZ_SERVER_MESSAGES.sessionRequired;
    const trimmed = token.trim();
    if (!trimmed) return JAZZ_SERVER_MESSAGES.emptyBearer;
    const now = Math.floor(serverNow / 1000);
    const parts = trimmed.split(".");
    const payloadText = parts.length === 3 ? strictBase64Url(parts[1]) : null;
    const payload = parseObject(payloadText);
    const iss = payload?.iss;
    if (typeof iss === "string" && SELF_SIGNED.has(iss)) {
      if (iss === "urn:jazz:local-first" && !localFirstAuth) return JAZZ_SERVER_MESSAGES.localFirstDisabled;
      return typeof payload?.exp === "number" && payload.exp <= now ? JAZZ_SERVER_MESSAGES.expired : ACCEPTED;
    }
    if (!externalAuth) return JAZZ_SERVER_MESSAGES.jwtDisabled;
    const header = parts.length === 3 ? parseObject(strictBase64Url(parts[0])) : null;
    if (!header || typeof header.alg !== "string" || !payload || payloadText === null) {
      return JAZZ_SERVER_MESSAGES.badHeader;
    }
    const error = claimsError(payload, payloadText);
    if (error) return unauthenticatedMessage("invalid", error);
    if (typeof payload.exp === "number" && payload.exp <= now) return JAZZ_SERVER_MESSAGES.expired;
    if (!rustTrim(payload.sub as string)) return JAZZ_SERVER_MESSAGES.invalidSubject;
    return ACCEPTED;
  };
}

/** {@link jazzServerVerdict} with the defaults: external auth and local-first auth configured. */
export const defaultVerdict: JazzVerdict = jazzServerVerdict();
