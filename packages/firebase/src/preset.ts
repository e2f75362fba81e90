import { definePreset, type ProviderPreset } from "@jazz-auth/core";

/** Options of {@link firebase}. */
export interface FirebasePresetOptions {
  /** The Firebase project id, such as `my-app-12345`. */
  readonly projectId: string;
}

const JWKS = "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";

/**
 * Firebase Auth ID tokens: RS256, `iss` `https://securetoken.google.com/<projectId>`, `aud` the
 * project id, `sub` the uid. The key set is **shared by every Firebase project**, so a verifier must
 * pin `iss` and `aud` (this preset does), and the Jazz server, which checks neither, must not trust
 * Google's keys directly. Docs: https://firebase.google.com/docs/auth/admin/verify-id-tokens
 *
 * @throws {TypeError} when `projectId` is not a Firebase project id.
 */
export function firebase(options: FirebasePresetOptions): ProviderPreset {
  const { projectId } = options ?? {};
  if (typeof projectId !== "string" || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
    throw new TypeError(
      `[jazz-auth] firebase: projectId must be a Firebase project id, got ${JSON.stringify(projectId)}.`,
    );
  }
  return definePreset({
    id: "firebase",
    displayName: "Firebase Auth",
    issuer: `https://securetoken.google.com/${projectId}`,
    audience: projectId,
    jwksUrl: JWKS,
    algorithms: ["RS256"],
    subject: {
      description: "the Firebase uid (28 letters and digits by default, at most 128 characters)",
      example: "kX3pQ9wZr7TnYbVf2LmA8sJd1Hc4",
      pattern: /^[^\s/]{1,128}$/,
    },
    claims: {
      nestedRecipe:
        "With the Admin SDK: getAuth().setCustomUserClaims(uid, { claims: { role: 'editor' } }); then the client calls getIdToken(true) (the engine's forced refresh) to see them.",
    },
    jazzServer: {
      jwksUrl: JWKS,
      flags: ["--jwks-url", JWKS],
      safe: false,
      note: "Google's key set signs ID tokens for every Firebase project, and the Jazz server checks neither iss nor aud: pointed at it directly, Jazz accepts users of any project (with any uid their owner chooses). Put the Jazz server behind the token bridge, which verifies with this preset and re-mints.",
    },
    docsUrl: "https://firebase.google.com/docs/auth/admin/verify-id-tokens",
  });
}
