import { REGISTERED_CLAIMS } from "../jazz-session";
import type { JazzTarget } from "./types";
import type { Warnings } from "./warn";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The warnings about a payload Jazz accepted: dropped top-level claims (neither verifier copies
 * them: auth.rs:906-918, client-session.ts:107-110), no `exp`, unchecked `iss`/`aud`/`nbf`/`iat`
 * (auth.rs:688-695 clears every jsonwebtoken check; request-auth.ts checks only `exp`, 297-309) and
 * nested `subject`/`issuer` that Jazz overwrites.
 */
export function collectClaimWarnings(payload: Record<string, unknown>, warnings: Warnings, target: JazzTarget): void {
  const custom = Object.keys(payload).filter((claim) => !REGISTERED_CLAIMS.has(claim));
  if (custom.length > 0)
    warnings.add(
      "top-level-claims-dropped",
      `Jazz drops top-level claims (${custom.join(", ")}); policies only see what is nested under \`claims\`.`,
    );
  if (payload.exp === undefined || payload.exp === null)
    warnings.add("no-exp", "The token has no `exp`: Jazz accepts it forever.");
  if (payload.iss !== undefined || payload.aud !== undefined)
    warnings.add(
      "iss-aud-unchecked",
      "Jazz checks neither `iss` nor `aud`: any token signed by a key in this set is accepted for this app.",
    );
  if (payload.nbf !== undefined || (target === "backend" && payload.iat !== undefined))
    warnings.add(
      "time-claims-ignored",
      target === "server"
        ? "The server ignores `nbf` (it only type-checks `iat`)."
        : "The TS backend ignores `nbf` and `iat` (it only checks `exp`).",
    );
  const nested = isRecord(payload.claims) ? payload.claims : {};
  if ("subject" in nested || "issuer" in nested)
    warnings.add(
      "reserved-claims-overwritten",
      "`claims.subject` and `claims.issuer` are overwritten by Jazz with `sub` and `iss`.",
    );
}

/** The warnings about the key set and the algorithm: HMAC tokens and published `oct` keys. */
export function collectKeyWarnings(alg: string, keys: readonly { readonly kty?: unknown }[], warnings: Warnings): void {
  if (keys.some((key) => key.kty === "oct"))
    warnings.add(
      "oct-keys-published",
      "The key set holds symmetric (oct) keys: Jazz accepts HMAC tokens from anyone who knows them.",
    );
  if (/^HS\d+$/.test(alg))
    warnings.add(
      "hmac-token",
      `The token is ${alg}: an HMAC secret signs it, so anyone with the secret can mint tokens for any user.`,
    );
}
