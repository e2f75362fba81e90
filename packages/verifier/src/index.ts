export { DEFAULT_ALGORITHMS, JAZZ_ALGORITHMS, type JwsAlgorithm } from "./algorithms";
export { createVerifier, type VerifiedToken, type Verifier } from "./create-verifier";
export { VerificationError, type VerificationErrorCode } from "./errors";
export { checkJazzCompatibility, type JazzCompatibility, type JazzCompatibilityOptions } from "./jazz-compatibility";
export { type JazzClaims, jazzSessionClaims } from "./jazz-session";
export type { JwksCacheOptions, JwksDocument } from "./jwks-source";
export { type LocalFirstProof, type LocalFirstProofOptions, verifyLocalFirstProof } from "./local-first-proof";
export type { VerifierOptions } from "./options";
export { jazzUserIdForPublicKey, normalizeJazzAudience } from "./uuid";
