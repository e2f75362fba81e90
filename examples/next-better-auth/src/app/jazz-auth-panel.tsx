"use client";

import { useBetterAuthTokenSource } from "@jazz-auth/better-auth/react";
import { useJazzAuth } from "@jazz-auth/react";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

// No baseURL: in the browser, the page's origin (next.config.ts proxies /api/auth). The server
// renders this component too, with the same client, and never calls it: it only reads the snapshot.
const authClient = createAuthClient({ plugins: [jwtClient()] });

/** Props of {@link JazzAuthPanel}. */
export interface JazzAuthPanelProps {
  /** The server's token for this request, `null` without a session, `undefined` when it could not tell. */
  readonly initialToken: string | null | undefined;
}

/**
 * What useJazzAuth hands to Jazz's provider, rendered. The token source starts from the server's
 * token, so the server's HTML and the first client render already show `signed-in` (or
 * `signed-out`); `loading` appears only when the server could not tell or its token is stale.
 */
export function JazzAuthPanel({ initialToken }: JazzAuthPanelProps) {
  const source = useBetterAuthTokenSource(authClient, initialToken === undefined ? {} : { initialToken });
  const auth = useJazzAuth(source);

  const signUp = () =>
    authClient.signUp.email({
      email: `next-${Date.now()}@example.com`,
      password: "correct-horse-battery",
      name: "Next",
    });

  return (
    <section>
      <dl>
        <dt>status</dt>
        <dd data-testid="status">{auth.status}</dd>
        <dt>principal</dt>
        <dd data-testid="principal">{auth.principal ?? ""}</dd>
        <dt>providerKey</dt>
        <dd data-testid="provider-key">{auth.providerKey}</dd>
        <dt>config.jwtToken</dt>
        <dd data-testid="jwt-token">{auth.jwtToken ?? ""}</dd>
      </dl>
      {auth.status === "signed-out" && (
        <button type="button" onClick={signUp}>
          Sign up
        </button>
      )}
      {auth.status === "signed-in" && (
        <button type="button" onClick={() => authClient.signOut()}>
          Sign out
        </button>
      )}
    </section>
  );
}
