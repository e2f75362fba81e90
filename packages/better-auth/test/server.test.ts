import { jazzJwt, jazzLocalFirstSignUp } from "@jazz-auth/better-auth/server";
import { describe, expect, it } from "vitest";

const user = { id: "u1", email: "ada@example.com", name: "Ada", role: "admin" };

describe("jazzJwt", () => {
  it("signs ES256 with an explicit issuer and nests only the chosen claims", async () => {
    const config = jazzJwt({ issuer: "https://app.example.com", claims: ({ user }) => ({ role: user.role }) });
    expect(config.jwks?.keyPairConfig).toEqual({ alg: "ES256" });
    expect(config.jwt).toMatchObject({
      issuer: "https://app.example.com",
      audience: "https://app.example.com",
      expirationTime: "15m",
    });
    const payload = await config.jwt?.definePayload?.({ user, session: {} } as never);
    expect(payload).toEqual({ claims: { role: "admin" } });
    expect(config.jwt?.getSubject).toBeUndefined();
  });

  it("puts no personal data in the token by default, and takes a subject, lifetime and algorithm", async () => {
    const config = jazzJwt({
      issuer: "https://a.example",
      subject: ({ user }) => `x-${user.id}`,
      expirationTime: "5m",
      alg: "EdDSA",
    });
    expect(await config.jwt?.definePayload?.({ user, session: {} } as never)).toEqual({ claims: {} });
    expect(await config.jwt?.getSubject?.({ user, session: {} } as never)).toBe("x-u1");
    expect(config.jwks?.keyPairConfig).toEqual({ alg: "EdDSA", crv: "Ed25519" });
    expect(config.jwt?.expirationTime).toBe("5m");
  });

  it("needs an issuer", () => {
    expect(() => jazzJwt({} as never)).toThrow(TypeError);
  });
});

describe("jazzLocalFirstSignUp", () => {
  it("needs the proof audience, and hooks only the e-mail sign-up", () => {
    expect(() => jazzLocalFirstSignUp({} as never)).toThrow(/audience/);
    const plugin = jazzLocalFirstSignUp({ audience: "betterauth-signup" });
    const [hook] = plugin.hooks?.before ?? [];
    expect(hook?.matcher({ path: "/sign-up/email" } as never)).toBe(true);
    expect(hook?.matcher({ path: "/sign-in/email" } as never)).toBe(false);
  });
});
