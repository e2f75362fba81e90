/**
 * A simulated day of signed-in browser tabs, on the fake clock and the faithful fake Jazz client
 * (@jazz-auth/testing `createFakeJazzConnection` + `createFakeJazzDb`): the provider issues tokens of
 * a given lifetime; the laptop sleeps twice (timers frozen, as hosts do) and the socket is found dead
 * on wake; the network drops for an hour; the server restarts twice while the page notices nothing.
 * After every drop the Jazz transport reconnects by itself, after its own backoff, with the token it
 * holds, and the fake server judges that token by `exp` on the real-world clock.
 *
 * One tab, or three tabs of one origin (three engines, three Dbs, one shared leader connection; every
 * tab's hand-over reaches the one socket). Three strategies on the same timeline:
 * - `jazz-auth`: `createTokenSource` + `connectJazz` from @jazz-auth/core, with the page's lifecycle events;
 * - `old policy`: every refreshed token pushed into the live Db, one forced refresh on `expired`/`invalid`
 *   (bench/old-policy.ts);
 * - `hand-written`: the Jazz docs' pattern: one token, a new one only when Jazz reports `expired`
 *   (bench/hand-written.ts).
 */
import { connectJazz, createTokenSource, type EngineOptions, type TokenSource } from "@jazz-auth/core";
import {
  createFakeClock,
  createFakeEnvironment,
  createFakeJazzConnection,
  createFakeJazzDb,
  createFakeTabHub,
  createScriptedProvider,
  type FakeEnvironment,
  type FakeJazzDb,
  type FakeJazzRoute,
  type ScriptedProvider,
} from "@jazz-auth/testing";
import { fetchOnce, refreshOnExpired } from "./hand-written";
import { pushEveryRefresh } from "./old-policy";
import { countHandshakes, type HandshakeCounts, type Mark } from "./session-counts";

const HOUR = 3_600_000;
const PROVIDER_LATENCY_MS = 150;
const TAB_STAGGER_MS = 20_000;

/** When things happen, in hours from the start. */
export interface Timeline {
  readonly hours: number;
  /** The machine sleeps; on wake the page gets `visible` and the transport finds its socket dead. */
  readonly sleeps: readonly { readonly at: number; readonly hours: number }[];
  /** The network is gone (`offline`, then `online`, events); the provider cannot be reached either. */
  readonly offline: readonly { readonly at: number; readonly hours: number }[];
  /** The server restarts (or a proxy cuts the socket): no event reaches the page. */
  readonly drops: readonly { readonly at: number }[];
}

/** Two sleeps (a 90-minute lunch, a 7-hour night), one offline hour, two server restarts. */
export const DAY: Timeline = {
  hours: 24,
  sleeps: [
    { at: 2.5, hours: 1.5 },
    { at: 15, hours: 7 },
  ],
  offline: [{ at: 9, hours: 1 }],
  drops: [{ at: 6 }, { at: 12.5 }],
};

export type Strategy = "jazz-auth" | "old policy" | "hand-written";

/** How many tabs share the origin's connection, and how rejections reach them. */
export interface Setup {
  readonly tabs: number;
  /** `browser-worker` (a browser Db with a persistent store) or `direct` (Node, React Native). */
  readonly route: FakeJazzRoute;
  /** The tabs share provider calls (`shareAcrossTabs`, over a fake BroadcastChannel and Web Locks). */
  readonly share?: boolean;
}

export const ONE_TAB: Setup = { tabs: 1, route: "browser-worker" };
export const THREE_TABS: Setup = { tabs: 3, route: "browser-worker" };
/** One Db that owns its transport (Node, React Native, a browser Db without the worker). */
export const DIRECT: Setup = { tabs: 1, route: "direct" };
/** The setups {@link simulateAll} runs, in the order the report shows them. */
export const SETUPS: readonly Setup[] = [ONE_TAB, THREE_TABS, DIRECT];

export interface SessionResult extends HandshakeCounts {
  readonly strategy: Strategy;
  readonly lifetimeSeconds: number;
  readonly setup: Setup;
  readonly providerCalls: number;
  readonly callsPerHour: number;
  readonly authReconnectsPerHour: number;
  /** Tokens handed to Jazz (config or `updateAuthToken`) that had already expired when handed. */
  readonly expiredHandovers: number;
}

/** Builds the source under simulation over the scripted provider (a real adapter over a fake SDK, or the bare engine). */
export type SourceFactory = (provider: ScriptedProvider, engine: EngineOptions) => TokenSource;

const bareEngine: SourceFactory = (provider, engine) =>
  createTokenSource({ provider: "simulated", fetchToken: provider.fetchToken, watch: provider.watch, ...engine });

function expiredAt(token: string, at: number): boolean {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp?: number };
  return typeof payload.exp === "number" && payload.exp * 1000 <= at;
}

/** Runs one simulated session and counts what Jazz saw. */
export async function simulateSession(
  lifetimeSeconds: number,
  strategy: Strategy,
  timeline: Timeline = DAY,
  makeSource: SourceFactory = bareEngine,
  setup: Setup = ONE_TAB,
): Promise<SessionResult> {
  const clock = createFakeClock();
  const provider = createScriptedProvider({ clock, lifetimeSeconds, latencyMs: PROVIDER_LATENCY_MS });
  const hub = setup.share ? createFakeTabHub() : null;
  const environments: FakeEnvironment[] = [];
  const connection = createFakeJazzConnection({ clock, route: setup.route });
  /** One environment per tab (its own tab of the hub when sharing); lifecycle events reach them all. */
  const engineForTab = (): EngineOptions => {
    const environment = createFakeEnvironment(hub ? { tabs: hub.openTab().platform } : {});
    environments.push(environment);
    const engine = { clock, timers: clock, environment, retry: { random: () => 0.5 } };
    return hub ? { ...engine, shareAcrossTabs: { key: "simulated" } } : engine;
  };
  const environment = {
    emit: (event: Parameters<FakeEnvironment["emit"]>[0]) => {
      for (const env of environments) env.emit(event);
    },
  };
  const marks: Mark[] = [];
  const stops: (() => void)[] = [];
  let expiredHandovers = 0;
  const counted = (token: string) => {
    if (expiredAt(token, clock.serverNow())) expiredHandovers += 1;
    return token;
  };

  const started = clock.serverNow();
  for (let tab = 0; tab < setup.tabs; tab++) {
    if (tab > 0) await clock.advance(TAB_STAGGER_MS); // tabs opened 20 s apart: their refreshes interleave
    const engine = engineForTab();
    const source = strategy === "hand-written" ? null : makeSource(provider, engine);
    let answered: string | null | undefined;
    void (source ? source.getToken() : fetchOnce(provider, false)).then((token) => {
      answered = token;
    });
    // The provider's latency, and with tabs sharing the new tab's ask to the others first.
    await clock.advanceUntil(() => answered !== undefined, 10 * PROVIDER_LATENCY_MS);
    const db = createFakeJazzDb({ token: counted(answered ?? ""), clock, connection });
    watchHandOvers(db, counted);
    if (source) stops.push(() => source.dispose());
    stops.push(connectStrategy(strategy, { source, provider, db, engine }));
  }

  const events = [
    ...timeline.sleeps.map((sleep) => ({ at: sleep.at * HOUR, run: () => sleepFor(sleep.hours * HOUR) })),
    ...timeline.offline.map((gap) => ({ at: gap.at * HOUR, run: () => offlineFor(gap.hours * HOUR) })),
    ...timeline.drops.map((drop) => ({ at: drop.at * HOUR, run: () => unseenDrop() })),
  ].sort((a, b) => a.at - b.at);
  const elapsed = () => clock.serverNow() - started;

  async function sleepFor(ms: number) {
    clock.sleep(ms);
    marks.push({ at: clock.serverNow(), seen: true });
    connection.drop();
    environment.emit("visible");
  }
  async function offlineFor(ms: number) {
    marks.push({ at: clock.serverNow(), seen: true });
    connection.setOnline(false);
    provider.offline = true;
    environment.emit("offline");
    await clock.advance(ms);
    connection.setOnline(true);
    provider.offline = false;
    environment.emit("online");
  }
  async function unseenDrop() {
    marks.push({ at: clock.serverNow(), seen: false });
    connection.drop();
  }

  for (const event of events) {
    await clock.advance(event.at - elapsed());
    await event.run();
  }
  await clock.advance(timeline.hours * HOUR - elapsed());
  for (const stop of stops) stop();

  return {
    strategy,
    lifetimeSeconds,
    setup,
    providerCalls: provider.calls.length,
    callsPerHour: provider.calls.length / timeline.hours,
    authReconnectsPerHour: connection.authReconnects / timeline.hours,
    expiredHandovers,
    ...countHandshakes(connection.handshakes, marks),
  };
}

/** Counts every token handed to `db` that had already expired. */
function watchHandOvers(db: FakeJazzDb, counted: (token: string) => string) {
  const update = db.updateAuthToken.bind(db);
  db.updateAuthToken = (next) => update(next === null ? null : counted(next));
}

interface TabParts {
  readonly source: TokenSource | null;
  readonly provider: ScriptedProvider;
  readonly db: FakeJazzDb;
  readonly engine: EngineOptions;
}

/** Wires one tab's Db to its strategy; returns what stops it. */
function connectStrategy(strategy: Strategy, { source, provider, db, engine }: TabParts): () => void {
  if (!source) return refreshOnExpired(provider, db);
  if (strategy === "old policy") return pushEveryRefresh(source, db);
  // The tab's clock, timers and lifecycle events: what connectJazz shares with the engine.
  const { clock, timers, environment } = engine;
  return connectJazz(source, db, {
    ...(clock ? { clock } : {}),
    ...(timers ? { timers } : {}),
    ...(environment !== undefined ? { environment } : {}),
    onError: () => {},
  });
}

/** The provider token lifetimes the issue names. */
export const PROVIDERS = [
  { name: "Clerk", lifetimeSeconds: 60 },
  { name: "WorkOS", lifetimeSeconds: 300 },
  { name: "Better Auth", lifetimeSeconds: 900 },
  { name: "Firebase", lifetimeSeconds: 3600 },
  { name: "Auth0", lifetimeSeconds: 86_400 },
] as const;

export const STRATEGIES: readonly Strategy[] = ["jazz-auth", "old policy", "hand-written"];

/** Every provider through every strategy, in every setup. */
export async function simulateAll(timeline: Timeline = DAY): Promise<SessionResult[]> {
  const results: SessionResult[] = [];
  for (const setup of SETUPS) {
    for (const { lifetimeSeconds } of PROVIDERS) {
      for (const strategy of STRATEGIES) {
        results.push(await simulateSession(lifetimeSeconds, strategy, timeline, bareEngine, setup));
      }
    }
  }
  return results;
}
