/**
 * The Better Auth adapter in a real Chromium (Debian's, driven by playwright-core) against a real
 * Better Auth server on SQLite: examples/better-auth-react served by Vite, which proxies /api/auth
 * to the auth server, with 4-second tokens. Sign up → signed in with a Jazz config; refreshes leave
 * `jwtToken` alone and do not reach the (stand-in) Db, whose connection outlives its token; a
 * simulated server restart makes the Db handshake with its expired token and be refused (`expired`)
 * → connectJazz hands over exactly one fresh token and the error clears; sign out → `providerKey`
 * changes. Screenshots on failure go to .data/screenshots.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, expiryOf, startBrowserHarness, type Tab } from "./harness";

let harness: BrowserHarness;
let tab: Tab;
let page: Page;

beforeAll(async () => {
  harness = await startBrowserHarness({ example: "better-auth-react" });
  tab = await harness.openTab();
  page = tab.page;
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe("Better Auth + React in Chromium", () => {
  it("keeps the config token and the Db's token through refreshes, hands a fresh one over once after a rejection, and changes providerKey on sign-out", async () => {
    await harness.step("load", async () => {
      await page.goto(harness.url);
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 30_000 });
    });
    const signedOutKey = await tab.text("provider-key");

    const jwtToken = await harness.step("sign-up", async () => {
      await page.getByRole("button", { name: "Sign up" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-in" }).waitFor({ timeout: 15_000 });
      await page
        .getByTestId("db-connection")
        .filter({ hasText: /^connected$/ })
        .waitFor({ timeout: 5_000 });
      const token = await tab.text("jwt-token");
      expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(await tab.text("config-token")).toBe(token);
      // connectJazz handed the Db the token it was created with: a no-op in Jazz, not a hand-over.
      expect(await tab.count("no-ops")).toBeGreaterThanOrEqual(1);
      expect(await tab.count("hand-overs")).toBe(0);
      return token;
    });
    const signedInKey = await tab.text("provider-key");
    expect(signedInKey).not.toBe(signedOutKey);

    await harness.step("refreshes", async () => {
      const before = await tab.count("tokens");
      await tab.waitForCount("tokens", before + 2, 15_000);
      // Two refreshes of 4 s tokens, ~3.2 s apart, move the expiry by 6 s or more (the extra forced
      // call that dates the clock right after sign-in moves it by 1 s at most).
      const configExpiry = expiryOf(jwtToken);
      await page.waitForFunction(
        (min) => Date.parse(document.querySelector('[data-testid="token-expires"]')?.textContent ?? "") >= min,
        configExpiry + 6_000,
        { timeout: 10_000, polling: 100 },
      );
      expect(await tab.text("jwt-token")).toBe(jwtToken);
      expect(await tab.text("provider-key")).toBe(signedInKey);
      expect(await tab.text("status")).toBe("signed-in");
      expect(await tab.text("token-expires")).not.toBe(await tab.text("db-token-expires"));
      // Refreshes while connected stay with the source: the Db still holds its first token.
      expect(await tab.count("hand-overs")).toBe(0);
      expect(await tab.count("reconnects")).toBe(0);
      expect(await tab.text("db-connection")).toBe("connected");
    });

    await harness.step("held-token-expired", async () => {
      // The live connection outlives its token; a handshake now would be refused.
      const heldExpiry = expiryOf(jwtToken);
      await page.waitForFunction((expiry) => Date.now() >= expiry, heldExpiry, { timeout: 5_000, polling: 100 });
      expect(await tab.count("hand-overs")).toBe(0);
    });

    await harness.step("rejection", async () => {
      await page.getByRole("button", { name: "Simulate: server restarted" }).click();
      await tab.waitForCount("hand-overs", 1, 5_000);
      await page
        .getByTestId("db-connection")
        .filter({ hasText: /^connected$/ })
        .waitFor({ timeout: 5_000 });
      expect(await tab.count("restarts")).toBe(1);
      expect(await tab.text("db-error")).toBe("");
      expect(await tab.text("last-after")).toBe("expired");
      const handed = await tab.text("last-token");
      expect(handed).not.toBe(jwtToken);
      const handedAt = Date.parse(await tab.text("last-at"));
      expect(expiryOf(handed)).toBeGreaterThan(handedAt);
      expect(Date.parse(await tab.text("last-expires"))).toBe(expiryOf(handed));
      // The transport was suspended after the rejection: the hand-over reconnected nothing.
      expect(await tab.count("reconnects")).toBe(0);
      expect(await tab.text("errors")).toBe("");
    });

    await harness.step("after-rejection", async () => {
      // One more refresh while connected: still exactly one hand-over, and the config token unchanged.
      const before = await tab.count("tokens");
      await tab.waitForCount("tokens", before + 1, 10_000);
      expect(await tab.count("hand-overs")).toBe(1);
      expect(await tab.count("reconnects")).toBe(0);
      expect(await tab.text("db-error")).toBe("");
      expect(await tab.text("jwt-token")).toBe(jwtToken);
      expect(await tab.text("provider-key")).toBe(signedInKey);
    });

    await harness.step("sign-out", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByTestId("status").filter({ hasText: "signed-out" }).waitFor({ timeout: 15_000 });
      expect(await tab.text("provider-key")).not.toBe(signedInKey);
      expect(await tab.text("jwt-token")).toBe("");
      expect(await tab.text("config-token")).toBe("");
      expect(await tab.count("principal-changes")).toBe(1);
      expect(await tab.text("errors")).toBe("");
    });
  }, 90_000);
});
