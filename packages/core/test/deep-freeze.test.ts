import { describe, expect, it } from "vitest";
import { deepFreeze } from "../src/deep-freeze";

describe("deepFreeze", () => {
  it("freezes every object and array in a JSON value, and returns the same value", () => {
    const value = JSON.parse('{"sub":"u","aud":["a","b"],"claims":{"roles":[{"name":"admin"}],"n":1}}');
    expect(deepFreeze(value)).toBe(value);
    for (const part of [value, value.aud, value.claims, value.claims.roles, value.claims.roles[0]])
      expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      value.claims.roles[0].name = "owner";
    }).toThrow(TypeError);
  });

  it("leaves a RegExp as it is, so a global pattern keeps working", () => {
    const preset = deepFreeze({ subject: { pattern: /^user_/g } });
    expect(Object.isFrozen(preset.subject)).toBe(true);
    expect(Object.isFrozen(preset.subject.pattern)).toBe(false);
    expect(preset.subject.pattern.test("user_1")).toBe(true);
  });

  it("gives primitives back untouched", () => {
    expect(deepFreeze(null)).toBe(null);
    expect(deepFreeze("text")).toBe("text");
    expect(deepFreeze(3)).toBe(3);
  });
});
