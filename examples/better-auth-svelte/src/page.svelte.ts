import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import type { JazzAuthSnapshot } from "@jazz-auth/core";
import { createStandInDb, type StandInDb, type StandInView } from "@jazz-auth/example-support/stand-in-db";
import { type TokenLog, watchTokenLog } from "@jazz-auth/example-support/token-log";
import { jazzAuth } from "@jazz-auth/svelte";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/svelte";
import { untrack } from "svelte";

const authClient = createAuthClient({ baseURL: window.location.origin, plugins: [jwtClient()] });

/** One token source for the page's lifetime: the app subscribes while it is mounted. */
const source = betterAuthTokenSource(authClient);

/** What the page shows (each a reactive getter) and the buttons it offers. */
export interface ExamplePage {
  /** What jazzAuth hands to Jazz: a config token that stays the same per principal. */
  readonly auth: JazzAuthSnapshot;
  readonly tokens: TokenLog;
  readonly db: StandInDb | null;
  readonly view: StandInView | null;
  readonly principalChanges: number;
  readonly errors: readonly string[];
  signUp(): void;
  signOut(): void;
  simulateServerRestart(): void;
}

/**
 * The page's state, for a component's `<script>` (its effects live as long as the component): the
 * auth view, the tokens the source keeps fresh, and a stand-in Db created per config token (as Jazz
 * creates a client per `providerKey`) that `auth.connect` keeps authenticated: a token only when a
 * handshake needs one.
 */
export function createExamplePage(): ExamplePage {
  const auth = jazzAuth(source);
  let tokens = $state.raw<TokenLog>({ count: 0, token: null });
  let db = $state.raw<StandInDb | null>(null);
  let view = $state.raw<StandInView | null>(null);
  let principalChanges = $state(0);
  let errors = $state.raw<readonly string[]>([]);
  // Only a new config token re-creates the Db: `$derived` tells its readers only when it changes.
  const jwtToken = $derived(auth.current.jwtToken);

  $effect(() =>
    watchTokenLog(source, (log) => {
      tokens = log;
    }),
  );
  $effect(() => {
    if (!jwtToken) {
      db = null;
      view = null;
      return;
    }
    const created = createStandInDb(jwtToken, (next) => {
      view = next;
    });
    db = created;
    return () => created.shutdown();
  });
  $effect(() => {
    const live = db;
    return untrack(() =>
      auth.connect(live, {
        onPrincipalChange: () => {
          principalChanges += 1;
        },
        onError: (error) => {
          errors = [...errors, `${error.code}: ${error.message}`];
        },
      }),
    );
  });

  return {
    get auth() {
      return auth.current;
    },
    get tokens() {
      return tokens;
    },
    get db() {
      return db;
    },
    get view() {
      return view;
    },
    get principalChanges() {
      return principalChanges;
    },
    get errors() {
      return errors;
    },
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
      db?.simulateServerRestart();
    },
  };
}
