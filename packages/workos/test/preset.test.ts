import { presetConformance } from "@jazz-auth/testing/conformance";
import { workos } from "@jazz-auth/workos/preset";
import { describe, expect, it } from "vitest";

const clientId = "client_01HZX3K9V7Q2M8N4P6R5S1T0AB";

presetConformance("workos", {
  preset: workos({ clientId }),
  // Sanitized shape of an AuthKit session token with a JWT template that nests claims.
  mint: (defaults) => ({
    ...defaults,
    aud: undefined,
    sid: "session_01HZX3M2Q4R6S8T0V2W4X6Y8Z0",
    jti: "01HZX3M9ABCDEF0123456789XY",
    org_id: "org_01HZX3N4P6Q8R0S2T4V6W8X0Y2",
    role: "member",
    claims: { role: "member" },
  }),
});

describe("workos preset", () => {
  it("accepts every issuer form WorkOS uses by default, or the one you give", () => {
    expect(workos({ clientId }).issuer).toEqual([
      "https://api.workos.com",
      "https://api.workos.com/",
      `https://api.workos.com/user_management/${clientId}`,
    ]);
    expect(workos({ clientId, issuer: "https://auth.example.com" }).issuer).toBe("https://auth.example.com");
    expect(workos({ clientId }).jwksUrl).toBe(`https://api.workos.com/sso/jwks/${clientId}`);
  });

  it.each(["", "client_short", "sk_test_123"])("refuses clientId %j with a TypeError", (bad) => {
    expect(() => workos({ clientId: bad })).toThrow(TypeError);
  });
});
