export { createFakeClock, type FakeClock, type FakeClockOptions, type PendingTimer } from "./fake-clock";
export { createFakeEnvironment, type FakeEnvironment, type FakeEnvironmentOptions } from "./fake-environment";
export {
  authStateEquals,
  createFakeAuthStateStore,
  type FakeAuthStateStore,
  type JazzAuthFailureReason,
  mapAuthReason,
  PRINCIPAL_CHANGE_MESSAGE,
  parseClientJwtPayload,
} from "./fake-jazz-auth-state";
export {
  createFakeJazzConnection,
  type FakeJazzConnection,
  type FakeJazzConnectionOptions,
  type FakeJazzRoute,
  type FakeJazzTab,
  type HandshakeTrigger,
  type TransportPhase,
  workerAuthReason,
} from "./fake-jazz-connection";
export {
  createFakeJazzDb,
  defaultVerdict,
  type FakeJazzAuthState,
  type FakeJazzDb,
  type FakeJazzDbOptions,
  type FakeJazzSession,
  type FakeLocalFirstSecret,
  type Handshake,
  type HandshakeOutcome,
  sessionFromJwt,
} from "./fake-jazz-db";
export {
  ACCEPTED,
  type FakeJazzServerOptions,
  JAZZ_SERVER_MESSAGES,
  type JazzServerCode,
  type JazzServerMessageName,
  type JazzVerdict,
  jazzServerVerdict,
  serverCodeOf,
  unauthenticatedMessage,
} from "./fake-jazz-server";
export {
  createFakeAppState,
  createFakeNetInfo,
  type FakeAppState,
  type FakeNetInfo,
} from "./fake-react-native";
export { createFakeTabHub, type FakeTab, type FakeTabHub } from "./fake-tabs";
export {
  createSimRandom,
  DEFAULT_KNOBS,
  formatViolation,
  INVARIANTS,
  type InvariantId,
  mulberry32,
  runFaultSimulation,
  type SimEventKind,
  type SimRandom,
  type SimulationKnobOverrides,
  type SimulationKnobs,
  type SimulationOptions,
  type SimulationResult,
  type SimulationStats,
  sessionSeed,
  type Violation,
} from "./fault-simulation";
export { freePort } from "./free-port";
export {
  type ConformanceHarness,
  createConformanceHarness,
  type HarnessOptions,
  scriptedTokenSource,
  type TokenSourceFactory,
} from "./harness";
export { mintUnsignedJwt, type UnsignedJwtClaims } from "./jwt";
export {
  type LocalFirstIdentity,
  localFirstIdentity,
  type MintLocalFirstProofOptions,
  mintLocalFirstProof,
} from "./local-first-proof";
export { outcomeOf } from "./outcome";
export type { PresetClaimDefaults, PresetConformanceOptions, PresetNegativeCase } from "./preset-conformance";
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
  createTabHarness,
  type HarnessTab,
  type OpenTabOptions,
  type TabHarness,
  type TabHarnessOptions,
} from "./tab-harness";
export {
  createTestIssuer,
  type JwksMode,
  type MintOptions,
  type RawSignOptions,
  type TestIssuer,
  type TestIssuerOptions,
  verifierFor,
} from "./test-issuer";
