import type { ProviderPreset } from "@jazz-auth/core";
import { refuse } from "./errors";
import { rustTrim } from "./rust-trim";

/** The claim rules of a strict verifier. */
export interface ClaimRules {
  readonly issuers: readonly string[] | null;
  readonly audiences: readonly string[] | null;
  readonly authorizedParties: readonly string[] | null;
  readonly toleranceSeconds: number;
  readonly requireExp: boolean;
  readonly subject: ProviderPreset["subject"] | null;
}

/** A NumericDate claim: absent, or a non-negative safe integer (Jazz reads them as u64). */
function numericDate(payload: Readonly<Record<string, unknown>>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw refuse("ERR_CLAIM_INVALID", `\`${claim}\` must be a non-negative integer number of seconds.`);
  }
  return value;
}

/**
 * Applies the strict claim rules and returns the user id and `exp`. The user id is `sub` trimmed as
 * the Jazz server trims it (Rust's `str::trim`, garden-co/jazz auth.rs:895), never with
 * JavaScript's `trim()`, so it equals the server's `session.user_id`.
 * Order: types, then time, then issuer and audience, then subject format.
 */
export function checkClaims(
  payload: Readonly<Record<string, unknown>>,
  rules: ClaimRules,
  nowSeconds: number,
): { readonly userId: string; readonly exp: number | undefined } {
  const exp = numericDate(payload, "exp");
  const nbf = numericDate(payload, "nbf");
  const iat = numericDate(payload, "iat");
  if (exp === undefined && rules.requireExp) throw refuse("ERR_CLAIM_INVALID", "The token has no `exp`.");
  const tolerance = rules.toleranceSeconds;
  if (exp !== undefined && nowSeconds >= exp + tolerance) throw refuse("ERR_EXPIRED", "The token has expired.");
  if (nbf !== undefined && nbf > nowSeconds + tolerance)
    throw refuse("ERR_NOT_YET_VALID", "The token is not valid yet (`nbf`).");
  if (iat !== undefined && iat > nowSeconds + tolerance)
    throw refuse("ERR_ISSUED_IN_FUTURE", "The token was issued in the future (`iat`).");

  if (rules.issuers && !(typeof payload.iss === "string" && rules.issuers.includes(payload.iss))) {
    throw refuse("ERR_ISSUER_MISMATCH", `\`iss\` is not ${rules.issuers.map((issuer) => `"${issuer}"`).join(" or ")}.`);
  }
  if (rules.audiences) {
    const audiences = rules.audiences;
    const aud = payload.aud;
    const values =
      typeof aud === "string" ? [aud] : Array.isArray(aud) && aud.every((v) => typeof v === "string") ? aud : [];
    if (!values.some((value) => audiences.includes(value))) {
      throw refuse("ERR_AUDIENCE_MISMATCH", `\`aud\` does not contain ${audiences.map((a) => `"${a}"`).join(" or ")}.`);
    }
  }

  const parties = rules.authorizedParties;
  if (parties && !(typeof payload.azp === "string" && parties.includes(payload.azp))) {
    throw refuse(
      "ERR_AUTHORIZED_PARTY_MISMATCH",
      `\`azp\` is not one of the authorized parties (${parties.join(", ")}).`,
    );
  }

  const userId = typeof payload.sub === "string" ? rustTrim(payload.sub) : "";
  if (!userId) throw refuse("ERR_CLAIM_INVALID", "`sub` must be a non-empty string; Jazz uses it as the user id.");
  if (rules.subject && !rules.subject.pattern.test(userId)) {
    throw refuse("ERR_CLAIM_INVALID", `\`sub\` is not in the provider's format (${rules.subject.description}).`);
  }
  return { userId, exp };
}
