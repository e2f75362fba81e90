/**
 * The whole security suite on the node:crypto path, with node:crypto's `verify` counted: the
 * default on Node, Bun and Deno.
 */
import { describe, expect, it } from "vitest";
import { takeSignaturePath } from "./signature-paths";

const counts = takeSignaturePath("node:crypto");

await import("./security-suite");

describe("the signature path of this run", () => {
  it("checked the verifier's signatures with node:crypto", () => {
    expect(counts.nodeVerify).toBeGreaterThan(500);
    // The suite verifies one token at a time (and a few bursts): checks made on the thread.
    expect(counts.nodeVerify - counts.nodeVerifyOnPool).toBeGreaterThan(500);
  });
});
