/**
 * `@jazz-auth/verifier` as shipped: the built package (`pnpm bench` builds first), not the
 * TypeScript sources, which the bench's TypeScript loader would transform differently.
 */
export const verifierPackage = (await import(
  new URL("../packages/verifier/dist/index.js", import.meta.url).href
)) as typeof import("@jazz-auth/verifier");
