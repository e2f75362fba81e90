/**
 * `jazz-auth demo`: the built binary spawned as a user would (failures exit, usage errors exit 2,
 * `--serve` answers a browser app on another origin), and `run()` in process with an injected
 * loader and output (missing optional dependencies, the server closed after a failure, the text).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@jazz-auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEPENDENCIES, type Io, run } from "../src/main";

const BIN = join(import.meta.dirname, "..", "dist", "bin.js");
const APP_ORIGIN = "http://localhost:5173";

let dir: string;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first (pnpm test:all does).`);
  dir = mkdtempSync(join(tmpdir(), "jazz-auth-demo-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI; resolves its exit code, output and how long it ran (killed after `timeout`). */
function cli(
  args: string[],
  timeout = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { timeout, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number | null) : 0;
        resolve({ code: typeof code === "number" ? code : null, stdout, stderr, ms: performance.now() - started });
      },
    );
    child.stdin?.end();
  });
}

/** A port on the fetch standard's blocked list that nothing listens on here. */
async function freeBlockedPort(): Promise<number> {
  for (const port of [6000, 6665, 6666, 6667, 6668, 6669, 10080, 4190, 5060, 5061]) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no blocked port is free");
}

/** An `Io` that records what the CLI prints. */
function recordingIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    stdin: () => "",
  };
}

describe("jazz-auth demo: failures", () => {
  it("exits 1 with one line saying what to do when fetch refuses the port, and does not hang", async () => {
    const port = await freeBlockedPort();
    const result = await cli(["demo", "--port", String(port), "--data-dir", join(dir, "blocked")]);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(15_000);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^jazz-auth: port ${port} is one that fetch refuses .*pass another --port`));
    expect(result.stderr).not.toMatch(/fetch failed/);
  }, 30_000);

  it("closes the server it started when a later step fails (in process: the port is free again)", async () => {
    const port = await freeBlockedPort();
    const io = recordingIo();
    const code = await run(["demo", "--port", String(port), "--data-dir", join(dir, "closed")], io);
    expect(code).toBe(1);
    expect(io.stdout.join("\n")).toContain(`Better Auth is up at http://127.0.0.1:${port}`);
    const reusable = await new Promise<boolean>((resolve) => {
      const probe = createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    expect(reusable).toBe(true);
  }, 30_000);

  it.each([
    [["demo", "--bogus"], /Unknown option '--bogus'/],
    [["demo", "--port", "abc"], /--port must be a port number/],
    [["demo", "--port", "70000"], /--port must be a port number/],
    [["demo", "--trusted-origin", "localhost:5173"], /--trusted-origin must be an origin/],
    [["demo", "--trusted-origin", "http://localhost:5173/app"], /--trusted-origin must be an origin/],
  ])("exits 2 (a usage error) for %j", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names the packages to install when the optional dependencies are missing", async () => {
    const io = recordingIo();
    const missing = Object.assign(
      new Error("Cannot find package 'better-auth' imported from /app/node_modules/@jazz-auth/cli/dist/run-demo.js"),
      { code: "ERR_MODULE_NOT_FOUND" },
    );
    const code = await run(["demo"], io, { loadDemo: () => Promise.reject(missing) });
    expect(code).toBe(1);
    expect(io.stderr).toEqual([
      "jazz-auth: the demo needs better-auth and better-sqlite3 (optional dependencies of @jazz-auth/cli), and better-auth is not installed. Install them next to the CLI: npm install better-auth@1.7.25 better-sqlite3@12.11.1 (or pnpm add better-auth@1.7.25 better-sqlite3@12.11.1).",
    ]);
  });

  it("lets any other loading error through as a failure", async () => {
    const io = recordingIo();
    const other = Object.assign(new Error("Cannot find package 'left-pad'"), { code: "ERR_MODULE_NOT_FOUND" });
    expect(await run(["demo"], io, { loadDemo: () => Promise.reject(other) })).toBe(1);
    expect(io.stderr).toEqual(["jazz-auth: failed: Cannot find package 'left-pad'"]);
  });

  it("installs the versions package.json has as optional dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as {
      optionalDependencies: Record<string, string>;
    };
    expect(DEMO_DEPENDENCIES).toEqual(manifest.optionalDependencies);
  });
});

describe("jazz-auth demo: the text", () => {
  it("prints a jazz-tools command that runs as printed, explains principal and Jazz alone?, and hints commands that exist", async () => {
    const io = recordingIo();
    expect(await run(["demo", "--data-dir", join(dir, "full")], io)).toBe(0);
    const out = io.stdout.join("\n");
    // jazz-tools server <APP_ID> (a UUID, AppId::from_string) --jwks-url <url>: crates/jazz-tools/src/main.rs:101-119.
    expect(out).toMatch(
      /\n {3}pnpm dlx jazz-tools@alpha server 652a4213-42f4-523e-b682-324f5b39b784 --jwks-url http:\/\/127\.0\.0\.1:\d+\/api\/auth\/jwks\n/,
    );
    expect(out).not.toMatch(/<APP_ID>/);
    expect(out).toMatch(/principal: the signed-in user as Jazz sees it, the token's `sub`/);
    expect(out).toMatch(/Jazz alone\?: whether a Jazz server pointed at the provider's JWKS/);
    expect(out).toContain("`pnpm demo --serve --port 3000` in a clone of jazz-auth");
    expect(out).toContain("`npx jazz-auth demo --serve --port 3000` with @jazz-auth/cli installed");
    expect(out).not.toMatch(/Run `jazz-auth demo --serve`/);
  }, 40_000);
});

/** Waits until the child has printed `text` on standard output. */
function waitForOutput(child: ChildProcess, text: string, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${JSON.stringify(text)} within ${timeout} ms: ${seen}`)),
      timeout,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${JSON.stringify(text)}: ${seen}`));
    });
  });
}

describe("jazz-auth demo --serve --port --trusted-origin", () => {
  it("answers a browser app on a trusted origin (preflight, then sign-up with credentials), refuses others, and stops on SIGINT", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        BIN,
        "demo",
        "--serve",
        "--port",
        String(port),
        "--trusted-origin",
        APP_ORIGIN,
        "--data-dir",
        join(dir, "serve"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const killer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const banner = await waitForOutput(child, "Ctrl-C stops.", 25_000);
      const base = `http://127.0.0.1:${port}`;
      expect(banner).toContain(`Serving at ${base}.`);
      expect(banner).toContain(`Trusted origins (sign-up, sign-in and CORS with credentials): ${APP_ORIGIN}.`);
      // A page on localhost keeps the SameSite=Lax session cookie only from a same-site server.
      expect(banner).toContain(`createAuthClient({ baseURL: "http://localhost:${port}", plugins: [jwtClient()] })`);
      const signUpUrl = `${base}/api/auth/sign-up/email`;

      const preflight = await fetch(signUpUrl, {
        method: "OPTIONS",
        headers: {
          origin: APP_ORIGIN,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
      expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(/content-type/);

      const body = JSON.stringify({
        email: `cors-${Date.now()}@example.com`,
        password: "correct-horse-battery",
        name: "C",
      });
      const signUp = await fetch(signUpUrl, {
        method: "POST",
        headers: { origin: APP_ORIGIN, "content-type": "application/json" },
        body,
      });
      expect(signUp.status).toBe(200);
      expect(signUp.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(signUp.headers.get("access-control-allow-credentials")).toBe("true");
      expect(signUp.headers.getSetCookie().some((cookie) => cookie.startsWith("better-auth.session_token="))).toBe(
        true,
      );

      const stranger = "http://evil.example";
      const strangerPreflight = await fetch(signUpUrl, {
        method: "OPTIONS",
        headers: { origin: stranger, "access-control-request-method": "POST" },
      });
      expect(strangerPreflight.headers.get("access-control-allow-origin")).toBeNull();
      const strangerSignUp = await fetch(signUpUrl, {
        method: "POST",
        headers: { origin: stranger, "content-type": "application/json" },
        body: JSON.stringify({ email: `evil-${Date.now()}@example.com`, password: "correct-horse-battery", name: "E" }),
      });
      expect(strangerSignUp.status).toBe(403);
      expect(strangerSignUp.headers.get("access-control-allow-origin")).toBeNull();

      const stopped = performance.now();
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(performance.now() - stopped).toBeLessThan(5_000);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
