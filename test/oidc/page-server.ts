/**
 * A test page under test/oidc/pages served by Vite on a free port of 127.0.0.1 (workspace packages
 * from source through the tsconfig paths, constants injected with `define`), and Debian's Chromium
 * driven by playwright-core, as the other browser tests run it (test/browser/harness.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@jazz-auth/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { CHROMIUM } from "../browser/harness";

/** A page's server and a browser with one tab on it. */
export interface PageHarness {
  readonly url: string;
  readonly page: Page;
  readonly browser: Browser;
  readonly vite: ViteDevServer;
  close(): Promise<void>;
}

/** Reserves the port first, so the OpenID provider can know the page's origin before the page exists. */
export async function pageOrigin(): Promise<{ port: number; origin: string }> {
  const port = await freePort();
  return { port, origin: `http://127.0.0.1:${port}` };
}

/** Serves `pages/<name>` on `port` with `constants` defined, and opens Chromium (not navigated yet). */
export async function startPage(name: string, port: number, constants: Record<string, string>): Promise<PageHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run \`node scripts/install-chromium.mjs\` (pnpm test:all does).`);
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const vite = await createServer({
      root: join(import.meta.dirname, "pages", name),
      configFile: false,
      logLevel: "error",
      resolve: { tsconfigPaths: true },
      define: Object.fromEntries(Object.entries(constants).map(([key, value]) => [key, JSON.stringify(value)])),
      // Every path is the page (the OpenID redirect lands on /callback).
      appType: "spa",
      server: { host: "127.0.0.1", port, strictPort: true, hmr: false },
    });
    stops.push(() => vite.close());
    await vite.listen();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
    });
    stops.push(() => browser.close());
    const page = await (await browser.newContext()).newPage();
    return { url: `http://127.0.0.1:${port}`, page, browser, vite, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The text of the element with `data-testid`. */
export const textOf = async (page: Page, testId: string): Promise<string> =>
  (await page.getByTestId(testId).textContent()) ?? "";

/** Waits until the element's whole text matches. */
export const waitForText = (page: Page, testId: string, text: string | RegExp, timeout: number): Promise<void> =>
  page
    .getByTestId(testId)
    .filter({ hasText: typeof text === "string" ? new RegExp(`^${text}$`) : text })
    .waitFor({ timeout });

/** The JWT's payload, read without a check (the test reads what the provider put in it). */
export const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
