import type { ProviderPreset } from "@jazz-auth/core";
import { assertValidPreset, presetProblems } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

const sound: ProviderPreset = {
  id: "example",
  displayName: "Example IdP",
  issuer: "http://127.0.0.1:3000",
  audience: null,
  audienceNote: "Tokens are only minted for this app.",
  jwksUrl: "http://127.0.0.1:3000/api/auth/jwks",
  algorithms: ["ES256"],
  subject: { description: "User id", example: "abc", pattern: /^\w+$/ },
  claims: { nestedRecipe: "definePayload: ({ user }) => ({ claims: { role: user.role } })" },
  jazzServer: { jwksUrl: "http://127.0.0.1:3000/api/auth/jwks", safe: true },
  docsUrl: "https://example.com/docs",
};

describe("presetProblems", () => {
  it("finds nothing wrong with a sound preset", () => {
    expect(presetProblems(sound)).toEqual([]);
    expect(() => assertValidPreset(sound)).not.toThrow();
  });

  it.each<[string, Partial<ProviderPreset>, RegExp]>([
    ["an empty issuer", { issuer: [""] }, /issuer/],
    ["an open audience without a note", { audienceNote: undefined as never }, /audienceNote/],
    ["plain http off loopback", { jwksUrl: "http://idp.example/jwks" }, /jwksUrl/],
    ["a lookalike loopback host", { jwksUrl: "http://127.0.0.1.evil.example/jwks" }, /jwksUrl/],
    ["HMAC in the allow-list", { algorithms: ["HS256" as never] }, /HMAC/],
    ["an example its pattern rejects", { subject: { ...sound.subject, example: "a b" } }, /subject/],
    ["an unsafe server without a note", { jazzServer: { jwksUrl: sound.jwksUrl, safe: false } }, /note/],
    [
      "flags that name another JWKS",
      { jazzServer: { jwksUrl: sound.jwksUrl, safe: true, flags: ["--jwks-url", "http://127.0.0.1:9/x"] } },
      /flags/,
    ],
  ])("reports %s", (_label, change, message) => {
    const preset = { ...sound, ...change };
    expect(presetProblems(preset).join("\n")).toMatch(message);
    expect(() => assertValidPreset(preset)).toThrow(TypeError);
  });
});
