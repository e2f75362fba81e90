/**
 * What every browser test shares: the embedded Better Auth server on SQLite (short-lived tokens),
 * an example app served by Vite with its own `vite.config.ts` (its framework plugin included) and
 * /api/auth proxied to that server, and Debian's Chromium driven by playwright-core. Everything binds
 * 127.0.0.1 and is started and stopped by the test file; nothing reaches the internet.
 *
 * The dev server records each request for /api/auth as it arrives (method, path, the asking page),
 * so a test can count what the pages asked the auth server for, across every tab of the browser
 * context; it can also hold a path's requests for a while before proxying them (a slow server).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@jazz-auth/testing";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { createServer as createViteServer, type Plugin, type ViteDevServer } from "vite";
import { type AuthServer, startAuthServer } from "../../packages/cli/src/demo/auth-server";

/** Debian's Chromium; `node scripts/install-chromium.mjs` installs it. */
export const CHROMIUM = "/usr/bin/chromium";

const repoRoot = join(import.meta.dirname, "..", "..");

/** Where {@link BrowserHarness.step} saves a screenshot of every tab when a step fails. */
export const SCREENSHOTS = join(repoRoot, ".data", "screenshots");

/** Flags that keep Chromium quiet and offline: no sandbox (containers), no GPU, no background fetches. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** One request a page made to the auth server (through the Vite proxy). */
export interface AuthRequest {
  readonly method: string;
  /** The path without the query, e.g. `/api/auth/token`. */
  readonly path: string;
  /** `Date.now()` when it reached the dev server (before any {@link BrowserHarness.delayAuth}). */
  readonly at: number;
  /** The page that asked (its `Referer`, query included; "" without one): tells tabs apart by their URLs. */
  readonly referer: string;
}

/** The requests the pages made to the auth server, in the order they arrived. */
export interface AuthRequestLog {
  readonly all: () => readonly AuthRequest[];
  /** How many requests went to `path` (exact match, query ignored), e.g. `/api/auth/token`. */
  readonly count: (path: string) => number;
  /** Forgets what was recorded so far (counts start again from 0). */
  readonly clear: () => void;
}

/** Reads and waits on `data-testid` elements of one tab. */
export interface Tab {
  readonly page: Page;
  /** The text of the element with `data-testid`, "" when it has none. */
  text(testId: string): Promise<string>;
  /** The number the element shows. */
  count(testId: string): Promise<number>;
  /** Waits until the number the element shows is at least `atLeast`. */
  waitForCount(testId: string, atLeast: number, timeout: number): Promise<void>;
  /** Waits until the element's whole text matches (a string is matched exactly). */
  waitForText(testId: string, text: string | RegExp, timeout: number): Promise<void>;
}

/** Options of {@link startBrowserHarness}. */
export interface BrowserHarnessOptions {
  /** The folder under examples/, e.g. `better-auth-react`; its `vite.config.ts` is used. */
  readonly example: string;
  /** The auth server's token lifetime (default "4s"). */
  readonly tokenLifetime?: string;
}

/** The running servers, the browser, and one context whose tabs share cookies and storage. */
export interface BrowserHarness {
  /** The page's origin, `http://127.0.0.1:<port>`; the auth server trusts it. */
  readonly url: string;
  readonly auth: AuthServer;
  readonly vite: ViteDevServer;
  readonly browser: Browser;
  /** One browser context: every tab from {@link openTab} shares its cookies (one session). */
  readonly context: BrowserContext;
  /** What the pages asked the auth server for, from every tab (and every other context). */
  readonly authRequests: AuthRequestLog;
  /**
   * Holds each request for `path` (exact, query ignored, e.g. `/api/auth/token`) that arrives from
   * now on for `ms` before proxying it, only those `only` picks when given; 0 proxies at once again.
   * A request whose page went away meanwhile is dropped, never proxied.
   */
  delayAuth(path: string, ms: number, only?: (request: AuthRequest) => boolean): void;
  /** Opens a new tab in the context (not navigated yet). */
  openTab(): Promise<Tab>;
  /** Runs a step; on failure saves a screenshot of every open tab, named after the step, then fails. */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
  /** Closes the browser, Vite and the auth server, and removes the auth server's data. */
  close(): Promise<void>;
}

/** The JWT's `exp`, in ms. */
export function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
  if (typeof payload.exp !== "number") throw new Error("token without exp");
  return payload.exp * 1000;
}

/** A {@link Tab} over `page`. */
export function tabOf(page: Page): Tab {
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? "";
  return {
    page,
    text,
    count: async (testId) => Number(await text(testId)),
    async waitForCount(testId, atLeast, timeout) {
      await page.waitForFunction(
        ([id, min]) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent) >= Number(min),
        [testId, String(atLeast)] as const,
        { timeout, polling: 100 },
      );
    },
    async waitForText(testId, expected, timeout) {
      const whole =
        typeof expected === "string" ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : expected;
      await page.getByTestId(testId).filter({ hasText: whole }).waitFor({ timeout });
    },
  };
}

/** A {@link BrowserHarness.delayAuth} in force. */
interface Delay {
  readonly ms: number;
  readonly only?: ((request: AuthRequest) => boolean) | undefined;
}

/**
 * Runs before Vite's proxy (plugins' middlewares come first): records each /api/auth request and
 * holds it as long as `delays` says for its path.
 */
function authRecorder(requests: ReturnType<typeof createRequestLog>, delays: ReadonlyMap<string, Delay>): Plugin {
  return {
    name: "jazz-auth-test:auth-recorder",
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const url = request.url ?? "";
        if (!url.startsWith("/api/auth")) return next();
        const path = url.split("?")[0] ?? url;
        const recorded = requests.record(request.method ?? "GET", path, request.headers.referer ?? "");
        const delay = delays.get(path);
        if (!delay || !(delay.only?.(recorded) ?? true)) return next();
        setTimeout(() => {
          if (!response.writableEnded && !request.destroyed && !response.destroyed) next();
        }, delay.ms);
      });
    },
  };
}

function createRequestLog(): AuthRequestLog & { record(method: string, path: string, referer: string): AuthRequest } {
  let requests: AuthRequest[] = [];
  return {
    record(method, path, referer) {
      const request = { method, path, at: Date.now(), referer };
      requests.push(request);
      return request;
    },
    all: () => [...requests],
    count: (path) => requests.filter((request) => request.path === path).length,
    clear() {
      requests = [];
    },
  };
}

/**
 * Starts the auth server, the example's Vite dev server (proxying /api/auth to it, on a free port
 * of 127.0.0.1) and Chromium with one context. Whatever started is stopped again if a later part
 * fails. Call {@link BrowserHarness.close} in `afterAll`.
 */
export async function startBrowserHarness(options: BrowserHarnessOptions): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/install-chromium.mjs\` (pnpm test:all does).`);
  const exampleRoot = join(repoRoot, "examples", options.example);
  const vitePort = await freePort();
  const url = `http://127.0.0.1:${vitePort}`;
  const dataDir = mkdtempSync(join(tmpdir(), "jazz-auth-browser-"));
  const requests = createRequestLog();
  const delays = new Map<string, Delay>();
  const stops: Array<() => Promise<void>> = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const auth = await startAuthServer({
      dataDir,
      tokenLifetime: options.tokenLifetime ?? "4s",
      trustedOrigins: [url],
    });
    stops.push(() => auth.close());
    // The inline config is merged over the example's vite.config.ts: same plugins and resolution,
    // but 127.0.0.1, a free port, no HMR, the proxy aimed at this auth server, and the recorder.
    const vite = await createViteServer({
      root: exampleRoot,
      configFile: join(exampleRoot, "vite.config.ts"),
      logLevel: "error",
      plugins: [authRecorder(requests, delays)],
      server: {
        host: "127.0.0.1",
        port: vitePort,
        strictPort: true,
        hmr: false,
        proxy: { "/api/auth": { target: auth.baseURL } },
      },
    });
    stops.push(() => vite.close());
    await vite.listen();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    stops.push(() => browser.close());
    const context = await browser.newContext();
    return {
      url,
      auth,
      vite,
      browser,
      context,
      authRequests: requests,
      delayAuth(path, ms, only) {
        if (ms > 0) delays.set(path, { ms, only });
        else delays.delete(path);
      },
      openTab: async () => tabOf(await context.newPage()),
      async step(name, run) {
        try {
          return await run();
        } catch (error) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          const pages = context.pages();
          for (const [index, page] of pages.entries()) {
            const file =
              pages.length === 1 ? `${options.example}-${name}.png` : `${options.example}-${name}-tab${index + 1}.png`;
            await page.screenshot({ path: join(SCREENSHOTS, file) }).catch(() => undefined);
          }
          throw error;
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
