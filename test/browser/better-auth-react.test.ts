/**
 * The Better Auth adapter in a real Chromium (Debian's, driven by playwright-core) against a real
 * Better Auth server on SQLite: examples/better-auth-react served by Vite, which proxies /api/auth
 * to the auth server. Sign up → signed in with a Jazz config; a refresh leaves `jwtToken` alone and
 * reaches the Db through `updateAuthToken`; sign out → `providerKey` changes. Screenshots on failure
 * go to .data/screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@jazz-auth/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { createServer as createViteServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthServer, startAuthServer } from "../../packages/cli/src/demo/auth-server";

const CHROMIUM = "/usr/bin/chromium";
const root = join(import.meta.dirname, "..", "..");
const screenshots = join(root, ".data", "screenshots");

let dataDir: string;
let auth: AuthServer;
let vite: ViteDevServer;
let browser: Browser;
let page: Page;
let pageUrl: string;

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? "";

/** Runs a step; on failure saves a screenshot named after it, then fails. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `${name}.png`) }).catch(() => undefined);
    throw error;
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/install-chromium.mjs\` (pnpm test:all does).`);
  const vitePort = await freePort();
  pageUrl = `http://127.0.0.1:${vitePort}`;
  dataDir = mkdtempSync(join(tmpdir(), "jazz-auth-browser-"));
  auth = await startAuthServer({ dataDir, tokenLifetime: "4s", trustedOrigins: [pageUrl] });
  vite = await createViteServer({
    root: join(root, "examples", "better-auth-react"),
    configFile: false,
    logLevel: "error",
    resolve: { tsconfigPaths: true },
    server: {
      host: "127.0.0.1",
      port: vitePort,
      strictPort: true,
      hmr: false,
      proxy: { "/api/auth": { target: auth.baseURL } },
    },
  });
  await vite.listen();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await auth?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Better Auth + React in Chromium", () => {
  it("signs up, keeps jwtToken through a refresh that reaches the Db, and changes providerKey on sign-out", async () => {
    await step("load", async () => {
      await page.goto(pageUrl);
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 30_000 });
    });
    const signedOutKey = await text("provider-key");

    const jwtToken = await step("sign-up", async () => {
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-in" }).waitFor({ timeout: 15_000 });
      const token = await text("jwt-token");
      expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await text("config-token")).toBe(token);
      return token;
    });
    const signedInKey = await text("provider-key");
    expect(signedInKey).not.toBe(signedOutKey);

    await step("refresh", async () => {
      await page.getByTestId("updates").filter({ hasNotText: /^0$/ }).waitFor({ timeout: 15_000 });
      expect(await text("jwt-token")).toBe(jwtToken);
      expect(await text("provider-key")).toBe(signedInKey);
      expect(await text("status")).toBe("signed-in");
    });

    await step("sign-out", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 15_000 });
      expect(await text("provider-key")).not.toBe(signedInKey);
      expect(await text("jwt-token")).toBe("");
    });
  }, 90_000);
});
