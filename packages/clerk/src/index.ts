export {
  type ClerkEmission,
  type ClerkGetTokenOptions,
  type ClerkLike,
  type ClerkTokenSourceOptions,
  clerkTokenSource,
} from "./source";
