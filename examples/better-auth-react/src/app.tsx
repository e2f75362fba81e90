import { useBetterAuthTokenSource } from "@jazz-auth/better-auth/react";
import type { JazzDbLike } from "@jazz-auth/core";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/react";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { useEffect, useState } from "react";
import { createStandInDb, type Received } from "./stand-in-db";

const authClient = createAuthClient({ baseURL: window.location.origin, plugins: [jwtClient()] });

/** The page: what useJazzAuth hands to Jazz, and what a Jazz Db would receive through useConnectJazz. */
export function App() {
  const source = useBetterAuthTokenSource(authClient);
  const auth = useJazzAuth(source);
  const [db, setDb] = useState<JazzDbLike | null>(null);
  const [received, setReceived] = useState<Received | null>(null);
  const jwtToken = auth.jwtToken;

  // Jazz creates a client per providerKey, from config.jwtToken; so does this stand-in.
  useEffect(() => {
    setDb(jwtToken ? createStandInDb(jwtToken, setReceived) : null);
    if (!jwtToken) setReceived(null);
  }, [jwtToken]);
  useConnectJazz(db, source);

  const signUp = () =>
    authClient.signUp.email({
      email: `browser-${Date.now()}@example.com`,
      password: "correct-horse-battery",
      name: "Browser",
    });

  return (
    <main>
      <h1>jazz-auth · Better Auth + React</h1>
      <dl>
        <dt>status</dt>
        <dd data-testid="status">{auth.status}</dd>
        <dt>principal</dt>
        <dd data-testid="principal">{auth.principal ?? ""}</dd>
        <dt>providerKey</dt>
        <dd data-testid="provider-key">{auth.providerKey}</dd>
        <dt>config.jwtToken</dt>
        <dd data-testid="jwt-token">{jwtToken ?? ""}</dd>
        <dt>Db created with</dt>
        <dd data-testid="config-token">{received?.configToken ?? ""}</dd>
        <dt>updateAuthToken calls</dt>
        <dd data-testid="updates">{received?.updates.length ?? 0}</dd>
      </dl>
      <button type="button" onClick={signUp}>
        Sign up
      </button>
      <button type="button" onClick={() => authClient.signOut()}>
        Sign out
      </button>
    </main>
  );
}
