import type { VerificationErrorCode } from "./errors";

/**
 * What a verifier did, for telemetry (`createVerifier({ onEvent })`). An event never carries a
 * token, a key or a claim value: `issuer` is the name of the configured issuer entry the token was
 * routed to (its `name`, else its configured `iss`), never a value read from a token that matched
 * nothing. Durations are on the verifier's clock, in ms.
 */
export type VerifierEvent =
  /** A token was refused; `issuer` is `null` when it matched no configured issuer or was refused before routing. */
  | { readonly type: "verification-refused"; readonly issuer: string | null; readonly code: VerificationErrorCode }
  /** A JWKS fetch answered a usable key set of `keyCount` keys; `changed` is false when they were the same keys. */
  | {
      readonly type: "jwks-fetched";
      readonly issuer: string | null;
      readonly durationMs: number;
      readonly keyCount: number;
      readonly changed: boolean;
    }
  /** A JWKS fetch failed (`ERR_JWKS_UNAVAILABLE`: unreachable, not 200, too large, not a usable set). */
  | {
      readonly type: "jwks-failed";
      readonly issuer: string | null;
      readonly durationMs: number;
      readonly code: VerificationErrorCode;
    };

/** What a token bridge did (`createJazzTokenBridge({ onEvent })`); never a token, a key, a `sub` or a claim. */
export type BridgeEvent =
  /** A provider token was verified and a Jazz token minted; `mapped` is true when the `subject` mapping chose the id. */
  | {
      readonly type: "bridge-exchanged";
      readonly issuer: string | null;
      readonly durationMs: number;
      readonly mapped: boolean;
    }
  /** An exchange was refused with a typed code (the verifier's, or the subject mapping's). */
  | {
      readonly type: "bridge-refused";
      readonly issuer: string | null;
      readonly durationMs: number;
      readonly code: VerificationErrorCode;
    };
