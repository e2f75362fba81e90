import { jazzClientSession, jazzSessionClaims } from "@jazz-auth/verifier";
import { describe, expect, it } from "vitest";

// garden-co/jazz packages/jazz-tools/src/runtime/client-session.ts:101-126 (sessionFromJwtPayload), and
// its tests in client-session.test.ts: a payload with only `sub` gives a session; the issuer picks the mode.
describe("jazzClientSession (the Jazz TS client's session rule)", () => {
  it("trims sub and iss, copies the nested claims, writes subject and issuer over them", () => {
    expect(
      jazzClientSession({ sub: " user-1 ", iss: " https://idp.example ", role: "top", claims: { role: "admin" } }),
    ).toEqual({
      user_id: "user-1",
      claims: { role: "admin", subject: "user-1", issuer: "https://idp.example" },
      authMode: "external",
    });
  });

  it("has no session without a non-empty string sub", () => {
    for (const sub of [undefined, "", "   ", 42, null, ["a"]]) expect(jazzClientSession({ sub })).toBeNull();
  });

  it("derives authMode from the two self-signed issuers, exactly after trimming", () => {
    expect(jazzClientSession({ sub: "u", iss: "urn:jazz:local-first" })?.authMode).toBe("local-first");
    expect(jazzClientSession({ sub: "u", iss: " urn:jazz:anonymous " })?.authMode).toBe("anonymous");
    expect(jazzClientSession({ sub: "u", iss: "urn:jazz:Anonymous" })?.authMode).toBe("external");
  });

  it("leaves issuer out where the Rust server writes null (no nested object, no iss)", () => {
    const payload = { sub: "u", claims: ["not", "an", "object"] };
    expect(jazzSessionClaims(payload, "u")).toEqual({ subject: "u", issuer: null });
    expect(jazzClientSession(payload)?.claims).toEqual({ subject: "u" });
  });

  it("keeps a nested issuer when the token has no iss, like the client", () => {
    expect(jazzClientSession({ sub: "u", claims: { issuer: "nested" } })?.claims).toEqual({
      issuer: "nested",
      subject: "u",
    });
  });

  it("trims with JavaScript's trim(), not Rust's str::trim (U+FEFF is stripped, U+0085 kept)", () => {
    expect(jazzClientSession({ sub: "\uFEFFuser\uFEFF" })?.user_id).toBe("user");
    expect(jazzClientSession({ sub: "\u0085user" })?.user_id).toBe("\u0085user");
    expect(jazzClientSession({ sub: "u", iss: "\uFEFF", claims: {} })?.claims).toEqual({ subject: "u" });
  });
});
