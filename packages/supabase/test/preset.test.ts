import { supabase } from "@jazz-auth/supabase/preset";
import { type PresetClaimDefaults, type PresetNegativeCase, presetConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";

// Sanitized shape of a Supabase Auth access token (asymmetric signing keys).
const mint = (defaults: PresetClaimDefaults) => ({
  ...defaults,
  email: "ada@example.com",
  phone: "",
  app_metadata: { provider: "email", providers: ["email"] },
  user_metadata: { email_verified: true },
  role: "authenticated",
  aal: "aal1",
  amr: [{ method: "password", timestamp: defaults.iat - 60 }],
  session_id: "3f0c2a4e-9d1b-4c7a-8e5f-6b2d1a9c0e47",
  is_anonymous: false,
  claims: { role: "editor" },
});

const negatives: readonly PresetNegativeCase[] = [
  {
    name: "another project's token",
    claims: (d) => ({ ...d, iss: "https://zyxwvutsrqponmlkjihg.supabase.co/auth/v1" }),
    expected: "ERR_ISSUER_MISMATCH",
  },
  {
    name: "a legacy anon key (role anon, no user)",
    claims: (d) => ({ ...d, aud: undefined, role: "anon", sub: undefined }),
    expected: "ERR_AUDIENCE_MISMATCH",
  },
];

presetConformance("supabase (ES256)", { preset: supabase({ projectRef: "abcdefghijklmnopqrst" }), mint, negatives });
presetConformance("supabase (RS256)", {
  preset: supabase({ url: "https://abcdefghijklmnopqrst.supabase.co", algorithm: "RS256" }),
  mint,
  negatives,
});

describe("supabase preset", () => {
  it("builds the project's issuer, JWKS and audience from its ref or its URL", () => {
    const expected = {
      issuer: "https://abcdefghijklmnopqrst.supabase.co/auth/v1",
      jwksUrl: "https://abcdefghijklmnopqrst.supabase.co/auth/v1/.well-known/jwks.json",
      audience: "authenticated",
      algorithms: ["ES256", "RS256"],
    };
    expect(supabase({ projectRef: "abcdefghijklmnopqrst" })).toMatchObject(expected);
    expect(supabase({ url: "https://abcdefghijklmnopqrst.supabase.co/" })).toMatchObject(expected);
    expect(supabase({ url: "http://127.0.0.1:54321" }).issuer).toBe("http://127.0.0.1:54321/auth/v1");
    expect(supabase({ url: "https://supabase.example.com:8443" }).issuer).toBe(
      "https://supabase.example.com:8443/auth/v1",
    );
    expect(supabase({ projectRef: "abcdefghijklmnopqrst" }).jazzServer.safe).toBe(true);
  });

  it.each([
    ["a legacy JWT secret", { projectRef: "abcdefghijklmnopqrst", legacyJwtSecret: "super-secret" }],
    ["algorithm HS256", { projectRef: "abcdefghijklmnopqrst", algorithm: "HS256" }],
  ])("refuses %s, pointing at the key migration and the bridge", (_label, options) => {
    const build = () => supabase(options as never);
    expect(build).toThrow(TypeError);
    expect(build).toThrow(/signing-keys/);
    expect(build).toThrow(/docs\/server\/bridge\.md/);
  });

  it.each([
    ["a short ref", { projectRef: "abc" }],
    ["a ref with a dot", { projectRef: "abcdefghijklmnopqr.s" }],
    ["a URL with a path", { url: "https://abcdefghijklmnopqrst.supabase.co/auth/v1" }],
    ["plain http off loopback", { url: "http://abcdefghijklmnopqrst.supabase.co" }],
    ["a host without a domain", { url: "https://x" }],
    ["an unknown algorithm", { projectRef: "abcdefghijklmnopqrst", algorithm: "PS512" }],
  ])("refuses %s with a TypeError", (_label, options) => {
    expect(() => supabase(options as never)).toThrow(TypeError);
  });
});
