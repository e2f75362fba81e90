import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasDuplicateMembers, memberNamesIn, membersOf, parseJsonObject } from "../src/json-object";

const bytes = (text: string) => new TextEncoder().encode(text);
const names = fc.constantFrom("a", "b", "sub", "__proto__", 'q"uote', "back\\slash", "é", ":");
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string({ maxLength: 4 }), tie("object"), tie("array")),
  array: fc.array(tie("value"), { maxLength: 3 }),
  object: fc.array(fc.tuple(names, tie("value")), { maxLength: 4 }),
})).value;

/** JSON text of a value where objects are lists of members, so a name may repeat. */
function render(value: unknown, spaced: boolean): string {
  const sep = spaced ? " : " : ":";
  if (Array.isArray(value) && value.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === "string"))
    return `{${value.map(([name, v]) => `${JSON.stringify(name)}${sep}${render(v, spaced)}`).join(",")}}`;
  if (Array.isArray(value)) return `[${value.map((v) => render(v, spaced)).join(",")}]`;
  return JSON.stringify(value);
}

describe("duplicate members", () => {
  it("counting names against the parsed members finds exactly the texts the scanner finds (seeded)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(names, json), { maxLength: 5 }), fc.boolean(), (members, spaced) => {
        const text = render(members, spaced);
        const value = JSON.parse(text);
        expect(memberNamesIn(text) !== membersOf(value)).toBe(hasDuplicateMembers(text));
        expect(parseJsonObject(bytes(text)) === null).toBe(hasDuplicateMembers(text));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it("refuses repeats at any depth, also spelled with escapes, and accepts names that only look alike", () => {
    expect(parseJsonObject(bytes('{"sub":"a","sub":"b"}'))).toBeNull();
    expect(parseJsonObject(bytes('{"x":{"sub":1,"s\\u0075b":2}}'))).toBeNull();
    expect(parseJsonObject(bytes('{"x":[{"a":1},{"a":2}],"a":"\\":"}'))).toEqual({ x: [{ a: 1 }, { a: 2 }], a: '":' });
  });
});
