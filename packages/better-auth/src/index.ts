export { type BetterAuthClientLike, type BetterAuthTokenResult, betterAuthTokenSource } from "./source";
