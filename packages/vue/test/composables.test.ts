import type { AuthStatus, TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, type FakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { describeJazzAuthBinding } from "@jazz-auth/testing/conformance";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/vue";
import { afterEach, describe, expect, it } from "vitest";
import {
  computed,
  createApp,
  defineComponent,
  effectScope,
  h,
  isReadonly,
  nextTick,
  shallowRef,
  watchEffect,
} from "vue";

const MINUTE = 60_000;
const appId = "app";

/** Mounts a component that renders the binding's view, as an app would; `read` reads what it rendered. */
describeJazzAuthBinding("vue (mounted app)", (source) => {
  const root = document.createElement("div");
  const Probe = defineComponent({
    setup() {
      const auth = useJazzAuth(source);
      return () =>
        h("output", {
          "data-status": auth.value.status,
          "data-principal": auth.value.principal,
          "data-jwt-token": auth.value.jwtToken,
          "data-provider-key": auth.value.providerKey,
        });
    },
  });
  const app = createApp(Probe);
  app.mount(root);
  const attribute = (name: string) => root.firstElementChild?.getAttribute(`data-${name}`) ?? null;
  return {
    read: () => ({
      status: attribute("status") as AuthStatus,
      principal: attribute("principal"),
      jwtToken: attribute("jwt-token") ?? undefined,
      providerKey: attribute("provider-key") ?? "",
    }),
    flush: () => nextTick(),
    unmount: () => app.unmount(),
  };
});

describeJazzAuthBinding("vue (effectScope)", (source) => {
  const scope = effectScope();
  const auth = scope.run(() => useJazzAuth(source));
  if (!auth) throw new Error("the scope did not run");
  return { read: () => auth.value, flush: () => nextTick(), unmount: () => scope.stop() };
});

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

async function signedIn() {
  const harness = createConformanceHarness({ lifetimeSeconds: 600 });
  const source = scriptedTokenSource(harness);
  sources.push(source);
  const stop = source.subscribe(() => {});
  await harness.clock.advance(1000); // the first token, then the call that dates it
  const newDb = (): FakeJazzDb => createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock: harness.clock });
  const options = { environment: harness.environment, clock: harness.clock, timers: harness.clock };
  /** A drop the page cannot see, 30 min after the Db's token was minted: a connected Db recovers with a fresh token. */
  const dropLater = async (...dbs: FakeJazzDb[]) => {
    for (const db of dbs) db.connection.drop();
    await harness.clock.advance(20_000);
  };
  return { ...harness, source, stop, newDb, options, dropLater };
}

describe("useJazzAuth", () => {
  it("returns a read-only ref that effects track", async () => {
    const { source, clock } = await signedIn();
    const scope = effectScope();
    const seen: string[] = [];
    const auth = scope.run(() => {
      const auth = useJazzAuth(source);
      watchEffect(() => seen.push(auth.value.providerKey));
      return auth;
    });
    expect(isReadonly(auth)).toBe(true);
    expect(seen).toEqual(["scripted:user-1"]);
    source.getToken({ forceRefresh: true }); // a refresh: same principal, same view
    await clock.advance(0);
    await nextTick();
    expect(seen).toEqual(["scripted:user-1"]);
    scope.stop();
  });

  it("shares the pinned token with a reader that starts after refreshes", async () => {
    const { source, clock } = await signedIn();
    const first = effectScope();
    const early = first.run(() => useJazzAuth(source));
    await clock.advance(30 * MINUTE); // the source refreshed several times
    const second = effectScope();
    const late = second.run(() => useJazzAuth(source));
    expect(late?.value.jwtToken).not.toBe(source.getSnapshot().token);
    expect(late?.value.jwtToken).toBe(early?.value.jwtToken);
    first.stop();
    second.stop();
  });

  it("refuses to run outside an effect scope, where nothing would unsubscribe it", async () => {
    const { source } = await signedIn();
    expect(() => useJazzAuth(source)).toThrow(TypeError);
    expect(() => useConnectJazz(null, source)).toThrow(TypeError);
  });
});

describe("useConnectJazz", () => {
  it("keeps the live Db authenticated without handing it every refresh", async () => {
    const { source, clock, newDb, options, dropLater } = await signedIn();
    const db = newDb();
    const scope = effectScope();
    scope.run(() => useConnectJazz(db, source, options));
    await clock.advance(30 * MINUTE);
    expect(db.updates).toHaveLength(0); // refreshes are kept ready, not handed over
    await dropLater(db);
    expect(db.handshakes.map((handshake) => handshake.outcome)).toEqual(["accepted", "expired", "accepted"]);
    expect(db.updates).toEqual([source.getSnapshot().token]);
    scope.stop();
  });

  it("stops the previous connection when the Db ref changes, and the last one when the scope ends", async () => {
    const { source, clock, newDb, options, dropLater } = await signedIn();
    const first = newDb();
    const db = shallowRef<FakeJazzDb | null>(null);
    const scope = effectScope();
    scope.run(() => useConnectJazz(db, source, options));
    db.value = first;
    const second = newDb();
    db.value = second;
    await clock.advance(30 * MINUTE);
    await dropLater(first, second);
    expect(first.updates).toHaveLength(0); // stopped: nobody hands it a token
    expect(first.paused).toBe(true);
    expect(second.updates).toHaveLength(1);
    expect(second.connected).toBe(true);

    scope.stop();
    await clock.advance(30 * MINUTE);
    await dropLater(second);
    expect(second.updates).toHaveLength(1);
    expect(second.paused).toBe(true);
  });

  it("follows a getter, and connects nothing while it gives null", async () => {
    const { source, clock, newDb, options, dropLater } = await signedIn();
    const live = shallowRef<FakeJazzDb | null>(null);
    const db = newDb();
    const scope = effectScope();
    scope.run(() => useConnectJazz(() => live.value, source, options));
    await clock.advance(30 * MINUTE);
    await dropLater(db);
    expect(db.updates).toHaveLength(0);
    live.value = db; // connecting a suspended Db hands it a fresh token at once
    await clock.advance(1_000);
    expect(db.updates).toHaveLength(1);
    expect(db.connected).toBe(true);
    scope.stop();
  });
});

describe("with Jazz's client (the pattern of docs/frameworks/vue.md)", () => {
  it("creates one client per principal: not on refreshes nor when a refresh fails, again on a user switch", async () => {
    const { source, clock, provider } = await signedIn();
    const created: (string | undefined)[] = [];
    const views = new Set<unknown>();
    const createJazzClient = (config: { appId: string; jwtToken?: string | undefined }) =>
      created.push(config.jwtToken);
    const scope = effectScope();
    const client = scope.run(() => {
      const auth = useJazzAuth(source);
      watchEffect(() => views.add(auth.value));
      const jwtToken = computed(() => (auth.value.status === "loading" ? null : auth.value.jwtToken));
      return computed(() => (jwtToken.value === null ? null : createJazzClient({ appId, jwtToken: jwtToken.value })));
    });
    const render = () => client?.value; // what the template reads
    render();
    provider.failNext(2); // the next refresh fails: the view shows the error, the principal stays
    for (let i = 0; i < 6; i++) {
      await clock.advance(5 * MINUTE);
      render();
    }
    expect(views.size).toBeGreaterThan(1); // the view did change...
    expect(created).toHaveLength(1); // ...but not the config
    provider.signIn("user-2");
    await clock.advance(1_000);
    render();
    expect(created).toHaveLength(2);
    expect(created[1]).not.toBe(created[0]);
    scope.stop();
  });
});
