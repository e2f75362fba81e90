import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestIssuer, freePort, type TestIssuer, verifierFor } from "@jazz-auth/testing";
import { requireJazzAuth, withJazzAuth } from "@jazz-auth/verifier/next";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMiddlewareContract, type RunningServer } from "./contract";

const app = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "next-middleware");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
// One build folder per run (removed after it), so two runs at once on a shared machine do not share one.
const distDir = `.next-test-${process.pid}`;

/** Runs `next <args>` in the fixture app; the returned child's output is collected in `output`. */
function runNext(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: app,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: distDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  return { child, output: () => output };
}

/** Resolves when the child exits with 0 within `ms`; rejects (and kills it) otherwise. */
function exited(run: { child: ChildProcess; output: () => string }, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      run.child.kill("SIGKILL");
      reject(new Error(`next did not finish in ${ms} ms:\n${run.output()}`));
    }, ms);
    run.child.once("exit", (code) => {
      clearTimeout(timer);
      code === 0 ? resolve() : reject(new Error(`next exited with ${code}:\n${run.output()}`));
    });
  });
}

/** Polls until the server answers any HTTP request, within `ms`. */
async function answering(url: string, ms: number, output: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`next start did not answer in ${ms} ms:\n${output()}`);
}

/**
 * A production build of the fixture app (about 50 s on a busy 2-core machine), then `next start`
 * on 127.0.0.1: the route handlers use withJazzAuth, proxy.ts uses requireJazzAuth.
 */
async function startNext(issuer: TestIssuer, down: TestIssuer): Promise<RunningServer> {
  await exited(runNext(["build"]), 240_000);
  const port = await freePort();
  const server = runNext(["start", "--hostname", "127.0.0.1", "--port", String(port)], {
    JAZZ_TEST_JWKS_URL: issuer.jwksUrl,
    JAZZ_TEST_ISSUER: issuer.issuer,
    JAZZ_TEST_DOWN_JWKS_URL: down.jwksUrl,
    JAZZ_TEST_DOWN_ISSUER: down.issuer,
    JAZZ_TEST_AUDIENCE: issuer.audience,
  });
  const url = `http://127.0.0.1:${port}`;
  await answering(`${url}/guarded/me`, 30_000, server.output);
  return {
    url,
    output: server.output,
    close: () =>
      new Promise<void>((resolve) => {
        // The build rewrites next-env.d.ts to import its types; the workspace's tsc must not need them.
        const done = () => {
          rmSync(join(app, "next-env.d.ts"), { force: true });
          rmSync(join(app, distDir), { recursive: true, force: true });
          resolve();
        };
        if (server.child.exitCode !== null) return done();
        server.child.once("exit", done);
        server.child.kill("SIGTERM");
      }),
  };
}

describeMiddlewareContract(
  "Next.js route handler (withJazzAuth, next build + next start)",
  ({ issuer, down }) => startNext(issuer, down),
  // Next's Node server builds the request's Headers from IncomingMessage.headers, which already kept the first.
  "first",
  300_000,
  (running) => {
    it("proxy.ts (requireJazzAuth) refuses before the route runs, and lets a verified request through", async () => {
      const { server, issuer } = running();
      const url = `${server.url}/guarded/me`;
      const refused = await fetch(url);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="jazz"');
      expect(await refused.json()).toEqual({ error: "unauthorized", code: "ERR_NO_CREDENTIALS" });
      const expired = await issuer.mint({ exp: Math.floor(Date.now() / 1000) - 60 });
      const late = await fetch(url, { headers: { authorization: `Bearer ${expired}` } });
      expect(late.status).toBe(401);
      expect(late.headers.get("www-authenticate")).toBe(
        'Bearer realm="jazz", error="invalid_token", error_description="ERR_EXPIRED"',
      );
      const through = await fetch(url, { headers: { authorization: `Bearer ${await issuer.mint()}` } });
      expect(through.status).toBe(200);
      expect(await through.json()).toEqual({ through: "proxy" });
    });
  },
);

describe("Next.js helpers with next/server's NextRequest, in process", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it("withJazzAuth runs the handler with the auth and the route context, only for a verified token", async () => {
    const verifier = verifierFor(issuer);
    const calls: unknown[] = [];
    const GET = withJazzAuth(
      (request: NextRequest, context: { params: Promise<{ id: string }> }, auth) => {
        calls.push([request.nextUrl.pathname, auth.userId]);
        return context.params.then((params) => Response.json({ id: params.id, userId: auth.userId }));
      },
      { verifier },
    );
    const context = { params: Promise.resolve({ id: "7" }) };
    const token = await issuer.mint({ sub: "user-3" });
    const ok = await GET(
      new NextRequest("http://127.0.0.1/items/7", { headers: { authorization: `Bearer ${token}` } }),
      context,
    );
    expect(await ok.json()).toEqual({ id: "7", userId: "user-3" });
    const refused = await GET(new NextRequest("http://127.0.0.1/items/7"), context);
    expect(refused.status).toBe(401);
    expect(calls).toEqual([["/items/7", "user-3"]]);
  });

  it("requireJazzAuth gives the auth or the refusal Response", async () => {
    const verifier = verifierFor(issuer);
    const token = await issuer.mint({ sub: "user-4" });
    const auth = await requireJazzAuth(
      new NextRequest("http://127.0.0.1/", { headers: { authorization: `Bearer ${token}` } }),
      {
        verifier,
      },
    );
    expect(auth).toMatchObject({ userId: "user-4", issuer: issuer.issuer, session: { user_id: "user-4" } });
    const refused = await requireJazzAuth(
      new NextRequest("http://127.0.0.1/", { headers: { authorization: "Bearer" } }),
      { verifier, realm: "api" },
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect((refused as Response).headers.get("www-authenticate")).toBe(
      'Bearer realm="api", error="invalid_request", error_description="ERR_EMPTY_TOKEN"',
    );
  });
});
