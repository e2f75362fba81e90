/** Type test: the real Auth0 SPA client and useAuth0() fit the shapes the adapter accepts. */
import { useAuth0 } from "@auth0/auth0-react";
import { type Auth0Client, createAuth0Client } from "@auth0/auth0-spa-js";
import { auth0TokenSource } from "@jazz-auth/auth0";
import { useAuth0JazzAuth } from "@jazz-auth/auth0/react";

export const vanilla = (client: Auth0Client) => auth0TokenSource(client, { audience: "https://jazz.example.com" });
export const useReact = () => useAuth0JazzAuth(useAuth0(), { audience: "https://jazz.example.com" });

/** Without React: the client createAuth0Client resolves, with refresh tokens, as the docs set it up. */
export const fromCreate = async () =>
  auth0TokenSource(
    await createAuth0Client({
      domain: "example.us.auth0.com",
      clientId: "k3Xq9",
      useRefreshTokens: true,
      authorizationParams: { audience: "https://jazz.example.com" },
    }),
    { audience: "https://jazz.example.com" },
  );
