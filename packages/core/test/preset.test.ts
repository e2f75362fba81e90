import { definePreset, type ProviderPreset } from "@jazz-auth/core";
import { describe, expect, it } from "vitest";

const preset: ProviderPreset = {
  id: "example",
  displayName: "Example IdP",
  issuer: "https://idp.example/",
  audience: "my-api",
  jwksUrl: "https://idp.example/.well-known/jwks.json",
  algorithms: ["RS256"],
  subject: { description: "The user id", example: "user_123", pattern: /^user_\d+$/ },
  claims: { nestedRecipe: "Add a `claims` object to the token template." },
  jazzServer: { jwksUrl: "https://idp.example/.well-known/jwks.json", safe: true },
  docsUrl: "https://idp.example/docs",
};

describe("definePreset", () => {
  it("returns the preset deeply frozen, with its RegExp still usable", () => {
    const defined = definePreset(structuredClone({ ...preset, subject: { ...preset.subject, pattern: /x/ } }));
    expect(Object.isFrozen(defined)).toBe(true);
    expect(Object.isFrozen(defined.subject)).toBe(true);
    expect(Object.isFrozen(defined.jazzServer)).toBe(true);
    expect(Object.isFrozen(defined.algorithms)).toBe(true);
    expect(defined.subject.pattern.test("x")).toBe(true);
  });
});
