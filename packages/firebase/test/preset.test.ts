import { firebase } from "@jazz-auth/firebase/preset";
import { presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

presetConformance("firebase", {
  preset: firebase({ projectId: "demo-jazz-auth" }),
  // Sanitized shape of a Firebase ID token with custom claims set as { claims: { role } }.
  mint: (defaults) => ({
    ...defaults,
    user_id: defaults.sub,
    auth_time: defaults.iat - 60,
    email: "ada@example.com",
    email_verified: true,
    firebase: { identities: { email: ["ada@example.com"] }, sign_in_provider: "password" },
    claims: { role: "editor" },
  }),
  negatives: [
    {
      name: "an ID token of another Firebase project (same Google keys)",
      claims: (d) => ({ ...d, iss: "https://securetoken.google.com/attacker-project", aud: "attacker-project" }),
      expected: "ERR_ISSUER_MISMATCH",
    },
    {
      name: "another project's audience with this issuer",
      claims: (d) => ({ ...d, aud: "attacker-project" }),
      expected: "ERR_AUDIENCE_MISMATCH",
    },
    {
      name: "a session cookie (another issuer)",
      claims: (d) => ({ ...d, iss: "https://session.firebase.google.com/demo-jazz-auth" }),
      expected: "ERR_ISSUER_MISMATCH",
    },
  ],
});

describe("firebase preset", () => {
  it("pins issuer and audience to the project, and says the Jazz server needs a bridge", () => {
    const preset = firebase({ projectId: "my-app-12345" });
    expect(preset).toMatchObject({ issuer: "https://securetoken.google.com/my-app-12345", audience: "my-app-12345" });
    expect(preset.jazzServer.safe).toBe(false);
    expect(preset.jazzServer.note).toMatch(/every Firebase project/);
  });

  it.each(["", "My App", "ab", "x".repeat(31)])("refuses projectId %j with a TypeError", (projectId) => {
    expect(() => firebase({ projectId })).toThrow(TypeError);
  });
});
