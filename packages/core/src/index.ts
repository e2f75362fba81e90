export { type BridgeTokenSourceOptions, bridgeTokenSource } from "./bridge-token-source";
export {
  type ConnectJazzOptions,
  connectJazz,
  type JazzAuthFailureReason,
  type JazzAuthStateLike,
  type JazzDbLike,
  type PrincipalChange,
} from "./connect-jazz";
export { type DecodedJwt, decodeJwt, type JwtPayload } from "./decode-jwt";
export { deepFreeze } from "./deep-freeze";
export { defaultEnvironment, setDefaultEnvironment } from "./default-environment";
export {
  type AuthEnvironment,
  type BrowserGlobals,
  browserEnvironment,
  type EventTargetLike,
  type LifecycleEvent,
} from "./environment";
export { isJazzAuthError, JazzAuthError, type JazzAuthErrorCode, type JazzAuthErrorOptions } from "./errors";
export { createJazzAuth, type JazzAuthSnapshot, type JazzAuthStore, jazzAuthFor } from "./jazz-auth";
export { definePreset, JAZZ_JWKS_ALGORITHMS, type JazzAlgorithm, type ProviderPreset } from "./preset";
export {
  type AppStateLike,
  type NetInfoLike,
  type NetInfoStateLike,
  type ReactNativeEnvironmentOptions,
  reactNativeEnvironment,
} from "./react-native-environment";
export type { AuthSnapshot, AuthStatus } from "./snapshot";
export type { TabSharingOptions } from "./tabs/tab-coordinator";
export {
  browserTabs,
  type TabChannel,
  type TabGlobals,
  type TabLocks,
  type TabPlatform,
} from "./tabs/tab-platform";
export { eventSink, type HandOffCause, type JazzHandOffEvent, type TokenSourceEvent } from "./telemetry";
export { type Clock, MAX_TIMER_DELAY_MS, systemClock, systemTimers, type Timers } from "./timing";
export {
  createTokenSource,
  type EngineOptions,
  type FetchToken,
  type FetchTokenOptions,
  type GetTokenOptions,
  type RetryOptions,
  type SnapshotListener,
  type TokenSource,
  type TokenSourceOptions,
  type WatchSession,
} from "./token-source";
export { watchDistinct } from "./watch-distinct";
