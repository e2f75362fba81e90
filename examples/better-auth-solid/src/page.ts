import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import type { JazzAuthSnapshot } from "@jazz-auth/core";
import { createStandInDb, type StandInDb, type StandInView } from "@jazz-auth/example-support/stand-in-db";
import { type TokenLog, watchTokenLog } from "@jazz-auth/example-support/token-log";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/solid";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/solid";
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";

const authClient = createAuthClient({ baseURL: window.location.origin, plugins: [jwtClient()] });

/** One token source for the page's lifetime: the app subscribes while it is mounted. */
const source = betterAuthTokenSource(authClient);

/** What the page shows (accessors) and the buttons it offers. */
export interface ExamplePage {
  /** What useJazzAuth hands to Jazz: a config token that stays the same per principal. */
  readonly auth: Accessor<JazzAuthSnapshot>;
  readonly tokens: Accessor<TokenLog>;
  readonly db: Accessor<StandInDb | null>;
  readonly view: Accessor<StandInView | null>;
  readonly principalChanges: Accessor<number>;
  readonly errors: Accessor<readonly string[]>;
  signUp(): void;
  signOut(): void;
  simulateServerRestart(): void;
}

/**
 * The page's state, for a component (its effects live as long as the component's owner): the auth
 * view, the tokens the source keeps fresh, and a stand-in Db created per config token (as Jazz
 * creates a client per `providerKey`) that useConnectJazz keeps authenticated: a token only when a
 * handshake needs one.
 */
export function createExamplePage(): ExamplePage {
  const auth = useJazzAuth(source);
  const [tokens, setTokens] = createSignal<TokenLog>({ count: 0, token: null });
  const [db, setDb] = createSignal<StandInDb | null>(null);
  const [view, setView] = createSignal<StandInView | null>(null);
  const [principalChanges, setPrincipalChanges] = createSignal(0);
  const [errors, setErrors] = createSignal<readonly string[]>([]);
  // Only a new config token re-creates the Db: a memo tells its readers only when it changes.
  const jwtToken = createMemo(() => auth().jwtToken);

  onCleanup(watchTokenLog(source, setTokens));
  createEffect(
    on(jwtToken, (token) => {
      if (!token) {
        setDb(null);
        setView(null);
        return;
      }
      const created = createStandInDb(token, setView);
      setDb(created);
      onCleanup(() => created.shutdown());
    }),
  );
  useConnectJazz(db, source, {
    onPrincipalChange: () => setPrincipalChanges((count) => count + 1),
    onError: (error) => setErrors((list) => [...list, `${error.code}: ${error.message}`]),
  });

  return {
    auth,
    tokens,
    db,
    view,
    principalChanges,
    errors,
    signUp() {
      void authClient.signUp.email({
        email: `browser-${Date.now()}@example.com`,
        password: "correct-horse-battery",
        name: "Browser",
      });
    },
    signOut() {
      void authClient.signOut();
    },
    simulateServerRestart() {
      db()?.simulateServerRestart();
    },
  };
}
