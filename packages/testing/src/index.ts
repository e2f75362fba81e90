export {
  type ConformanceHarness,
  createConformanceHarness,
  describeTokenSourceConformance,
  type HarnessOptions,
  scriptedTokenSource,
  type TokenSourceFactory,
  tokenSourceConformance,
} from "./conformance";
export { createFakeClock, type FakeClock, type FakeClockOptions, type PendingTimer } from "./fake-clock";
export { createFakeEnvironment, type FakeEnvironment } from "./fake-environment";
export {
  createFakeJazzDb,
  defaultVerdict,
  type FakeJazzAuthState,
  type FakeJazzDb,
  type FakeJazzDbOptions,
  type FakeJazzSession,
  type Handshake,
  type HandshakeOutcome,
  sessionFromJwt,
} from "./fake-jazz-db";
export { freePort } from "./free-port";
export { mintUnsignedJwt, type UnsignedJwtClaims } from "./jwt";
export {
  type LocalFirstIdentity,
  localFirstIdentity,
  type MintLocalFirstProofOptions,
  mintLocalFirstProof,
} from "./local-first-proof";
export { outcomeOf } from "./outcome";
export {
  type PresetClaimDefaults,
  type PresetConformanceOptions,
  type PresetNegativeCase,
  presetConformance,
} from "./preset-conformance";
export { assertValidPreset, presetProblems } from "./preset-shape";
export {
  createScriptedProvider,
  type HeldCall,
  networkError,
  type ProviderCall,
  type ScriptedProvider,
  type ScriptedProviderOptions,
} from "./scripted-provider";
export {
  createTestIssuer,
  type JwksMode,
  type MintOptions,
  type RawSignOptions,
  type TestIssuer,
  type TestIssuerOptions,
  verifierFor,
} from "./test-issuer";
