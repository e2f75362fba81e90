export { useConnectJazz } from "./use-connect-jazz";
export { type JazzAuth, useJazzAuth } from "./use-jazz-auth";
export { useSessionSignal } from "./use-session-signal";
export { useTokenSource } from "./use-token-source";
