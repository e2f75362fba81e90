/**
 * @jazz-auth/auth0 end to end with Auth0's real SPA SDK (@auth0/auth0-spa-js 2.27.0) in Chromium,
 * against oidc-provider on 127.0.0.1 speaking Auth0's paths (/authorize, /oauth/token,
 * /.well-known/jwks.json, /v2/logout), issuer (trailing slash) and `audience` parameter, with
 * 20-second tokens and refresh tokens (`useRefreshTokens: true`, memory cache, spa-js's worker).
 * Covers: redirect login with the audience → a JWT access token for the API; refreshes through
 * getTokenSilently (cacheMode "off" when forced) by the refresh-token grant, with Jazz's config
 * token unchanged; a session ended elsewhere → the refresh token is revoked → our source reads
 * spa-js's error as signed out; a logout through /v2/logout?returnTo. What this does not prove
 * about Auth0 itself: docs/providers/auth0.md, "Tested against".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, type PageHarness, pageOrigin, startPage, textOf, waitForText } from "../oidc/page-server";
import { API_AUDIENCE, type OidcProviderServer, startOidcProvider } from "../oidc/provider-server";

let op: OidcProviderServer;
let harness: PageHarness;

beforeAll(async () => {
  const { port, origin } = await pageOrigin();
  op = await startOidcProvider({ appOrigin: origin, flavor: "auth0", tokenSeconds: 20 });
  harness = await startPage("auth0", port, { __DOMAIN__: op.origin, __AUDIENCE__: API_AUDIENCE });
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await op?.close();
});

const tokensAtLeast = (count: number, timeout: number) =>
  harness.page.waitForFunction(
    (min) => Number(document.querySelector('[data-testid="tokens"]')?.textContent) >= min,
    count,
    { timeout, polling: 200 },
  );

async function signIn(query = "") {
  const { page } = harness;
  await page.goto(`${harness.url}/${query}`);
  await waitForText(page, "status", "signed-out", 15_000);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign in as Ada" }).click({ timeout: 10_000 });
  await waitForText(page, "status", "signed-in", 15_000);
}

describe("@jazz-auth/auth0 + auth0-spa-js against oidc-provider with Auth0's endpoints in Chromium", () => {
  it("signs in with the audience, refreshes by the refresh-token grant with the config token kept, and signs out", async () => {
    const { page } = harness;
    await signIn();
    const jwtToken = await textOf(page, "jwt-token");
    expect(claimsOf(jwtToken)).toMatchObject({ iss: op.issuer, sub: "ada", aud: API_AUDIENCE });
    const providerKey = await textOf(page, "provider-key");
    expect(op.requests.some((request) => request.path === "/authorize")).toBe(true);
    expect(op.grants("authorization_code")).toBe(1);

    await tokensAtLeast(3, 40_000);
    expect(op.grants("refresh_token")).toBeGreaterThanOrEqual(2);
    const latest = await textOf(page, "token");
    expect(claimsOf(latest)).toMatchObject({ iss: op.issuer, sub: "ada", aud: API_AUDIENCE });
    expect(await textOf(page, "jwt-token")).toBe(jwtToken);
    expect(await textOf(page, "provider-key")).toBe(providerKey);

    // A forced refresh is getTokenSilently({ cacheMode: "off" }): one more refresh grant, a new token.
    const grants = op.grants("refresh_token");
    const tokens = Number(await textOf(page, "tokens"));
    await page.getByRole("button", { name: "Refresh now" }).click();
    // The grant the click causes, then its token on the page (a busy machine may take seconds).
    await expect.poll(() => op.grants("refresh_token"), { timeout: 20_000 }).toBeGreaterThan(grants);
    await tokensAtLeast(tokens + 1, 20_000);
    expect(await textOf(page, "errors")).toBe("");

    await page.getByRole("button", { name: "Sign out" }).click();
    await waitForText(page, "status", "signed-out", 15_000);
    expect(op.requests.some((request) => request.path === "/v2/logout")).toBe(true);
    expect(await textOf(page, "jwt-token")).toBe("");
    expect(await textOf(page, "provider-key")).not.toBe(providerKey);
  }, 80_000);

  it("reads a session ended elsewhere (its refresh token revoked) as signed out, not as an error", async () => {
    const { page } = harness;
    await signIn();
    // The provider's logout in another tab of the same browser: the session and its grant end.
    const other = await page.context().newPage();
    await other.goto(`${op.origin}/v2/logout?client_id=jazz-web&returnTo=${encodeURIComponent(`${harness.url}/`)}`);
    await other.waitForURL(`${harness.url}/`, { timeout: 10_000 });
    await other.close();
    const refused = page.waitForResponse((response) => response.url().endsWith("/oauth/token"), { timeout: 10_000 });
    await page.getByRole("button", { name: "Refresh now" }).click();
    const answer = await refused;
    // Auth0 answers a revoked refresh token the same way: 400 invalid_grant ("Unknown or invalid refresh token").
    expect([answer.status(), (await answer.json()).error]).toEqual([400, "invalid_grant"]);
    await waitForText(page, "status", "signed-out", 10_000);
    expect(await textOf(page, "jwt-token")).toBe("");
    expect(await textOf(page, "errors")).toBe("");
  }, 40_000);

  it("without refresh tokens, reads login_required from silent authentication as signed out, and refreshes through the iframe once signed in", async () => {
    const { page } = harness;
    const silentAsks = () =>
      op.requests.filter((r) => r.path === "/authorize" && r.responseMode === "web_message").length;
    const asked = silentAsks();
    await page.goto(`${harness.url}/?silent=iframe`);
    await waitForText(page, "status", "signed-out", 15_000);
    // No session at the provider: the iframe's /authorize (prompt=none, web_message) answered login_required.
    expect(silentAsks()).toBeGreaterThan(asked);
    expect(await textOf(page, "errors")).toBe("");

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign in as Ada" }).click({ timeout: 10_000 });
    await waitForText(page, "status", "signed-in", 15_000);
    const jwtToken = await textOf(page, "jwt-token");
    expect(claimsOf(jwtToken)).toMatchObject({ sub: "ada", aud: API_AUDIENCE });
    const codes = op.grants("authorization_code");
    const silentBefore = silentAsks();
    // Read before the click: a refresh that lands before a read after it would leave nothing to wait for.
    const before = await textOf(page, "token");
    await page.getByRole("button", { name: "Refresh now" }).click();
    await page.waitForFunction(
      (token) => (document.querySelector('[data-testid="token"]')?.textContent ?? token) !== token,
      before,
      { timeout: 20_000, polling: 100 },
    );
    // cacheMode "off" without refresh tokens: a new code from the iframe, exchanged for new tokens.
    expect(silentAsks()).toBeGreaterThan(silentBefore);
    expect(op.grants("authorization_code")).toBeGreaterThan(codes);
    expect(await textOf(page, "jwt-token")).toBe(jwtToken);
    expect(await textOf(page, "errors")).toBe("");
  }, 40_000);
});
