import { useBetterAuthTokenSource } from "@jazz-auth/better-auth/react";
import type { TokenSource } from "@jazz-auth/core";
import { createStandInDb, type StandInDb, type StandInView } from "@jazz-auth/example-support/stand-in-db";
import { formatExpiry, type TokenLog, formatTime as time, watchTokenLog } from "@jazz-auth/example-support/token-log";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/react";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { useEffect, useState } from "react";

const authClient = createAuthClient({ baseURL: window.location.origin, plugins: [jwtClient()] });

/** Every distinct token the source has produced since the page loaded, and the current one. */
function useTokenLog(source: TokenSource): TokenLog {
  const [log, setLog] = useState<TokenLog>({ count: 0, token: null });
  useEffect(() => watchTokenLog(source, setLog), [source]);
  return log;
}

/**
 * The page: what useJazzAuth hands to Jazz (a config token that stays the same per principal), the
 * tokens the source keeps fresh, and what a live Jazz Db receives through useConnectJazz: a token
 * only when a handshake needs one, never on every refresh.
 */
export function App() {
  const source = useBetterAuthTokenSource(authClient);
  const auth = useJazzAuth(source);
  const tokens = useTokenLog(source);
  const [db, setDb] = useState<StandInDb | null>(null);
  const [view, setView] = useState<StandInView | null>(null);
  const [principalChanges, setPrincipalChanges] = useState(0);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const jwtToken = auth.jwtToken;

  // Jazz creates a client per providerKey, from config.jwtToken; so does this stand-in.
  useEffect(() => {
    if (!jwtToken) {
      setDb(null);
      setView(null);
      return;
    }
    const created = createStandInDb(jwtToken, setView);
    setDb(created);
    return () => created.shutdown();
  }, [jwtToken]);
  useConnectJazz(db, source, {
    onPrincipalChange: () => setPrincipalChanges((count) => count + 1),
    onError: (error) => setErrors((list) => [...list, `${error.code}: ${error.message}`]),
  });

  const signUp = () =>
    authClient.signUp.email({
      email: `browser-${Date.now()}@example.com`,
      password: "correct-horse-battery",
      name: "Browser",
    });

  const handOvers = view?.handOvers ?? [];
  const last = handOvers.at(-1);
  return (
    <main>
      <h1>jazz-auth · Better Auth + React</h1>
      <p>
        The token source refreshes ahead of expiry, but <code>useConnectJazz</code> hands a token to the Db only when a
        handshake needs one: a refresh while connected would cost Jazz a reconnect. Press “Simulate: server restarted”
        once the Db's token has expired: the Db reconnects with it, is refused (<code>expired</code>), and gets the
        source's fresh token, once.
      </p>
      <h2>Auth (useJazzAuth)</h2>
      <dl>
        <dt>status</dt>
        <dd data-testid="status">{auth.status}</dd>
        <dt>principal</dt>
        <dd data-testid="principal">{auth.principal ?? ""}</dd>
        <dt>providerKey</dt>
        <dd data-testid="provider-key">{auth.providerKey}</dd>
        <dt>config.jwtToken (the same per principal)</dt>
        <dd data-testid="jwt-token">{jwtToken ?? ""}</dd>
      </dl>
      <h2>Token source</h2>
      <dl>
        <dt>tokens produced (sign-ins and refreshes)</dt>
        <dd data-testid="tokens">{tokens.count}</dd>
        <dt>current token (the same in every tab of this origin: they share it)</dt>
        <dd data-testid="token">{tokens.token ?? ""}</dd>
        <dt>current token expires</dt>
        <dd data-testid="token-expires">{formatExpiry(tokens.token)}</dd>
      </dl>
      <h2>Jazz Db (stand-in)</h2>
      <dl>
        <dt>created with</dt>
        <dd data-testid="config-token">{view?.configToken ?? ""}</dd>
        <dt>connection</dt>
        <dd data-testid="db-connection">{view?.connection ?? ""}</dd>
        <dt>auth error</dt>
        <dd data-testid="db-error">{view?.error ?? ""}</dd>
        <dt>holds a token that expires</dt>
        <dd data-testid="db-token-expires">{formatExpiry(view?.heldToken)}</dd>
        <dt>hand-overs (updateAuthToken calls that changed the token or cleared an error)</dt>
        <dd data-testid="hand-overs">{handOvers.length}</dd>
        <dt>reconnects caused by a hand-over</dt>
        <dd data-testid="reconnects">{handOvers.filter((handOver) => handOver.reconnect).length}</dd>
        <dt>updateAuthToken no-ops (the token it holds, no error)</dt>
        <dd data-testid="no-ops">{view?.noOps ?? 0}</dd>
        <dt>server restarts</dt>
        <dd data-testid="restarts">{view?.restarts ?? 0}</dd>
        <dt>last hand-over: token</dt>
        <dd data-testid="last-token">{last?.token ?? ""}</dd>
        <dt>last hand-over: at / token expires / answered</dt>
        <dd>
          <span data-testid="last-at">{time(last?.at)}</span> /{" "}
          <span data-testid="last-expires">{time(last?.expiresAt)}</span> /{" "}
          <span data-testid="last-after">{last?.after ?? ""}</span>
        </dd>
        <dt>onPrincipalChange calls</dt>
        <dd data-testid="principal-changes">{principalChanges}</dd>
        <dt>onError</dt>
        <dd data-testid="errors">{errors.join("\n")}</dd>
      </dl>
      <button type="button" onClick={signUp}>
        Sign up
      </button>
      <button type="button" onClick={() => db?.simulateServerRestart()} disabled={!db}>
        Simulate: server restarted
      </button>
      <button type="button" onClick={() => authClient.signOut()}>
        Sign out
      </button>
    </main>
  );
}
