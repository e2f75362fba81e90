export { type WorkOSClientLike, type WorkOSTokenSourceOptions, workosTokenSource } from "./source";
