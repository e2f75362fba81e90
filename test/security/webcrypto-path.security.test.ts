/**
 * The whole security suite on the WebCrypto path: `node:crypto` is absent, as on an edge runtime,
 * so every verifier checks signatures with `crypto.subtle` and every bridge signs with WebCrypto —
 * same codes, same refusals.
 */
import { describe, expect, it } from "vitest";
import { takeSignaturePath } from "./signature-paths";

const counts = takeSignaturePath("webcrypto");

await import("./security-suite");

describe("the signature path of this run", () => {
  it("checked every signature with WebCrypto and none with node:crypto", () => {
    expect(counts.subtleVerify).toBeGreaterThan(500);
    expect(counts.nodeVerify).toBe(0);
  });
});
