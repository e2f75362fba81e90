/**
 * A simulated day of one signed-in browser tab, run on the fake clock: the provider issues
 * tokens of a given lifetime, the laptop sleeps twice (timers frozen, as hosts do) and the
 * network drops for an hour. Jazz reconnects a second after each wake and each return of the
 * network, with whatever token it holds; the fake Jazz server judges it by `exp`.
 *
 * Two clients are compared on the same timeline:
 * - `jazz-auth`: `createTokenSource` + `connectJazz`, with the browser's lifecycle events;
 * - `jazz-auth, no events`: the same without any lifecycle event (only the engine's own clock checks);
 * - `hand-written`: the pattern from the Jazz docs: fetch a token once, and fetch again only when
 *   Jazz reports `expired`.
 */
import { connectJazz, createTokenSource, type EngineOptions, type TokenSource } from "@jazz-auth/core";
import {
  createFakeClock,
  createFakeEnvironment,
  createFakeJazzDb,
  createScriptedProvider,
  type ScriptedProvider,
} from "@jazz-auth/testing";

const HOUR = 3_600_000;

/** When things happen, in hours from the start. */
export interface Timeline {
  readonly hours: number;
  readonly sleeps: readonly { readonly at: number; readonly hours: number }[];
  readonly offline: readonly { readonly at: number; readonly hours: number }[];
}

/** Two sleeps (a 90-minute lunch, a 7-hour night) and one offline hour. */
export const DAY: Timeline = {
  hours: 24,
  sleeps: [
    { at: 2.5, hours: 1.5 },
    { at: 15, hours: 7 },
  ],
  offline: [{ at: 9, hours: 1 }],
};

export type Strategy = "jazz-auth" | "jazz-auth, no events" | "hand-written";

export interface SessionResult {
  readonly strategy: Strategy;
  readonly lifetimeSeconds: number;
  readonly providerCalls: number;
  readonly callsPerHour: number;
  /** Handshakes Jazz made with a token that had already expired (each one pauses sync). */
  readonly expiredHandshakes: number;
  /** Tokens handed to Jazz (config or `updateAuthToken`) that had already expired when handed. */
  readonly expiredHandovers: number;
  readonly handshakes: number;
}

const RECONNECT_DELAY_MS = 1000;
const PROVIDER_LATENCY_MS = 150;

/** Builds the source under simulation over the scripted provider (a real adapter over a fake SDK, or the bare engine). */
export type SourceFactory = (provider: ScriptedProvider, engine: EngineOptions) => TokenSource;

const bareEngine: SourceFactory = (provider, engine) =>
  createTokenSource({ provider: "simulated", fetchToken: provider.fetchToken, watch: provider.watch, ...engine });

export async function simulateSession(
  lifetimeSeconds: number,
  strategy: Strategy,
  timeline: Timeline = DAY,
  makeSource: SourceFactory = bareEngine,
): Promise<SessionResult> {
  const clock = createFakeClock();
  const provider = createScriptedProvider({ clock, lifetimeSeconds, latencyMs: PROVIDER_LATENCY_MS });
  const environment = createFakeEnvironment();
  const expiredAt = (token: string, at: number) => {
    const exp = JSON.parse(atob(token.split(".")[1]?.replace(/-/g, "+").replace(/_/g, "/") ?? "")).exp as number;
    return exp * 1000 <= at;
  };
  let expiredHandovers = 0;
  const handOver = (token: string) => {
    if (expiredAt(token, clock.serverNow())) expiredHandovers += 1;
  };

  let stop: () => void;
  let firstToken: Promise<string | null>;
  const source =
    strategy === "hand-written"
      ? null
      : makeSource(provider, {
          clock,
          timers: clock,
          environment: strategy === "jazz-auth" ? environment : null,
          retry: { random: () => 0.5 }, // deterministic jitter: the same figures on every run
        });
  if (source) {
    firstToken = source.getToken();
  } else {
    firstToken = provider.fetchToken({ forceRefresh: false, signal: new AbortController().signal });
  }
  await clock.advance(PROVIDER_LATENCY_MS);
  const token = (await firstToken) ?? "";
  handOver(token);
  const db = createFakeJazzDb({ token, clock });
  const update = db.updateAuthToken.bind(db);
  db.updateAuthToken = (next) => {
    if (next) handOver(next);
    update(next);
  };

  if (source) {
    const disconnect = connectJazz(source, db);
    stop = () => {
      disconnect();
      source.dispose();
    };
  } else {
    let refreshing = false;
    stop = db.onAuthChanged((state) => {
      if (state.error !== "expired" || refreshing) return;
      refreshing = true;
      provider
        .fetchToken({ forceRefresh: true, signal: new AbortController().signal })
        .then((next) => next && db.updateAuthToken(next))
        .catch(() => {})
        .finally(() => {
          refreshing = false;
        });
    });
  }

  const events = [
    ...timeline.sleeps.map((sleep) => ({ at: sleep.at * HOUR, run: () => sleepFor(sleep.hours * HOUR) })),
    ...timeline.offline.map((gap) => ({ at: gap.at * HOUR, run: () => offlineFor(gap.hours * HOUR) })),
  ].sort((a, b) => a.at - b.at);

  const started = clock.serverNow();
  const elapsed = () => clock.serverNow() - started;
  const reconnectSoon = () => clock.setTimeout(() => db.reconnect(), RECONNECT_DELAY_MS);

  async function sleepFor(ms: number) {
    db.disconnect();
    clock.sleep(ms);
    environment.emit("visible");
    reconnectSoon();
  }

  async function offlineFor(ms: number) {
    db.disconnect();
    provider.offline = true;
    environment.emit("offline");
    await clock.advance(ms);
    provider.offline = false;
    environment.emit("online");
    reconnectSoon();
  }

  for (const event of events) {
    await clock.advance(event.at - elapsed());
    await event.run();
  }
  await clock.advance(timeline.hours * HOUR - elapsed());
  stop();

  return {
    strategy,
    lifetimeSeconds,
    providerCalls: provider.calls.length,
    callsPerHour: provider.calls.length / timeline.hours,
    expiredHandshakes: db.handshakes.filter((handshake) => handshake.outcome === "expired").length,
    expiredHandovers,
    handshakes: db.handshakes.length,
  };
}

/** The provider token lifetimes the issue names. */
export const PROVIDERS = [
  { name: "Clerk", lifetimeSeconds: 60 },
  { name: "WorkOS", lifetimeSeconds: 300 },
  { name: "Better Auth", lifetimeSeconds: 900 },
  { name: "Firebase", lifetimeSeconds: 3600 },
  { name: "Auth0", lifetimeSeconds: 86_400 },
] as const;

/** Runs every provider through every strategy. */
export async function simulateAll(timeline: Timeline = DAY) {
  const rows = [];
  for (const { name, lifetimeSeconds } of PROVIDERS) {
    rows.push({
      name,
      lifetimeSeconds,
      ours: await simulateSession(lifetimeSeconds, "jazz-auth", timeline),
      quiet: await simulateSession(lifetimeSeconds, "jazz-auth, no events", timeline),
      handWritten: await simulateSession(lifetimeSeconds, "hand-written", timeline),
    });
  }
  return rows;
}

/** A Markdown table of {@link simulateAll}'s rows. */
export function sessionTable(rows: Awaited<ReturnType<typeof simulateAll>>): string {
  const lifetime = (s: number) => (s >= 3600 ? `${s / 3600} h` : s >= 60 ? `${s / 60} min` : `${s} s`);
  const lines = [
    "| provider (token lifetime) | jazz-auth: provider calls/h | jazz-auth: expired handshakes | jazz-auth without lifecycle events: expired handshakes | hand-written: provider calls/h | hand-written: expired handshakes |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const { name, lifetimeSeconds, ours, quiet, handWritten } of rows) {
    lines.push(
      `| ${name} (${lifetime(lifetimeSeconds)}) | ${ours.callsPerHour.toFixed(1)} | ${ours.expiredHandshakes} | ${quiet.expiredHandshakes} | ${handWritten.callsPerHour.toFixed(2)} | ${handWritten.expiredHandshakes} |`,
    );
  }
  return lines.join("\n");
}
