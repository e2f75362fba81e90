/** Type test: the real oidc-client-ts UserManager fits the shape the adapter accepts. */
import { oidcTokenSource } from "@jazz-auth/oidc";
import { useOidcJazzAuth } from "@jazz-auth/oidc/react";
import { UserManager } from "oidc-client-ts";

const manager = new UserManager({
  authority: "https://id.example.com/realms/app",
  client_id: "jazz-web",
  redirect_uri: "https://app.example.com/callback",
  scope: "openid offline_access",
  automaticSilentRenew: false,
});

export const idTokens = () => oidcTokenSource(manager);
export const accessTokens = () => oidcTokenSource(manager, { audience: "https://jazz.example.com" });
export const useReact = () => useOidcJazzAuth(manager, { audience: "https://jazz.example.com" });
