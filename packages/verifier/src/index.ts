export { DEFAULT_ALGORITHMS, JAZZ_ALGORITHMS, type JwsAlgorithm } from "./algorithms";
export {
  type BridgeToken,
  createJazzTokenBridge,
  type JazzTokenBridge,
  type JazzTokenBridgeOptions,
  type SubjectDecision,
  type SubjectRefusalCode,
} from "./bridge";
export { createVerifier, type VerifiedToken, type Verifier } from "./create-verifier";
export { VerificationError, type VerificationErrorCode } from "./errors";
export { type JazzAuthMode, type JazzClientSession, jazzClientSession } from "./jazz-client-session";
export {
  checkJazzCompatibility,
  compareJazzVerifiers,
  type JazzCompatibility,
  type JazzCompatibilityOptions,
  type JazzDifference,
  type JazzReasonCode,
  type JazzTarget,
  type JazzVerifierComparison,
  type JazzWarning,
  type JazzWarningCode,
} from "./jazz-compatibility";
export { type JazzClaims, jazzSessionClaims } from "./jazz-session";
export type { JwksCacheOptions, JwksDocument } from "./jwks-source";
export { type LocalFirstProof, type LocalFirstProofOptions, verifyLocalFirstProof } from "./local-first-proof";
export type {
  IssuerEntry,
  IssuerOptions,
  MultiIssuerVerifierOptions,
  SignatureChecks,
  VerifierOptions,
} from "./options";
export { isRustWhiteSpace, rustTrim } from "./rust-trim";
export type { BridgeEvent, VerifierEvent } from "./telemetry";
export { INVISIBLE_CHARACTER_CLASS } from "./untrusted-text";
export { jazzUserIdForPublicKey, normalizeJazzAudience } from "./uuid";
export type { TokenCacheOptions } from "./verified-token-cache";
