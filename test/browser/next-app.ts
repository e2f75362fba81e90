/**
 * examples/next-better-auth as the SSR browser test runs it: a production build (`next build`,
 * into a folder of this run under the example's .next-test/, removed again on close) served by
 * `next start` on 127.0.0.1, and in front of the auth server a recording proxy that both the
 * browser's requests (through the example's /api/auth rewrite) and the server component's token
 * mint go through. The proxy tells the two apart and can make the server component receive a token
 * of the test's choosing (an expired one: the stale-token case).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "..", "..");
const exampleRoot = join(repoRoot, "examples", "next-better-auth");
const nextBin = join(exampleRoot, "node_modules", "next", "dist", "bin", "next");

/** One request that reached the auth server through the proxy. */
export interface ProxiedRequest {
  readonly path: string;
  /** `browser`: a page's call, rewritten by Next; `next-server`: the server component's own fetch. */
  readonly from: "browser" | "next-server";
  readonly at: number;
}

/** The recording proxy in front of the auth server. */
export interface AuthProxy {
  readonly url: string;
  /** Everything proxied so far, in arrival order. */
  readonly requests: () => readonly ProxiedRequest[];
  /** How many `/api/auth/token` calls came `from` there. */
  readonly tokenCalls: (from: ProxiedRequest["from"]) => number;
  /** The server component's mints are answered with this token instead of the auth server's; `null`: proxied again. */
  answerServerMintsWith(token: string | null): void;
  /** The last token the auth server minted for the server component. */
  readonly lastServerMint: () => string | null;
  close(): Promise<void>;
}

/**
 * Next's rewrite forwards the browser's request and adds `x-forwarded-host`; the server
 * component's `fetch` is Node's own and has none.
 */
function senderOf(headers: IncomingHttpHeaders): ProxiedRequest["from"] {
  return headers["x-forwarded-host"] === undefined ? "next-server" : "browser";
}

/** Starts the recording proxy to `target` (the auth server's base URL) on a free port of 127.0.0.1. */
export async function startAuthProxy(target: string): Promise<AuthProxy> {
  const upstream = new URL(target);
  const log: ProxiedRequest[] = [];
  let override: string | null = null;
  let lastMint: string | null = null;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const from = senderOf(request.headers);
    log.push({ path, from, at: Date.now() });
    const isServerMint = from === "next-server" && path === "/api/auth/token";
    if (isServerMint && override !== null) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ token: override }));
      return;
    }
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        if (!isServerMint || answer.statusCode !== 200) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          lastMint = (JSON.parse(body.toString("utf8")) as { token: string }).token;
          response.writeHead(200, answer.headers);
          response.end(body);
        });
      },
    );
    forwarded.on("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...log],
    tokenCalls: (from) => log.filter((entry) => entry.from === from && entry.path === "/api/auth/token").length,
    answerServerMintsWith(token) {
      override = token;
    },
    lastServerMint: () => lastMint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A production build of the example, served by `next start`. */
export interface NextApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** How long `next build` took, in ms. */
  readonly buildMs: number;
  /** How long `next start` took to answer its first request, in ms. */
  readonly startMs: number;
  /** `Date.now()` when the server answered its first request. */
  readonly readyAt: number;
  /** Stops the server and removes the build. */
  close(): Promise<void>;
}

function run(command: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: exampleRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`next ${command.slice(1).join(" ")} ended with ${signal ?? code}:\n${output}`));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start ended with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms`);
}

/** Options of {@link startNextApp}. */
export interface NextAppOptions {
  /** The example's AUTH_URL: where its rewrite and its server component reach the auth server. */
  readonly authUrl: string;
  /** The port of 127.0.0.1 to serve on (the auth server must trust `http://127.0.0.1:<port>`). */
  readonly port: number;
  /** How long `next build` may take. */
  readonly buildTimeoutMs: number;
}

/**
 * Builds the example with its AUTH_URL (the rewrite is fixed at build time) and serves it on
 * 127.0.0.1. Bounded: `buildTimeoutMs` for the build, 20 s to start.
 */
export async function startNextApp({ authUrl, port, buildTimeoutMs }: NextAppOptions): Promise<NextApp> {
  const distDir = join(".next-test", `run-${process.pid}-${Date.now()}`);
  // vitest sets NODE_ENV to "test"; a production build and server run with "production".
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    AUTH_URL: authUrl,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const removeBuild = () => rmSync(join(exampleRoot, distDir), { recursive: true, force: true });
  const builtFrom = Date.now();
  try {
    await run([nextBin, "build"], env, buildTimeoutMs);
  } catch (error) {
    removeBuild();
    throw error;
  }
  const buildMs = Date.now() - builtFrom;
  const url = `http://127.0.0.1:${port}`;
  const startedFrom = Date.now();
  // Its own process group, so close() ends the server and anything it started, by its id.
  const child = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: exampleRoot,
    env,
    stdio: "ignore",
    detached: true,
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    removeBuild();
  };
  try {
    await waitUntilServing(url, child, 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const readyAt = Date.now();
  return { url, buildMs, startMs: readyAt - startedFrom, readyAt, close: stop };
}
