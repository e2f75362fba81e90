import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url, isCanonicalBase64Url } from "../src/base64url";

const chars = fc.constantFrom(
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= \n.\u00e9\u0163\u0141\u012d\uff63".split(""),
);

describe("base64url", () => {
  it("decodes exactly the canonical strings, to the bytes they encode (seeded)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: chars, maxLength: 12 }),
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64url")),
        ),
        (text) => {
          const decoded = decodeBase64Url(text);
          expect(decoded !== null).toBe(isCanonicalBase64Url(text));
          if (decoded) {
            expect(Buffer.from(decoded).toString("base64url")).toBe(text);
            expect(encodeBase64Url(decoded)).toBe(text);
            expect(decoded.constructor).toBe(Uint8Array);
          }
        },
      ),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it("refuses padding, white space, the standard alphabet, stray bits and characters Node reads by their low byte", () => {
    // "\u0163" (ţ) is read by Node's decoder as "c", its low byte: "YWJ\u0163" would decode as "YWJj".
    for (const text of ["YQ==", "YQ", "Y Q", "+/8", "_-8", "YR", "YWJj", "YWJ\u0163", "YW\u00e9Jj", "YWJj\n"]) {
      expect(decodeBase64Url(text) !== null, text).toBe(text === "YQ" || text === "_-8" || text === "YWJj");
    }
  });
});
