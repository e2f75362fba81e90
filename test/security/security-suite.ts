/**
 * The security suite, for a runner that first picks a signature path (signature-paths.ts): every
 * case of the verifier and hardening catalogs, the JWKS cache, the fuzz of the verifier and of the
 * bridge, and the `VerifiedToken` conformance of two presets (an RS256 and an EdDSA provider).
 */
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { firebase } from "@jazz-auth/firebase/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import "./verifier.security.test";
import "./hardening.security.test";
import "./jwks.security.test";
import "./fuzz.test";
import "./fuzz-bridge.test";

presetConformance("firebase (RS256)", { preset: firebase({ projectId: "demo-jazz-auth" }) });
presetConformance("better-auth (EdDSA)", {
  preset: betterAuth({ baseURL: "http://127.0.0.1:3000" }),
  mint: (defaults) => ({ ...defaults, claims: { role: "admin" } }),
});
