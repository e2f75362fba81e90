export { type MaybeDbAccessor, useConnectJazz } from "./use-connect-jazz";
export { useJazzAuth } from "./use-jazz-auth";
