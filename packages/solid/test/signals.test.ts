import type { TokenSource } from "@jazz-auth/core";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/solid";
import { createConformanceHarness, createFakeJazzDb, type FakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { describeJazzAuthBinding } from "@jazz-auth/testing/conformance";
import { createComputed, createMemo, createRoot, createSignal } from "solid-js";
import { isServer } from "solid-js/web";
import { afterEach, describe, expect, it } from "vitest";

const MINUTE = 60_000;

describeJazzAuthBinding("solid (createRoot)", (source) =>
  createRoot((dispose) => {
    const auth = useJazzAuth(source);
    return { read: auth, flush: async () => {}, unmount: dispose };
  }),
);

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

async function signedIn() {
  const harness = createConformanceHarness({ lifetimeSeconds: 600 });
  const source = scriptedTokenSource(harness);
  sources.push(source);
  source.subscribe(() => {});
  await harness.clock.advance(1000); // the first token, then the call that dates it
  const newDb = (): FakeJazzDb => createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock: harness.clock });
  const options = { environment: harness.environment, clock: harness.clock, timers: harness.clock };
  /** A drop the page cannot see: a connected Db recovers with a fresh token, a stopped one stays suspended. */
  const drop = async (...dbs: FakeJazzDb[]) => {
    for (const db of dbs) db.connection.drop();
    await harness.clock.advance(20_000);
  };
  return { ...harness, source, newDb, options, drop };
}

describe("useJazzAuth", () => {
  it("runs the browser build here, and computations track the accessor", async () => {
    expect(isServer).toBe(false);
    const { source, clock, provider } = await signedIn();
    const seen: string[] = [];
    const dispose = createRoot((dispose) => {
      const auth = useJazzAuth(source);
      createComputed(() => seen.push(`${auth().status} ${auth().providerKey}`));
      return dispose;
    });
    await clock.advance(30 * MINUTE); // several refreshes: the same view, nothing re-runs
    expect(seen).toEqual(["signed-in scripted:user-1"]);
    provider.signIn("user-2");
    await clock.advance(1_000);
    expect(seen.at(-1)).toBe("signed-in scripted:user-2");
    dispose();
  });
});

describe("useJazzAuth across readers", () => {
  it("shares the pinned token with a reader that starts after refreshes", async () => {
    const { source, clock } = await signedIn();
    const early = createRoot((dispose) => ({ auth: useJazzAuth(source), dispose }));
    await clock.advance(30 * MINUTE); // the source refreshed several times
    const late = createRoot((dispose) => ({ auth: useJazzAuth(source), dispose }));
    expect(late.auth().jwtToken).not.toBe(source.getSnapshot().token);
    expect(late.auth().jwtToken).toBe(early.auth().jwtToken);
    early.dispose();
    late.dispose();
  });
});

describe("useConnectJazz", () => {
  it("keeps the live Db authenticated without handing it every refresh", async () => {
    const { source, clock, newDb, options, drop } = await signedIn();
    const db = newDb();
    const dispose = createRoot((dispose) => {
      useConnectJazz(db, source, options);
      return dispose;
    });
    await clock.advance(30 * MINUTE);
    expect(db.updates).toHaveLength(0); // refreshes are kept ready, not handed over
    await drop(db);
    expect(db.handshakes.map((handshake) => handshake.outcome)).toEqual(["accepted", "expired", "accepted"]);
    expect(db.updates).toEqual([source.getSnapshot().token]);
    dispose();
  });

  it("stops the previous connection when the accessor's Db changes, and the last one on cleanup", async () => {
    const { source, clock, newDb, options, drop } = await signedIn();
    const first = newDb();
    const second = newDb();
    const [db, setDb] = createSignal<FakeJazzDb | null>(null);
    const dispose = createRoot((dispose) => {
      useConnectJazz(db, source, options);
      return dispose;
    });
    setDb(first);
    setDb(second);
    await clock.advance(30 * MINUTE);
    await drop(first, second);
    expect(first.updates).toHaveLength(0); // stopped: nobody hands it a token
    expect(first.paused).toBe(true);
    expect(second.updates).toHaveLength(1);
    expect(second.connected).toBe(true);

    dispose();
    await clock.advance(30 * MINUTE);
    await drop(second);
    expect(second.updates).toHaveLength(1);
    expect(second.paused).toBe(true);
  });
});

describe("useConnectJazz's effect", () => {
  it("re-runs for a new Db only: a signal that the options read does not reconnect", async () => {
    const { source, newDb, options } = await signedIn();
    const db = newDb();
    let connections = 0;
    const counted: FakeJazzDb = Object.assign(Object.create(db) as FakeJazzDb, {
      onAuthChanged: (callback: Parameters<FakeJazzDb["onAuthChanged"]>[0]) => {
        connections += 1;
        return db.onAuthChanged(callback);
      },
    });
    const [environment, setEnvironment] = createSignal(options.environment);
    const dispose = createRoot((dispose) => {
      useConnectJazz(() => counted, source, {
        clock: options.clock,
        timers: options.timers,
        get environment() {
          return environment(); // read while connecting
        },
      });
      return dispose;
    });
    expect(connections).toBe(1);
    setEnvironment({ ...options.environment });
    expect(connections).toBe(1);
    dispose();
  });
});

describe("with Jazz's client (the pattern of docs/frameworks/solid.md)", () => {
  it("keeps one config per principal: not changed by refreshes nor a failed refresh, changed by a user switch", async () => {
    const { source, clock, provider } = await signedIn();
    const configs: string[] = [];
    const views = new Set<unknown>();
    const dispose = createRoot((dispose) => {
      const auth = useJazzAuth(source);
      createComputed(() => views.add(auth()));
      // createSolidJazzClient re-creates its client when JSON.stringify(config()) changes
      // (create-solid-jazz-client-internal.ts:19-21): the same memo, over the same accessor.
      const config = createMemo(() => ({ appId: "app", jwtToken: auth().jwtToken }), undefined, {
        equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
      });
      createComputed(() => configs.push(JSON.stringify(config())));
      return dispose;
    });
    provider.failNext(2); // the next refresh fails: the view shows the error, the principal stays
    for (let i = 0; i < 6; i++) await clock.advance(5 * MINUTE);
    expect(views.size).toBeGreaterThan(1); // the view did change...
    expect(configs).toHaveLength(1); // ...but not the config
    provider.signIn("user-2");
    await clock.advance(1_000);
    expect(configs.length).toBeGreaterThan(1);
    expect(configs.at(-1)).not.toBe(configs[0]);
    dispose();
  });
});
