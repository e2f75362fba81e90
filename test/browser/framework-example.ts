/**
 * The one scenario every framework example runs in Chromium (examples/better-auth-{vue,svelte,solid}:
 * the React example's page, on that framework's binding), against the embedded Better Auth server
 * with 4-second tokens: sign up → signed in, the config token equals the Db's; two refreshes leave
 * `jwtToken`, the Db and `providerKey` alone; a simulated server restart with the Db's expired token
 * is answered by exactly one hand-over (the binding's connect helper at work); sign out → a new
 * `providerKey` and no config token. Bounded: at most 20 s to start, 30 s for the scenario.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, expiryOf, startBrowserHarness, type Tab } from "./harness";

const JWT = /^ey[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Registers the scenario for `examples/<example>`, under "Better Auth + <framework> in Chromium".
 * Sign-out calls the connect helper's `onPrincipalChange` once on every framework: Vue's watchers
 * and Svelte's effects drop the Db after the source's notification, Solid's effects inside it (the
 * connection's stop then reports the change it had not heard yet).
 */
export function describeFrameworkExample(framework: string, example: string): void {
  let harness: BrowserHarness;
  let tab: Tab;
  let page: Page;

  beforeAll(async () => {
    harness = await startBrowserHarness({ example });
    tab = await harness.openTab();
    page = tab.page;
  }, 20_000);

  afterAll(async () => {
    await harness?.close();
  });

  describe(`Better Auth + ${framework} in Chromium`, () => {
    it("signs up, keeps the config token through two refreshes, hands over once after a rejection, and changes providerKey on sign-out", async () => {
      await harness.step("load", async () => {
        await page.goto(harness.url);
        await tab.waitForText("status", "signed-out", 10_000);
      });
      const signedOutKey = await tab.text("provider-key");

      const jwtToken = await harness.step("sign-up", async () => {
        await page.getByRole("button", { name: "Sign up" }).click();
        await tab.waitForText("status", "signed-in", 8_000);
        await tab.waitForText("db-connection", "connected", 3_000);
        const token = await tab.text("jwt-token");
        expect(token).toMatch(JWT);
        expect(await tab.text("config-token")).toBe(token);
        expect(await tab.text("principal")).not.toBe("");
        // The connect helper handed the Db the token it was created with: a no-op, not a hand-over.
        expect(await tab.count("no-ops")).toBeGreaterThanOrEqual(1);
        expect(await tab.count("hand-overs")).toBe(0);
        return token;
      });
      const signedInKey = await tab.text("provider-key");
      expect(signedInKey).not.toBe(signedOutKey);

      await harness.step("refreshes", async () => {
        const before = await tab.count("tokens");
        await tab.waitForCount("tokens", before + 2, 10_000);
        // Two refreshes of 4 s tokens, ~3.2 s apart, move the expiry by 6 s or more (the forced call
        // that dates the clock right after sign-in moves it by 1 s at most).
        await page.waitForFunction(
          (min) => Date.parse(document.querySelector('[data-testid="token-expires"]')?.textContent ?? "") >= min,
          expiryOf(jwtToken) + 6_000,
          { timeout: 5_000, polling: 100 },
        );
        expect(await tab.text("jwt-token")).toBe(jwtToken);
        expect(await tab.text("config-token")).toBe(jwtToken);
        expect(await tab.text("provider-key")).toBe(signedInKey);
        expect(await tab.text("status")).toBe("signed-in");
        // Every token the page counted came from the auth server through the proxy.
        expect(harness.authRequests.count("/api/auth/token")).toBeGreaterThanOrEqual(await tab.count("tokens"));
        // Refreshes while connected stay with the source: the Db still holds its first token.
        expect(await tab.text("token-expires")).not.toBe(await tab.text("db-token-expires"));
        expect(await tab.count("hand-overs")).toBe(0);
        expect(await tab.count("reconnects")).toBe(0);
        expect(await tab.text("db-connection")).toBe("connected");
      });

      await harness.step("rejection", async () => {
        // The Db's token has expired by now; a handshake with it is refused, then answered once.
        await page.waitForFunction((expiry) => Date.now() >= expiry, expiryOf(jwtToken), { timeout: 3_000 });
        await page.getByRole("button", { name: "Simulate: server restarted" }).click();
        await tab.waitForCount("hand-overs", 1, 3_000);
        await tab.waitForText("db-connection", "connected", 3_000);
        expect(await tab.count("hand-overs")).toBe(1);
        expect(await tab.text("last-after")).toBe("expired");
        expect(await tab.text("last-token")).not.toBe(jwtToken);
        expect(await tab.text("db-error")).toBe("");
        expect(await tab.count("reconnects")).toBe(0);
        expect(await tab.text("jwt-token")).toBe(jwtToken);
        expect(await tab.text("errors")).toBe("");
      });

      await harness.step("sign-out", async () => {
        await page.getByRole("button", { name: "Sign out" }).click();
        await tab.waitForText("status", "signed-out", 8_000);
        expect(await tab.text("provider-key")).not.toBe(signedInKey);
        expect(await tab.text("jwt-token")).toBe("");
        expect(await tab.text("config-token")).toBe("");
        expect(await tab.count("principal-changes")).toBe(1);
        expect(await tab.text("errors")).toBe("");
      });
    }, 30_000);
  });
}
