/**
 * Type test: the multi-issuer options and the bridge's subject mapping say in types what they
 * refuse at run time — per-issuer options beside `issuers`, shared ones inside an entry, a refusal
 * code outside the closed set, a mapping that answers something else than an id, `null` or a refusal.
 */
import { firebase } from "@jazz-auth/firebase/preset";
import { createJazzTokenBridge, createVerifier, type SubjectDecision, type VerifiedToken } from "@jazz-auth/verifier";
import type { JWK } from "jose";

declare const signingKey: JWK;
declare const lookUp: (sub: string) => Promise<string | undefined>;
const preset = firebase({ projectId: "my-app" });

export const presets = createVerifier({ issuers: [preset, { preset, name: "again" }] });
export const mixed = createVerifier({
  issuers: [preset, { jwksUrl: "https://b.example/jwks", issuer: "https://b.example", audience: "b" }],
  tokenCache: false,
  onEvent: (event) => event.type,
});
// @ts-expect-error an audience is per issuer, inside `issuers`
export const sharedAudience = createVerifier({ issuers: [preset], audience: "x" });
// @ts-expect-error the token cache is shared by every issuer, beside `issuers`
export const perIssuerCache = createVerifier({ issuers: [{ preset, tokenCache: false }] });

/** The walk-through: an alias, `null` for the token's own id, or a typed refusal. */
export async function mapping(verified: VerifiedToken): Promise<SubjectDecision> {
  if (verified.issuerName === "old") return null;
  const alias = await lookUp(verified.userId);
  if (alias === "") return { refuse: "ERR_SUBJECT_CONFLICT", reason: "linked twice" };
  return alias ?? { refuse: "ERR_SUBJECT_NOT_MAPPED" };
}
export const bridge = createJazzTokenBridge({
  issuers: [preset],
  signingKey,
  issuer: "https://x.example",
  subject: mapping,
});
export const syncBridge = createJazzTokenBridge({
  issuers: [preset],
  signingKey,
  issuer: "https://x.example",
  subject: (verified) => verified.userId,
});
createJazzTokenBridge({
  issuers: [preset],
  signingKey,
  issuer: "https://x.example",
  // @ts-expect-error a refusal code outside the closed set
  subject: () => ({ refuse: "ERR_EXPIRED" }),
});
createJazzTokenBridge({
  issuers: [preset],
  signingKey,
  issuer: "https://x.example",
  // @ts-expect-error an id is a string
  subject: async () => 42,
});
