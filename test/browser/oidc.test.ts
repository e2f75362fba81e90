/**
 * @jazz-auth/oidc end to end in Chromium: the real oidc-client-ts UserManager against a real
 * OpenID provider (oidc-provider on 127.0.0.1, 20-second tokens, refresh tokens, a resource
 * indicator for the API). Sign in by redirect (PKCE) → signed in, Jazz's config token is the
 * access token for the API (a JWT with `aud` = the API); refreshes by the refresh-token grant give
 * new tokens while `jwtToken` and the provider key stay; sign out by redirect → signed out. Then
 * the ID-token mode: the token is the ID token (`aud` = the client id).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, type PageHarness, pageOrigin, startPage, textOf, waitForText } from "../oidc/page-server";
import { API_AUDIENCE, CLIENT_ID, type OidcProviderServer, startOidcProvider } from "../oidc/provider-server";

let op: OidcProviderServer;
let harness: PageHarness;

beforeAll(async () => {
  const { port, origin } = await pageOrigin();
  op = await startOidcProvider({ appOrigin: origin, tokenSeconds: 20 });
  harness = await startPage("oidc", port, { __ISSUER__: op.issuer, __AUDIENCE__: API_AUDIENCE });
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await op?.close();
});

async function signIn(query = "") {
  const { page } = harness;
  await page.goto(`${harness.url}/${query}`);
  await waitForText(page, "status", "signed-out", 15_000);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign in as Ada" }).click({ timeout: 10_000 });
  await waitForText(page, "status", "signed-in", 15_000);
  expect(await textOf(page, "errors")).toBe("");
}

describe("@jazz-auth/oidc + oidc-client-ts against oidc-provider in Chromium", () => {
  it("signs in, refreshes the access token without changing Jazz's config token, and signs out", async () => {
    const { page } = harness;
    await signIn();
    const jwtToken = await textOf(page, "jwt-token");
    expect(claimsOf(jwtToken)).toMatchObject({ iss: op.issuer, sub: "ada", aud: API_AUDIENCE });
    expect(await textOf(page, "principal")).toBe("ada");
    const providerKey = await textOf(page, "provider-key");
    expect(op.grants("authorization_code")).toBe(1);

    // 20 s tokens: the engine refreshes ahead of exp (a fifth of the lifetime), by signinSilent().
    const refreshesBefore = op.grants("refresh_token");
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="tokens"]')?.textContent) >= 3, null, {
      timeout: 40_000,
      polling: 200,
    });
    expect(op.grants("refresh_token")).toBeGreaterThanOrEqual(refreshesBefore + 2);
    const latest = await textOf(page, "token");
    expect(latest).not.toBe(jwtToken);
    expect(claimsOf(latest)).toMatchObject({ sub: "ada", aud: API_AUDIENCE });
    expect(Number(claimsOf(latest).exp)).toBeGreaterThan(Number(claimsOf(jwtToken).exp));
    expect(await textOf(page, "jwt-token")).toBe(jwtToken);
    expect(await textOf(page, "provider-key")).toBe(providerKey);
    expect(await textOf(page, "errors")).toBe("");

    await page.getByRole("button", { name: "Sign out" }).click();
    await waitForText(page, "status", "signed-out", 15_000);
    expect(await textOf(page, "jwt-token")).toBe("");
    expect(await textOf(page, "provider-key")).not.toBe(providerKey);
    expect(op.requests.some((request) => request.path === "/session/end/confirm")).toBe(true);
  }, 75_000);

  it("hands Jazz the ID token (aud = the client id) without an audience", async () => {
    const { page } = harness;
    await signIn("?token=id");
    const jwtToken = await textOf(page, "jwt-token");
    expect(claimsOf(jwtToken)).toMatchObject({ iss: op.issuer, sub: "ada", aud: CLIENT_ID });
    // A refresh-token grant returns a new ID token, and oidc-client-ts keeps it: the source's first
    // forced call (right after sign-in, to date the clock) already gets one.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="tokens"]')?.textContent) >= 2, null, {
      timeout: 10_000,
      polling: 200,
    });
    const latest = await textOf(page, "token");
    expect(latest).not.toBe(jwtToken);
    expect(claimsOf(latest)).toMatchObject({ sub: "ada", aud: CLIENT_ID });
    expect(await textOf(page, "jwt-token")).toBe(jwtToken);
    expect(await textOf(page, "errors")).toBe("");
  }, 30_000);
});
