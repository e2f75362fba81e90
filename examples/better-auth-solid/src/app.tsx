/** @jsxImportSource solid-js */
// The pragma types this file's JSX as Solid's when the root tsconfig (React's JSX) checks it.
import { formatExpiry, formatTime } from "@jazz-auth/example-support/token-log";
import { createMemo } from "solid-js";
import { createExamplePage } from "./page";

/**
 * The page: what useJazzAuth hands to Jazz (a config token that stays the same per principal), the
 * tokens the source keeps fresh, and what a live Jazz Db receives through useConnectJazz: a token
 * only when a handshake needs one, never on every refresh.
 */
export function App() {
  const page = createExamplePage();
  const handOvers = createMemo(() => page.view()?.handOvers ?? []);
  const last = () => handOvers().at(-1);
  return (
    <main>
      <h1>jazz-auth · Better Auth + Solid</h1>
      <p>
        The token source refreshes ahead of expiry, but <code>useConnectJazz</code> hands a token to the Db only when a
        handshake needs one: a refresh while connected would cost Jazz a reconnect. Press “Simulate: server restarted”
        once the Db's token has expired: the Db reconnects with it, is refused (<code>expired</code>), and gets the
        source's fresh token, once.
      </p>
      <h2>Auth (useJazzAuth)</h2>
      <dl>
        <dt>status</dt>
        <dd data-testid="status">{page.auth().status}</dd>
        <dt>principal</dt>
        <dd data-testid="principal">{page.auth().principal ?? ""}</dd>
        <dt>providerKey</dt>
        <dd data-testid="provider-key">{page.auth().providerKey}</dd>
        <dt>config.jwtToken (the same per principal)</dt>
        <dd data-testid="jwt-token">{page.auth().jwtToken ?? ""}</dd>
      </dl>
      <h2>Token source</h2>
      <dl>
        <dt>tokens produced (sign-ins and refreshes)</dt>
        <dd data-testid="tokens">{page.tokens().count}</dd>
        <dt>current token expires</dt>
        <dd data-testid="token-expires">{formatExpiry(page.tokens().token)}</dd>
      </dl>
      <h2>Jazz Db (stand-in)</h2>
      <dl>
        <dt>created with</dt>
        <dd data-testid="config-token">{page.view()?.configToken ?? ""}</dd>
        <dt>connection</dt>
        <dd data-testid="db-connection">{page.view()?.connection ?? ""}</dd>
        <dt>auth error</dt>
        <dd data-testid="db-error">{page.view()?.error ?? ""}</dd>
        <dt>holds a token that expires</dt>
        <dd data-testid="db-token-expires">{formatExpiry(page.view()?.heldToken)}</dd>
        <dt>hand-overs (updateAuthToken calls that changed the token or cleared an error)</dt>
        <dd data-testid="hand-overs">{handOvers().length}</dd>
        <dt>reconnects caused by a hand-over</dt>
        <dd data-testid="reconnects">{handOvers().filter((handOver) => handOver.reconnect).length}</dd>
        <dt>updateAuthToken no-ops (the token it holds, no error)</dt>
        <dd data-testid="no-ops">{page.view()?.noOps ?? 0}</dd>
        <dt>server restarts</dt>
        <dd data-testid="restarts">{page.view()?.restarts ?? 0}</dd>
        <dt>last hand-over: token</dt>
        <dd data-testid="last-token">{last()?.token ?? ""}</dd>
        <dt>last hand-over: at / token expires / answered</dt>
        <dd>
          <span data-testid="last-at">{formatTime(last()?.at)}</span> /{" "}
          <span data-testid="last-expires">{formatTime(last()?.expiresAt)}</span> /{" "}
          <span data-testid="last-after">{last()?.after ?? ""}</span>
        </dd>
        <dt>onPrincipalChange calls</dt>
        <dd data-testid="principal-changes">{page.principalChanges()}</dd>
        <dt>onError</dt>
        <dd data-testid="errors">{page.errors().join("\n")}</dd>
      </dl>
      <button type="button" onClick={() => page.signUp()}>
        Sign up
      </button>
      <button type="button" onClick={() => page.simulateServerRestart()} disabled={!page.db()}>
        Simulate: server restarted
      </button>
      <button type="button" onClick={() => page.signOut()}>
        Sign out
      </button>
    </main>
  );
}
