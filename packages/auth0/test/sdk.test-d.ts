/** Type test: the real Auth0 SPA client and useAuth0() fit the shapes the adapter accepts. */
import { useAuth0 } from "@auth0/auth0-react";
import type { Auth0Client } from "@auth0/auth0-spa-js";
import { auth0TokenSource } from "@jazz-auth/auth0";
import { useAuth0JazzAuth } from "@jazz-auth/auth0/react";

export const vanilla = (client: Auth0Client) => auth0TokenSource(client, { audience: "https://jazz.example.com" });
export const useReact = () => useAuth0JazzAuth(useAuth0(), { audience: "https://jazz.example.com" });
