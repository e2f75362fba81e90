export {
  type WorkOSClientLike,
  type WorkOSRefreshLike,
  type WorkOSSessionEvents,
  type WorkOSTokenSourceOptions,
  workosSessionEvents,
  workosTokenSource,
} from "./source";
