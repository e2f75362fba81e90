import type { JazzAuthMode } from "../jazz-client-session";
import type { JazzClaims } from "../jazz-session";

export type { JazzAuthMode };

/** Which Jazz verifier to predict: the Rust sync server, or the TypeScript backend (`createJazzContext().forRequest`). */
export type JazzTarget = "server" | "backend";

/** Options of {@link checkJazzCompatibility}: the key set Jazz is configured with, and the Jazz app. */
export interface JazzCompatibilityOptions {
  /** The key set, as the `jwksUrl` would serve it (any JSON value: odd sets are part of what is predicted). */
  readonly jwks?: unknown;
  /** The JWKS URL itself; fetched once, redirects followed as the chosen verifier follows them. */
  readonly jwksUrl?: string;
  /** Jazz's time (default now). */
  readonly now?: Date;
  readonly fetch?: typeof fetch;
  /** Which verifier (default `"server"`). */
  readonly target?: JazzTarget;
  /** The Jazz app id: needed to check a self-signed (local-first or anonymous) token. */
  readonly appId?: string;
  /** Whether local-first auth is on (default `true`: the TS backend's default, and the Rust CLI's outside production). */
  readonly allowLocalFirstAuth?: boolean;
}

/** Why a token is not accepted; stable, see docs/errors.md. */
export type JazzReasonCode =
  | "empty-token"
  | "jwks-unavailable"
  | "header-invalid"
  | "alg-unsupported"
  | "no-matching-key"
  | "signature-invalid"
  | "payload-invalid"
  | "subject-invalid"
  | "expired"
  | "local-first-disabled"
  | "self-signed-invalid"
  | "app-id-required";

/** What may surprise you about a verdict; stable, see docs/errors.md. */
export type JazzWarningCode =
  | "hmac-token"
  | "oct-keys-published"
  | "no-exp"
  | "top-level-claims-dropped"
  | "iss-aud-unchecked"
  | "time-claims-ignored"
  | "reserved-claims-overwritten"
  | "kid-less-keys"
  | "key-skipped"
  | "sub-trimmed"
  | "trim-differs"
  | "header-ignored"
  | "kid-not-matched"
  | "self-signed-iss-spelling"
  | "anonymous-as-external"
  | "undetermined";

/** One warning: a stable code and a sentence. */
export interface JazzWarning {
  readonly code: JazzWarningCode;
  readonly message: string;
}

/** What one Jazz verifier will do with a token. */
export interface JazzCompatibility {
  readonly target: JazzTarget;
  readonly outcome: "accepted" | "expired" | "invalid";
  /** Why it is not accepted, as a stable code. */
  readonly reasonCode?: JazzReasonCode;
  /** Why it is not accepted, in the verifier's own words where it has them. */
  readonly reason?: string;
  /** The session Jazz builds (for `accepted`, and for `expired` when `sub` is usable). */
  readonly session?: { readonly userId: string; readonly claims: JazzClaims };
  /** The session's `authMode`, with `session`. */
  readonly authMode?: JazzAuthMode;
  /** What will surprise you even when the token is accepted, and what this prediction could not settle. */
  readonly warnings: readonly JazzWarning[];
}

/** One way the two verifiers' verdicts differ. */
export interface JazzDifference {
  readonly aspect: "outcome" | "userId" | "claims" | "authMode";
  readonly server: unknown;
  readonly backend: unknown;
}

/** Both verdicts and where they disagree; see {@link compareJazzVerifiers}. */
export interface JazzVerifierComparison {
  readonly server: JazzCompatibility;
  readonly backend: JazzCompatibility;
  /** True when outcome, user id, claims and auth mode are the same. */
  readonly agree: boolean;
  readonly differences: readonly JazzDifference[];
}
