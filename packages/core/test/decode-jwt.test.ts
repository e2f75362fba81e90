import { decodeJwt, JazzAuthError } from "@jazz-auth/core";
import { mintUnsignedJwt } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

describe("decodeJwt", () => {
  it("reads the header and a UTF-8 payload without verifying", () => {
    const token = mintUnsignedJwt({ sub: "user-1", name: "Zoë 🎷", claims: { role: "admin" } }, { kid: "k1" });
    const { header, payload } = decodeJwt(token);
    expect(header).toMatchObject({ alg: "ES256", kid: "k1" });
    expect(payload).toMatchObject({ sub: "user-1", name: "Zoë 🎷", claims: { role: "admin" } });
  });

  it.each([
    ["an opaque access token", "opaque-access-token"],
    ["two segments", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0"],
    ["four segments", `${mintUnsignedJwt({ sub: "x" })}.extra`],
    ["padding in a segment", "eyJhbGciOiJub25lIn0=.eyJzdWIiOiJ4In0.sig"],
    ["a payload that is not JSON", `eyJhbGciOiJub25lIn0.${btoa("not json")}.sig`],
    ["a payload that is a JSON array", `eyJhbGciOiJub25lIn0.${btoa("[1,2]")}.sig`],
    ["an empty header", ".eyJzdWIiOiJ4In0.sig"],
  ])("rejects %s with ERR_MALFORMED_TOKEN", (_label, token) => {
    expect(() => decodeJwt(token)).toThrow(JazzAuthError);
    try {
      decodeJwt(token);
    } catch (error) {
      expect(error).toMatchObject({ code: "ERR_MALFORMED_TOKEN", retryable: false });
    }
  });

  it.each([
    ["an opaque access token", "opaque-secret-access-token-0123456789"],
    ["a payload that is not JSON", `eyJhbGciOiJub25lIn0.${btoa("secret-not-json")}.sig`],
    ["a header that is not base64url", "secret!header.eyJzdWIiOiJ4In0.sig"],
    ["five segments", "secret.a.b.c.d"],
  ])("never puts the token or a part of it into the message or the cause (%s)", (_label, token) => {
    let thrown: unknown;
    try {
      decodeJwt(token);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JazzAuthError);
    const error = thrown as JazzAuthError;
    const cause = error.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    const everything = [error.message, error.stack, cause.message, cause.stack, JSON.stringify(error)].join("\n");
    expect(everything).not.toMatch(/secret/);
    for (const segment of token.split(".")) if (segment.length > 3) expect(everything).not.toContain(segment);
  });

  it("rejects a value that is not a string", () => {
    expect(() => decodeJwt(42 as unknown as string)).toThrow(/Not a JWT/);
  });
});
