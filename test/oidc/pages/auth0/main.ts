/**
 * @jazz-auth/auth0 over the real @auth0/auth0-spa-js against the test provider in its Auth0 flavor.
 * `domain` takes a full URL: spa-js uses a domain that starts with http(s):// as it is and builds
 * /authorize, /oauth/token and /v2/logout on it, and expects `iss` = that URL with a trailing slash
 * (auth0-spa-js 2.27.0 dist/auth0-spa-js.production.esm.js, `domainUrl` and `tokenIssuer`).
 * Refresh tokens in the default memory cache (the refresh grant runs in spa-js's Web Worker), or
 * with `?silent=iframe` none: silent authentication in a hidden iframe.
 */
import { Auth0Client } from "@auth0/auth0-spa-js";
import { auth0TokenSource } from "@jazz-auth/auth0";
import { createJazzAuth } from "@jazz-auth/core";
import { renderAuth } from "../render";

declare const __DOMAIN__: string;
declare const __AUDIENCE__: string;

// `?silent=iframe`: no refresh tokens, silent authentication in a hidden iframe (prompt=none).
const silent = new URLSearchParams(location.search).get("silent") ?? sessionStorage.getItem("silent") ?? "refresh";
sessionStorage.setItem("silent", silent);
// new Auth0Client, not createAuth0Client: the latter's checkSession() would ask before the page shows.
const client = new Auth0Client({
  domain: __DOMAIN__,
  clientId: "jazz-web",
  useRefreshTokens: silent !== "iframe",
  authorizationParams: { redirect_uri: `${location.origin}/`, audience: __AUDIENCE__, scope: "openid offline_access" },
});

async function main() {
  if (new URLSearchParams(location.search).has("code")) {
    await client.handleRedirectCallback();
    history.replaceState(null, "", "/");
  }
  const source = auth0TokenSource(client, { audience: __AUDIENCE__ });
  const auth = createJazzAuth(source);
  renderAuth(document.getElementById("app") as HTMLElement, auth, {
    "Sign in": () => void client.loginWithRedirect(),
    "Sign out": () => void client.logout({ logoutParams: { returnTo: `${location.origin}/` } }),
    // A forced refresh: getTokenSilently({ cacheMode: "off" }), the refresh-token grant.
    "Refresh now": () => void source.getToken({ forceRefresh: true }).catch(() => undefined),
  });
}

void main();
