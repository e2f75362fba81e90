import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { jazzAuth } from "@jazz-auth/svelte";
import { createConformanceHarness, createFakeJazzDb, type FakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { describeJazzAuthBinding } from "@jazz-auth/testing/conformance";
import { flushSync, tick } from "svelte";
import { get } from "svelte/store";
import { afterEach, describe, expect, it, vi } from "vitest";

const MINUTE = 60_000;

/** Runes: an effect reads `$derived(auth.current)`, as a template would. */
describeJazzAuthBinding("svelte (runes: current)", (source) => {
  const auth = jazzAuth(source);
  let seen: JazzAuthSnapshot | undefined;
  const destroy = $effect.root(() => {
    const current = $derived(auth.current);
    $effect(() => {
      seen = current;
    });
  });
  flushSync();
  return {
    read: () => seen as JazzAuthSnapshot,
    flush: async () => {
      await tick();
      flushSync();
    },
    unmount: destroy,
  };
});

/** The store contract, as `$auth` subscribes in a component. */
describeJazzAuthBinding("svelte (store)", (source) => {
  let seen: JazzAuthSnapshot | undefined;
  const unsubscribe = jazzAuth(source).subscribe((snapshot) => {
    seen = snapshot;
  });
  return { read: () => seen as JazzAuthSnapshot, flush: tick, unmount: unsubscribe };
});

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

describe("jazzAuth", () => {
  it("gives the snapshot of the moment outside an effect, subscribing to nothing", async () => {
    const { source } = await signedIn();
    let active = 0;
    const auth = jazzAuth({
      ...source,
      subscribe(listener) {
        active += 1;
        const stop = source.subscribe(listener);
        return () => {
          active -= 1;
          stop();
        };
      },
    });
    expect(auth.current).toMatchObject({ status: "signed-in", principal: "user-1" });
    expect(active).toBe(0);
    expect(get(auth)).toBe(auth.current); // svelte/store's get() subscribes and unsubscribes at once
    expect(active).toBe(0);
    const destroy = $effect.root(() => {
      $effect(() => {
        auth.current;
      });
    });
    flushSync();
    expect(active).toBe(1);
    destroy();
    await Promise.resolve(); // createSubscriber lets go after a microtask
    expect(active).toBe(0);
  });

  it("shares the pinned token with a reader that starts after refreshes", async () => {
    const { source, clock } = await signedIn();
    const early = jazzAuth(source);
    const stop = early.subscribe(() => {});
    await clock.advance(30 * MINUTE); // the source refreshed several times
    const late = jazzAuth(source);
    expect(late.current.jwtToken).not.toBe(source.getSnapshot().token);
    expect(late.current.jwtToken).toBe(early.current.jwtToken);
    stop();
  });

  it("re-runs effects on a change of view, not on a refresh", async () => {
    const { source, clock, provider } = await signedIn();
    const auth = jazzAuth(source);
    const seen: string[] = [];
    const destroy = $effect.root(() => {
      $effect(() => {
        seen.push(`${auth.current.status} ${auth.current.providerKey}`);
      });
    });
    flushSync();
    await clock.advance(30 * MINUTE);
    flushSync();
    expect(seen).toEqual(["signed-in scripted:user-1"]);
    provider.signIn("user-2");
    await clock.advance(1_000);
    flushSync();
    expect(seen.at(-1)).toBe("signed-in scripted:user-2");
    destroy();
  });
});

describe("connect", () => {
  it("keeps the live Db authenticated without handing it every refresh", async () => {
    const { source, clock, newDb, options, drop } = await signedIn();
    const db = newDb();
    const stop = jazzAuth(source).connect(db, options);
    await clock.advance(30 * MINUTE);
    expect(db.updates).toHaveLength(0); // refreshes are kept ready, not handed over
    await drop(db);
    expect(db.handshakes.map((handshake) => handshake.outcome)).toEqual(["accepted", "expired", "accepted"]);
    expect(db.updates).toEqual([source.getSnapshot().token]);
    stop();
  });

  it("returned from $effect: stops the previous connection when the Db changes, and the last on destroy", async () => {
    const { source, clock, newDb, options, drop } = await signedIn();
    const auth = jazzAuth(source);
    const first = newDb();
    const second = newDb();
    const live = $state<{ db: FakeJazzDb | null }>({ db: null });
    const destroy = $effect.root(() => {
      $effect(() => auth.connect(live.db, options));
    });
    flushSync();
    live.db = first;
    flushSync();
    live.db = second;
    flushSync();
    await clock.advance(30 * MINUTE);
    await drop(first, second);
    expect(first.updates).toHaveLength(0); // stopped: nobody hands it a token
    expect(first.paused).toBe(true);
    expect(second.updates).toHaveLength(1);
    expect(second.connected).toBe(true);

    destroy();
    await clock.advance(30 * MINUTE);
    await drop(second);
    expect(second.updates).toHaveLength(1);
    expect(second.paused).toBe(true);
  });
});

describe("connect in $effect", () => {
  it("re-runs for a new Db only: state that the options read does not reconnect", async () => {
    const { source, newDb, options } = await signedIn();
    const db = newDb();
    let connections = 0;
    const counted: FakeJazzDb = Object.assign(Object.create(db) as FakeJazzDb, {
      onAuthChanged: (callback: Parameters<FakeJazzDb["onAuthChanged"]>[0]) => {
        connections += 1;
        return db.onAuthChanged(callback);
      },
    });
    const auth = jazzAuth(source);
    const settings = $state({ environment: options.environment });
    const destroy = $effect.root(() => {
      $effect(() =>
        auth.connect(counted, {
          clock: options.clock,
          timers: options.timers,
          get environment() {
            return settings.environment; // read while connecting
          },
        }),
      );
    });
    flushSync();
    expect(connections).toBe(1);
    settings.environment = { ...options.environment };
    flushSync();
    expect(connections).toBe(1);
    destroy();
  });
});

describe("with Jazz's client (the pattern of docs/frameworks/svelte.md)", () => {
  it("creates one client per principal: not on refreshes nor when a refresh fails, again on a user switch", async () => {
    const { source, clock, provider } = await signedIn();
    const created: (string | undefined)[] = [];
    const views = new Set<unknown>();
    const createJazzClient = (config: { appId: string; jwtToken?: string | undefined }) =>
      created.push(config.jwtToken);
    const appId = "app";
    const destroy = $effect.root(() => {
      const auth = jazzAuth(source);
      const jwtToken = $derived(auth.current.status === "loading" ? null : auth.current.jwtToken);
      const client = $derived(jwtToken === null ? null : createJazzClient({ appId, jwtToken }));
      $effect(() => {
        views.add(auth.current);
      });
      $effect(() => {
        void client; // what the template reads
      });
    });
    flushSync();
    provider.failNext(2); // the next refresh fails: the view shows the error, the principal stays
    for (let i = 0; i < 6; i++) {
      await clock.advance(5 * MINUTE);
      flushSync();
    }
    expect(views.size).toBeGreaterThan(1); // the view did change...
    expect(created).toHaveLength(1); // ...but not the config
    provider.signIn("user-2");
    await clock.advance(1_000);
    flushSync();
    expect(created).toHaveLength(2);
    expect(created[1]).not.toBe(created[0]);
    destroy();
  });
});

describe("store on the server", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("hands `$auth` the snapshot of the moment once and subscribes nothing (no provider call, no SDK watch)", async () => {
    const harness = createConformanceHarness();
    const source = scriptedTokenSource(harness);
    sources.push(source);
    vi.stubGlobal("window", undefined); // Svelte's server render: no window
    const seen: JazzAuthSnapshot[] = [];
    const unsubscribe = jazzAuth(source).subscribe((snapshot) => seen.push(snapshot));
    await harness.clock.advance(1000);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ status: "loading", jwtToken: undefined });
    expect(harness.provider.calls).toHaveLength(0);
    expect(harness.provider.watchers).toBe(0);
    unsubscribe();
  });
});
