/** The built `jazz-auth` binary, spawned as a user would, against tokens from a local test issuer. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerPackages } from "../../../test/workspace-packages";

const BIN = join(import.meta.dirname, "..", "dist", "bin.js");

function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first (pnpm test:all does).`);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

let issuer: TestIssuer;
let dir: string;
beforeAll(async () => {
  issuer = await createTestIssuer();
  dir = mkdtempSync(join(tmpdir(), "jazz-auth-cli-"));
});
afterAll(async () => {
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("jazz-auth presets and preset", () => {
  it("lists every provider package, as text and as JSON", async () => {
    const text = await cli(["presets"]);
    expect(text.code).toBe(0);
    const folders = providerPackages().map((pkg) => pkg.dir);
    expect(text.stdout.trim().split("\n")).toHaveLength(folders.length);
    const json = JSON.parse((await cli(["presets", "--json"])).stdout) as { id: string }[];
    expect(json.map((entry) => entry.id).sort()).toEqual(folders);
  });

  it("builds the OpenID Connect preset from the discovery document's issuer and jwks_uri", async () => {
    const issuer = "https://id.example.com/realms/app";
    const jwks = `${issuer}/protocol/openid-connect/certs`;
    const { code, stdout } = await cli([
      "preset",
      "oidc",
      "--issuer",
      issuer,
      "--jwks-url",
      jwks,
      "--audience",
      "jazz-web",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: "oidc", issuer, jwksUrl: jwks, audience: "jazz-web" });
  });

  it("prints the JWKS URL, issuer, sub format, claims recipe, the jazz-tools command and the safety note", async () => {
    const { code, stdout } = await cli([
      "preset",
      "firebase",
      "--project-id",
      "my-app-12345",
      "--app-id",
      "652a4213-42f4-523e-b682-324f5b39b784",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("https://securetoken.google.com/my-app-12345");
    expect(stdout).toContain(
      "pnpm dlx jazz-tools@alpha server 652a4213-42f4-523e-b682-324f5b39b784 --jwks-url https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com",
    );
    expect(stdout).not.toMatch(/replace <APP_ID>/);
    expect(stdout).toMatch(/Not safe alone/);
    expect(stdout).toMatch(/setCustomUserClaims/);
  });

  it("says what to put for <APP_ID> when no --app-id is given", async () => {
    const { code, stdout } = await cli(["preset", "workos", "--client-id", "client_01HZX3K9V7Q2M8N4P6R5S1T0AB"]);
    expect(code).toBe(0);
    expect(stdout).toContain("pnpm dlx jazz-tools@alpha server <APP_ID> --jwks-url");
    expect(stdout).toMatch(/replace <APP_ID> with your app's id, a UUID/);
  });

  it("prints a stable JSON document", async () => {
    const { stdout } = await cli([
      "preset",
      "clerk",
      "--publishable-key",
      `pk_test_${btoa("my-app.clerk.accounts.dev$")}`,
      "--authorized-party",
      "https://app.example.com",
      "--json",
    ]);
    expect(JSON.parse(stdout)).toMatchObject({
      id: "clerk",
      issuer: "https://my-app.clerk.accounts.dev",
      authorizedParties: ["https://app.example.com"],
      subject: { pattern: "^user_[0-9A-Za-z]{27}$" },
      jazzServerCommand:
        "pnpm dlx jazz-tools@alpha server <APP_ID> --jwks-url https://my-app.clerk.accounts.dev/.well-known/jwks.json",
    });
  });

  it.each([
    [["preset", "workos"], /--client-id is required/],
    [["preset", "okta"], /unknown provider "okta"/],
    [["preset", "clerk", "--publishable-key", "sk_test_123"], /secret key/],
    [["preset", "auth0", "--domain", "t.auth0.com"], /--audience is required/],
    [["preset", "oidc", "--issuer", "https://id.example.com", "--audience", "jazz"], /--jwks-url is required/],
    [
      [
        "preset",
        "oidc",
        "--issuer",
        "http://id.example.com",
        "--jwks-url",
        "https://id.example.com/certs",
        "--audience",
        "a",
      ],
      /issuer must be an https URL/,
    ],
    [["frobnicate"], /unknown command/],
    [
      ["preset", "firebase", "--project-id", "my-app-12345", "--app-id", "my-app"],
      /--app-id is your Jazz app's id, a UUID/,
    ],
    [["doctor"], /needs a token/],
    [["doctor", "x.y.z", "--target", "rust"], /--target is server, backend or both/],
    [["preset", "firebase", "--project-id", "x", "--bogus"], /Unknown option/],
  ])("exits 2 with the option named for %j", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["presets", "preset", "doctor", "keygen", "demo"])("has help for %s", async (command) => {
    const { code, stdout } = await cli([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: jazz-auth/);
  });
});

describe("jazz-auth doctor", () => {
  it("says accepted for a good token, shows the session, and never prints the signature", async () => {
    const token = await issuer.mint({ sub: "user-7", claims: { role: "admin" } });
    const { code, stdout } = await cli(["doctor", token, "--jwks-url", issuer.jwksUrl]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/verdict {2}accepted/);
    expect(stdout).toContain('user_id = user-7, claims = {"role":"admin","subject":"user-7"');
    expect(stdout).not.toContain(token.split(".")[2]);
  });

  it("reads the token from standard input with -", async () => {
    const { code, stdout } = await cli(
      ["doctor", "-", "--jwks-url", issuer.jwksUrl, "--json"],
      `${await issuer.mint()}\n`,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ jazz: { outcome: "accepted" }, findings: expect.any(Array) });
  });

  it("explains an expired token and top-level claims, and exits 1", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.mint({ exp: now - 3600, iat: now - 7200, role: "admin" });
    const { code, stdout } = await cli(["doctor", token, "--jwks-url", issuer.jwksUrl, "--json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { jazz: { outcome: string }; findings: { code: string; fix?: string }[] };
    expect(report.jazz.outcome).toBe("expired");
    expect(report.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(["expired", "top-level-claims"]),
    );
  });

  it("names a key that is not in the set", async () => {
    const { code, stdout } = await cli([
      "doctor",
      await issuer.mint({}, { foreignKey: true, kid: "rotated-away" }),
      "--jwks-url",
      issuer.jwksUrl,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/no JWKS key matched token kid 'rotated-away'/);
    expect(stdout).toMatch(/fix: The key set at/);
  });

  it("adds the strict verdict and the sub format with a preset", async () => {
    const token = await issuer.mint({ iss: "https://someone-else.example", aud: issuer.url, sub: "has spaces in it" });
    const { code, stdout } = await cli([
      "doctor",
      token,
      "--preset",
      "better-auth",
      "--base-url",
      issuer.url,
      "--jwks-url",
      issuer.jwksUrl,
      "--json",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { strict: { ok: boolean; code: string }; findings: { code: string }[] };
    expect(report.strict).toMatchObject({ ok: false, code: "ERR_ISSUER_MISMATCH" });
    expect(report.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(["strict-refused", "sub-format"]),
    );
  });

  it("warns that Firebase needs the bridge", async () => {
    const token = await issuer.mint({
      iss: "https://securetoken.google.com/demo-app-1",
      aud: "demo-app-1",
      sub: "kX3pQ9wZr7TnYbVf2LmA8sJd1Hc4",
    });
    const { stdout } = await cli([
      "doctor",
      token,
      "--preset",
      "firebase",
      "--project-id",
      "demo-app-1",
      "--jwks-url",
      issuer.jwksUrl,
      "--json",
    ]);
    expect((JSON.parse(stdout) as { findings: { code: string }[] }).findings.map((finding) => finding.code)).toContain(
      "needs-bridge",
    );
  });

  it("works offline: says the key set is unreachable and still checks the rest", async () => {
    const { code, stdout } = await cli(["doctor", await issuer.mint(), "--jwks-url", "http://127.0.0.1:9/jwks.json"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Could not load http:\/\/127\.0\.0\.1:9\/jwks\.json \(offline\?\)/);
  });

  it("runs every check that needs no key with the token alone, and says which checks needed one", async () => {
    const good = await cli(["doctor", await issuer.mint({ sub: "user-7", claims: { role: "admin" } })]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/Not checked \(these need a key set: pass --jwks-url <url> or --preset <provider>\)/);
    expect(good.stdout).toMatch(/ {2}- the signature\n/);
    expect(good.stdout).toMatch(/ {2}- what the Jazz server will do/);
    expect(good.stdout).toMatch(/No problems found\./);

    const now = Math.floor(Date.now() / 1000);
    const bad = await cli([
      "doctor",
      await issuer.mint({ sub: "   ", exp: now - 60, iat: now - 120, role: "admin" }),
      "--json",
    ]);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { jazz: unknown; notChecked: string[]; findings: { code: string }[] };
    expect(report.jazz).toBeNull();
    expect(report.notChecked).toEqual(expect.arrayContaining(["the signature"]));
    expect(report.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(["expired", "top-level-claims", "bad-subject"]),
    );
  });

  it("flags an alg Jazz cannot verify (ES512) and a non-JWT with the token alone", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "ES512", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "u", exp: Math.floor(Date.now() / 1000) + 600 })).toString(
      "base64url",
    );
    const hs = await cli(["doctor", `${header}.${payload}.c2ln`, "--json"]);
    expect(hs.code).toBe(1);
    expect((JSON.parse(hs.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code)).toContain(
      "unsupported-alg",
    );
    const opaque = await cli(["doctor", "x.y.z"]);
    expect(opaque.code).toBe(1);
    expect(opaque.stdout).toMatch(/not a JWT/);
  });

  it("reports issuer and audience mismatches with a preset even when its key set is unreachable", async () => {
    const token = await issuer.mint({ iss: "https://someone-else.example", aud: "another-app", sub: "user-7" });
    const { code, stdout } = await cli([
      "doctor",
      token,
      "--preset",
      "better-auth",
      "--base-url",
      "http://127.0.0.1:9",
      "--json",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      strict: { ok: boolean; code: string };
      notChecked: string[];
      findings: { code: string; message: string }[];
    };
    expect(report.strict).toMatchObject({ ok: false, code: "ERR_JWKS_UNAVAILABLE" });
    const codes = report.findings.map((finding) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(["jwks-unreachable", "issuer-mismatch", "audience-mismatch"]));
    expect(report.findings.find((finding) => finding.code === "issuer-mismatch")?.message).toContain(
      '"https://someone-else.example"',
    );
    expect(report.notChecked).toEqual(
      expect.arrayContaining(["strict verification (issuer and audience were checked from the token alone)"]),
    );
  });

  it("says what a non-JWT is", async () => {
    const { code, stdout } = await cli(["doctor", "opaque-access-token", "--jwks-url", issuer.jwksUrl]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/not a JWT/);
  });
});

describe("jazz-auth keygen", () => {
  it("writes a private key (mode 600), prints only the public set, and never overwrites", async () => {
    const out = join(dir, "bridge-key.json");
    const { code, stdout } = await cli(["keygen", "--alg", "EdDSA", "--out", out]);
    expect(code).toBe(0);
    const jwks = JSON.parse(stdout) as { keys: Record<string, unknown>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const key = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    expect(key).toHaveProperty("d");
    expect(key.kid).toBe(jwks.keys[0]?.kid);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await cli(["keygen", "--out", out])).code).toBe(2);
    expect((await cli(["keygen", "--alg", "HS256", "--out", join(dir, "x.json")])).code).toBe(2);
  });
});
