/** Terminal safety of everything the CLI echoes from a token, and the doctor's verdicts by code (in-process). */
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeForTerminal, escapeJsonForTerminal } from "../src/escape";
import { type Io, run } from "../src/main";

/** Everything a terminal acts on or hides: ESC (CSI), C1 CSI, BEL, bidi override and isolate, zero-width, BOM, a tag, LS. */
const HOSTILE = [
  "\u001b[2J",
  "\u009b31m",
  "\u0007",
  "\u202e",
  "\u2066",
  "\u200b",
  "\ufeff",
  "\u{e0041}",
  "\u2028",
  "\u007f",
];
/** Any character a terminal acts on or hides (newlines are the output's own and are removed before matching). */
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

async function doctor(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`), stdin: () => "" };
  const code = await run(["doctor", ...args], io);
  return { code, out, err };
}

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

describe("escapeForTerminal and escapeJsonForTerminal", () => {
  it.each(HOSTILE.map((char) => [JSON.stringify(char), char]))("escapes %s", (_label, char) => {
    const escaped = escapeForTerminal(`a${char}b`);
    expect(escaped).not.toMatch(RAW);
    expect(escaped).toMatch(/^a\\(x|u)/);
    expect(JSON.parse(escapeJsonForTerminal(JSON.stringify({ v: `a${char}b` }))).v).toBe(`a${char}b`);
    expect(escapeJsonForTerminal(JSON.stringify({ v: `a${char}b` }))).not.toMatch(RAW);
  });

  it("doubles backslashes, so an escape in the output always means an escaped character", () => {
    expect(escapeForTerminal("\\x1b")).toBe("\\\\x1b");
    expect(escapeForTerminal("plain text, é, ✓")).toBe("plain text, é, ✓");
  });

  it("keeps the JSON text's own layout", () => {
    const pretty = JSON.stringify({ a: ["x\u202e"] }, null, 2);
    expect(escapeJsonForTerminal(pretty).split("\n")).toHaveLength(pretty.split("\n").length);
  });
});

describe("jazz-auth doctor prints token content escaped", () => {
  const hostile = HOSTILE.join("");
  const tokens = () =>
    Promise.all([
      issuer.mint({
        sub: `user${hostile}`,
        claims: { [`role${hostile}`]: `admin${hostile}` },
        [`x${hostile}`]: hostile,
      }),
      issuer.mint({ sub: "user-1" }, { kid: `kid${hostile}` }),
    ]);

  it("as text: no raw control, bidi or invisible character reaches the terminal", async () => {
    for (const token of await tokens()) {
      const { out, err } = await doctor([token, "--jwks-url", issuer.jwksUrl]);
      expect(out).toMatch(/Jazz server/);
      expect(out.replace(/\n/g, "")).not.toMatch(RAW);
      expect(err).not.toMatch(RAW);
    }
  });

  it("as --json: the exact same values, with nothing raw in the text", async () => {
    const [claimsToken] = await tokens();
    const { out } = await doctor([claimsToken as string, "--jwks-url", issuer.jwksUrl, "--json"]);
    expect(out.replace(/\n/g, "")).not.toMatch(RAW);
    const report = JSON.parse(out);
    expect(report.token.payload.sub).toBe(`user${hostile}`);
    expect(report.jazz.session.userId).toBe(`user${hostile}`);
    expect(report.jazz.session.claims[`role${hostile}`]).toBe(`admin${hostile}`);
  });
});

describe("jazz-auth doctor decides by code, never by the wording", () => {
  it("a kid that reads like an unreachable key set is still a missing key (exit 1)", async () => {
    const token = await issuer.mint({}, { kid: "unable to load JWKS" });
    const { code, out } = await doctor([token, "--jwks-url", issuer.jwksUrl, "--json"]);
    const report = JSON.parse(out);
    expect(report.jazz.reasonCode).toBe("no-matching-key");
    expect(report.findings.map((finding: { code: string }) => finding.code)).toContain("key-not-found");
    expect(report.findings.map((finding: { code: string }) => finding.code)).not.toContain("jwks-unreachable");
    expect(code).toBe(1);
  });

  it("a claim that mentions `no exp` or top-level claims is not taken for those warnings", async () => {
    const token = await issuer.mint({ claims: { note: "top-level claims (x); no `exp`" } });
    const { code, out } = await doctor([token, "--jwks-url", issuer.jwksUrl, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out).jazz.outcome).toBe("accepted");
  });

  it("--target backend predicts the TS backend, and names it", async () => {
    const token = await issuer.mint({ exp: null });
    const server = await doctor([token, "--jwks-url", issuer.jwksUrl, "--json"]);
    const backend = await doctor([token, "--jwks-url", issuer.jwksUrl, "--target", "backend", "--json"]);
    expect(JSON.parse(server.out).jazz).toMatchObject({ target: "server", outcome: "accepted" });
    expect(JSON.parse(backend.out).jazz).toMatchObject({
      target: "backend",
      outcome: "invalid",
      reasonCode: "payload-invalid",
    });
    expect(backend.code).toBe(1);
    expect((await doctor([token, "--jwks-url", issuer.jwksUrl, "--target", "backend"])).out).toMatch(/Jazz TS backend/);
    expect((await doctor([token, "--jwks-url", issuer.jwksUrl, "--target", "everything"])).code).toBe(2);
  });

  it("--target both reports both verdicts and each way they differ", async () => {
    const token = await issuer.mint({ exp: null });
    const { code, out } = await doctor([token, "--jwks-url", issuer.jwksUrl, "--target", "both", "--json"]);
    const report = JSON.parse(out);
    expect(report.jazz).toMatchObject({ target: "server", outcome: "accepted" });
    expect(report.jazzBackend).toMatchObject({ target: "backend", outcome: "invalid", reasonCode: "payload-invalid" });
    expect(report.differences).toEqual([{ aspect: "outcome", server: "accepted", backend: "invalid" }]);
    expect(report.findings.map((finding: { code: string }) => finding.code)).toEqual(
      expect.arrayContaining(["bad-payload", "verifiers-differ"]),
    );
    expect(code).toBe(1);
    const text = await doctor([await issuer.mint(), "--jwks-url", issuer.jwksUrl, "--target", "both"]);
    expect(text.out).toMatch(/Jazz server[\s\S]*Jazz TS backend[\s\S]*agree/);
    expect(text.code).toBe(0);
  });
});
