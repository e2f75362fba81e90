/**
 * The whole security suite on node:crypto's thread-pool path: every verifier built with
 * `signatureChecks: "pool"`, so each signature check is node:crypto's callback form, the form a
 * busy thread's checks take when the pool is measured faster (check-placement.ts).
 */
import { describe, expect, it } from "vitest";
import { takeSignaturePath } from "./signature-paths";
import { takeSignatureChecks } from "./verifier-under-test";

const counts = takeSignaturePath("node:crypto");
takeSignatureChecks("pool");

await import("./security-suite");

describe("the signature path of this run", () => {
  it("checked the verifier's signatures with node:crypto on the thread pool", () => {
    // Every verifier the suite builds checks on the pool; what checks on the thread is built
    // elsewhere (a bridge's own verifier for several issuers, the test kit's verifiers).
    expect(counts.nodeVerifyOnPool).toBeGreaterThan(500);
  });
});
