export { useConnectJazz } from "./use-connect-jazz";
export { type JazzAuthRef, useJazzAuth } from "./use-jazz-auth";
