/**
 * @jazz-auth/oidc over the real oidc-client-ts UserManager against the test provider: a redirect
 * sign-in (PKCE, refresh token), refreshes by the refresh-token grant, a redirect sign-out.
 * `?token=id` hands Jazz the ID token; otherwise the access token for the test API.
 */
import { createJazzAuth } from "@jazz-auth/core";
import { oidcTokenSource } from "@jazz-auth/oidc";
import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import { renderAuth } from "../render";

declare const __ISSUER__: string;
declare const __AUDIENCE__: string;

const mode = new URLSearchParams(location.search).get("token") ?? sessionStorage.getItem("mode") ?? "access";
sessionStorage.setItem("mode", mode);
const manager = new UserManager({
  authority: __ISSUER__,
  client_id: "jazz-web",
  redirect_uri: `${location.origin}/callback`,
  post_logout_redirect_uri: `${location.origin}/`,
  scope: "openid offline_access",
  resource: __AUDIENCE__,
  // The token source drives renewal (signinSilent on each refresh); the SDK's own timer would renew twice.
  automaticSilentRenew: false,
  userStore: new WebStorageStateStore({ store: sessionStorage }),
});

async function main() {
  if (location.pathname === "/callback") {
    await manager.signinRedirectCallback();
    history.replaceState(null, "", "/");
  }
  const source = oidcTokenSource(manager, mode === "id" ? {} : { audience: __AUDIENCE__ });
  const auth = createJazzAuth(source);
  const root = document.getElementById("app") as HTMLElement;
  renderAuth(root, auth, {
    "Sign in": () => void manager.signinRedirect(),
    "Sign out": () => void manager.signoutRedirect(),
  });
}

void main();
