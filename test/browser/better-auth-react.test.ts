/**
 * The Better Auth adapter in a real Chromium (Debian's, driven by playwright-core) against a real
 * Better Auth server on SQLite: examples/better-auth-react served by Vite, which proxies /api/auth
 * to the auth server, with 4-second tokens. Sign up → signed in with a Jazz config; refreshes leave
 * `jwtToken` alone and do not reach the (stand-in) Db, whose connection outlives its token; a
 * simulated server restart makes the Db handshake with its expired token and be refused (`expired`)
 * → connectJazz hands over exactly one fresh token and the error clears; sign out → `providerKey`
 * changes. Screenshots on failure go to .data/screenshots.
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

/** The `exp` of a JWT, in ms. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
  if (typeof payload.exp !== "number") throw new Error("token without exp");
  return payload.exp * 1000;
}

const count = async (testId: string) => Number(await text(testId));

/** Waits until the number shown at `testId` is at least `atLeast`. */
async function waitForCount(testId: string, atLeast: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([id, min]) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent) >= Number(min),
    [testId, String(atLeast)] as const,
    { timeout, polling: 100 },
  );
}

describe("Better Auth + React in Chromium", () => {
  it("keeps the config token and the Db's token through refreshes, hands a fresh one over once after a rejection, and changes providerKey on sign-out", async () => {
    await step("load", async () => {
      await page.goto(pageUrl);
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 30_000 });
    });
    const signedOutKey = await text("provider-key");

    const jwtToken = await step("sign-up", async () => {
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-in" }).waitFor({ timeout: 15_000 });
      await page
        .getByTestId("db-connection")
        .filter({ hasText: /^connected$/ })
        .waitFor({ timeout: 5_000 });
      const token = await text("jwt-token");
      expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await text("config-token")).toBe(token);
      // connectJazz handed the Db the token it was created with: a no-op in Jazz, not a hand-over.
      expect(await count("no-ops")).toBeGreaterThanOrEqual(1);
      expect(await count("hand-overs")).toBe(0);
      return token;
    });
    const signedInKey = await text("provider-key");
    expect(signedInKey).not.toBe(signedOutKey);

    await step("refreshes", async () => {
      const before = await count("tokens");
      await waitForCount("tokens", before + 2, 15_000);
      // Two refreshes of 4 s tokens, ~3.2 s apart, move the expiry by 6 s or more (the extra forced
      // call that dates the clock right after sign-in moves it by 1 s at most).
      const configExpiry = expiryOf(jwtToken);
      await page.waitForFunction(
        (min) => Date.parse(document.querySelector('[data-testid="token-expires"]')?.textContent ?? "") >= min,
        configExpiry + 6_000,
        { timeout: 10_000, polling: 100 },
      );
      expect(await text("jwt-token")).toBe(jwtToken);
      expect(await text("provider-key")).toBe(signedInKey);
      expect(await text("status")).toBe("signed-in");
      expect(await text("token-expires")).not.toBe(await text("db-token-expires"));
      // Refreshes while connected stay with the source: the Db still holds its first token.
      expect(await count("hand-overs")).toBe(0);
      expect(await count("reconnects")).toBe(0);
      expect(await text("db-connection")).toBe("connected");
    });

    await step("held-token-expired", async () => {
      // The live connection outlives its token; a handshake now would be refused.
      const heldExpiry = expiryOf(jwtToken);
      await page.waitForFunction((expiry) => Date.now() >= expiry, heldExpiry, { timeout: 5_000, polling: 100 });
      expect(await count("hand-overs")).toBe(0);
    });

    await step("rejection", async () => {
      await page.getByRole("button", { name: "Simulate: server restarted" }).click();
      await waitForCount("hand-overs", 1, 5_000);
      await page
        .getByTestId("db-connection")
        .filter({ hasText: /^connected$/ })
        .waitFor({ timeout: 5_000 });
      expect(await count("restarts")).toBe(1);
      expect(await text("db-error")).toBe("");
      expect(await text("last-after")).toBe("expired");
      const handed = await text("last-token");
      expect(handed).not.toBe(jwtToken);
      const handedAt = Date.parse(await text("last-at"));
      expect(expiryOf(handed)).toBeGreaterThan(handedAt);
      expect(Date.parse(await text("last-expires"))).toBe(expiryOf(handed));
      // The transport was suspended after the rejection: the hand-over reconnected nothing.
      expect(await count("reconnects")).toBe(0);
      expect(await text("errors")).toBe("");
    });

    await step("after-rejection", async () => {
      // One more refresh while connected: still exactly one hand-over, and the config token unchanged.
      const before = await count("tokens");
      await waitForCount("tokens", before + 1, 10_000);
      expect(await count("hand-overs")).toBe(1);
      expect(await count("reconnects")).toBe(0);
      expect(await text("db-error")).toBe("");
      expect(await text("jwt-token")).toBe(jwtToken);
      expect(await text("provider-key")).toBe(signedInKey);
    });

    await step("sign-out", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 15_000 });
      expect(await text("provider-key")).not.toBe(signedInKey);
      expect(await text("jwt-token")).toBe("");
      expect(await text("config-token")).toBe("");
      expect(await count("principal-changes")).toBe(1);
      expect(await text("errors")).toBe("");
    });
  }, 90_000);
});
