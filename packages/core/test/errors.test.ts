import { isJazzAuthError, JazzAuthError, type JazzAuthErrorCode } from "@jazz-auth/core";
import { describe, expect, it } from "vitest";

describe("JazzAuthError", () => {
  it.each<[JazzAuthErrorCode, boolean]>([
    ["ERR_FETCH_FAILED", true],
    ["ERR_TIMEOUT", true],
    ["ERR_TOKEN_EXPIRED", true],
    ["ERR_JAZZ_REJECTED", true],
    ["ERR_MALFORMED_TOKEN", false],
    ["ERR_INTERACTION_REQUIRED", false],
    ["ERR_PROVIDER_CONFIG", false],
    ["ERR_ABORTED", false],
    ["ERR_DISPOSED", false],
  ])("%s is retryable: %s by default", (code, retryable) => {
    expect(new JazzAuthError(code, "x").retryable).toBe(retryable);
  });

  it("names the library, the provider and the code, and keeps the cause", () => {
    const cause = new Error("boom");
    const error = new JazzAuthError("ERR_FETCH_FAILED", "Could not reach the provider.", {
      provider: "clerk",
      cause,
      retryable: false,
    });
    expect(error.message).toBe("[jazz-auth] [clerk] Could not reach the provider. (ERR_FETCH_FAILED)");
    expect(error).toMatchObject({
      name: "JazzAuthError",
      code: "ERR_FETCH_FAILED",
      provider: "clerk",
      retryable: false,
      cause,
    });
    expect(error).toBeInstanceOf(Error);
  });

  it("is recognised by isJazzAuthError, optionally by code", () => {
    const error = new JazzAuthError("ERR_TIMEOUT", "slow");
    expect(isJazzAuthError(error)).toBe(true);
    expect(isJazzAuthError(error, "ERR_TIMEOUT")).toBe(true);
    expect(isJazzAuthError(error, "ERR_DISPOSED")).toBe(false);
    expect(isJazzAuthError(new Error("other"))).toBe(false);
  });
});
