import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { createStandInDb, type StandInDb, type StandInView } from "@jazz-auth/example-support/stand-in-db";
import { type TokenLog, watchTokenLog } from "@jazz-auth/example-support/token-log";
import { type JazzAuthRef, useConnectJazz, useJazzAuth } from "@jazz-auth/vue";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/vue";
import { onScopeDispose, type Ref, type ShallowRef, shallowRef, watch } from "vue";

const authClient = createAuthClient({ baseURL: window.location.origin, plugins: [jwtClient()] });

/** One token source for the page's lifetime: the app subscribes while it is mounted. */
const source = betterAuthTokenSource(authClient);

/** What the page shows and the buttons it offers. */
export interface ExamplePage {
  /** What useJazzAuth hands to Jazz: a config token that stays the same per principal. */
  readonly auth: JazzAuthRef;
  readonly tokens: Readonly<Ref<TokenLog>>;
  readonly db: Readonly<ShallowRef<StandInDb | null>>;
  readonly view: Readonly<ShallowRef<StandInView | null>>;
  readonly principalChanges: Readonly<Ref<number>>;
  readonly errors: Readonly<Ref<readonly string[]>>;
  signUp(): void;
  signOut(): void;
  simulateServerRestart(): void;
}

/**
 * The page's state, for `<script setup>`: the auth view, the tokens the source keeps fresh, and a
 * stand-in Db created per config token (as Jazz creates a client per `providerKey`) that
 * useConnectJazz keeps authenticated: a token only when a handshake needs one.
 */
export function useExamplePage(): ExamplePage {
  const auth = useJazzAuth(source);
  const tokens = shallowRef<TokenLog>({ count: 0, token: null });
  onScopeDispose(
    watchTokenLog(source, (log) => {
      tokens.value = log;
    }),
  );
  const db = shallowRef<StandInDb | null>(null);
  const view = shallowRef<StandInView | null>(null);
  const principalChanges = shallowRef(0);
  const errors = shallowRef<readonly string[]>([]);

  watch(
    () => auth.value.jwtToken,
    (jwtToken, _previous, onCleanup) => {
      if (!jwtToken) {
        db.value = null;
        view.value = null;
        return;
      }
      const created = createStandInDb(jwtToken, (next) => {
        view.value = next;
      });
      db.value = created;
      onCleanup(() => created.shutdown());
    },
    { immediate: true },
  );
  useConnectJazz(db, source, {
    onPrincipalChange: () => {
      principalChanges.value += 1;
    },
    onError: (error) => {
      errors.value = [...errors.value, `${error.code}: ${error.message}`];
    },
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
      db.value?.simulateServerRestart();
    },
  };
}
