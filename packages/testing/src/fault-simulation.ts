/**
 * A seeded fault-injection simulation over the public API of `@jazz-auth/core`: many sessions of
 * an app that uses a token source and a live Jazz Db while the provider, the network, the machine
 * and the user misbehave, with checkers for the engine's promises (docs/testing.md, "The fault
 * simulation"). Everything runs on a fake clock and a seeded PRNG, so a seed and a session index
 * replay a failure exactly.
 */
import {
  type AuthSnapshot,
  type ConnectJazzOptions,
  connectJazz,
  createTokenSource,
  decodeJwt,
  type FetchTokenOptions,
  JazzAuthError,
  type Timers,
  type TokenSource,
  type TokenSourceOptions,
} from "@jazz-auth/core";
import { createFakeClock } from "./fake-clock";
import { createFakeEnvironment } from "./fake-environment";
import { createFakeJazzConnection, type FakeJazzConnection } from "./fake-jazz-connection";
import { createFakeJazzDb, type FakeJazzDb } from "./fake-jazz-db";
import { defaultVerdict, type JazzVerdict, unauthenticatedMessage } from "./fake-jazz-server";
import { createScriptedProvider, networkError } from "./scripted-provider";

/**
 * The mulberry32 PRNG: a tiny, fast, seeded generator of numbers in [0, 1).
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // the same sequence for the same seed, on every platform
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded draws over {@link mulberry32}. */
export interface SimRandom {
  /** A number in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A number in [min, max) spread evenly over orders of magnitude (durations from seconds to hours). */
  logBetween(min: number, max: number): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
}

/** Creates a {@link SimRandom} from a seed. */
export function createSimRandom(seed: number): SimRandom {
  const next = mulberry32(seed);
  const between = (min: number, max: number) => min + next() * (max - min);
  return {
    next,
    chance: (p) => next() < p,
    between,
    int: (min, max) => Math.floor(between(min, max + 1)),
    logBetween: (min, max) => Math.exp(between(Math.log(min), Math.log(max))),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** The seed of session `index` of a run seeded with `seed`: sessions replay on their own. */
export function sessionSeed(seed: number, index: number): number {
  return Math.floor(mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0)() * 4294967296);
}

/** The engine's promises the simulation checks (see {@link INVARIANTS}). */
export type InvariantId =
  | "dispose"
  | "snapshot-expiry"
  | "served-expired"
  | "refresh-spacing"
  | "cache-first"
  | "session-change"
  | "jazz-handoff"
  | "settles";

/** Each invariant's number (as docs/testing.md lists them) and the promise it checks. */
export const INVARIANTS: Readonly<Record<InvariantId, { readonly number: number; readonly promise: string }>> = {
  dispose: { number: 1, promise: "fetchToken is never called after dispose() returns, nor with an aborted signal" },
  "snapshot-expiry": { number: 2, promise: "a snapshot's non-null token always has clock.now() < expiresAt" },
  "served-expired": {
    number: 3,
    promise:
      "getToken() and db.updateAuthToken never get a token expired on the issuer's clock (30 s grace for uncalibrated unforced tokens)",
  },
  "refresh-spacing": { number: 4, promise: "background provider calls start at least 1 s apart on running time" },
  "cache-first": { number: 5, promise: "an unforced getToken() serves a still-valid cached token without waiting" },
  "session-change": {
    number: 6,
    promise:
      "after a sign-out or user switch the old token never shows again, the principal follows within fetchTimeoutMs, and a sign-in leaves signed-out",
  },
  "jazz-handoff": {
    number: 7,
    promise:
      "no expired handshake after a drop the page saw, at most one after one it did not, and sync resumes within 5 min of recovery",
  },
  settles: { number: 8, promise: "no unhandled rejection, no timer after dispose, every getToken() settles in time" },
};

/** Kinds of scheduled events, each with a rate per hour of running time in {@link SimulationKnobs.perHour}. */
export type SimEventKind =
  | "sessionChange"
  | "sleep"
  | "offline"
  | "hidden"
  | "invisibleDrop"
  | "burst"
  | "read"
  | "dispose"
  | "providerOutage"
  | "jazzOutage"
  | "listenerChurn";

/**
 * Every knob of the simulation. Ranges are `[min, max]`; chances are per provider call, per
 * listener callback or per caller as noted. Narrow a failure by turning faults off (rate or
 * chance 0) until it goes away.
 */
export interface SimulationKnobs {
  /** Running time of one session, in ms. */
  readonly durationMs: readonly [number, number];
  /** Token lifetimes to pick from, one per session (Clerk 60 s, WorkOS 5 min, Better Auth 15 min, Firebase 1 h). */
  readonly lifetimesSeconds: readonly number[];
  /** Share of sessions whose device clock is off. */
  readonly skewChance: number;
  /** How far off (either way, spread over orders of magnitude), one per session. */
  readonly skewMs: readonly [number, number];
  /** Share of sessions whose page sends lifecycle events (the others pass `environment: null`). */
  readonly environmentChance: number;
  /** The engine's `fetchTimeoutMs`, and the bound of invariant 6. */
  readonly fetchTimeoutMs: number;
  /** Latency of an ordinary provider call. */
  readonly latencyMs: readonly [number, number];
  /** Per call: a slow answer, up to 90 % of `fetchTimeoutMs`. */
  readonly slowCallChance: number;
  /** Per call: a network failure. */
  readonly failChance: number;
  /** Per call: a call that ignores its signal and never answers in time. */
  readonly hangChance: number;
  /** Per hung call: it answers anyway, after the timeout (with the session it started in). */
  readonly lateAnswerChance: number;
  /** Per call: `ERR_INTERACTION_REQUIRED` (sync then counts as unhealthy until the next session change). */
  readonly nonRetryableChance: number;
  /** Per unforced call: the SDK answers from its cache, when its token is valid long enough. */
  readonly sdkCacheChance: number;
  /** The SDK serves its cached token only while it is valid this much longer on the issuer's clock. */
  readonly sdkCacheMinValidityMs: number;
  /** Per answered call: the machine sleeps between the provider's answer and its delivery. */
  readonly deliverySleepChance: number;
  /** Per call: the user signs out or switches while the call is under way. */
  readonly changeMidCallChance: number;
  /** Rates of scheduled events, per hour of running time. */
  readonly perHour: Readonly<Record<SimEventKind, number>>;
  /** Duration of a sleep. */
  readonly sleepMs: readonly [number, number];
  /** Share of sleeps followed by a `wake` event (when the page has an environment). */
  readonly visibleSleepChance: number;
  /** Duration of an offline period. */
  readonly offlineMs: readonly [number, number];
  /** Wall-clock duration of a hidden, throttled tab (timers fire up to a minute late). */
  readonly hiddenMs: readonly [number, number];
  /** Duration of a provider outage (every call fails or hangs). */
  readonly providerOutageMs: readonly [number, number];
  /** Duration of a Jazz outage (the server rejects every token as `invalid`). */
  readonly jazzOutageMs: readonly [number, number];
  /** Per listener callback: the listener disposes the source (ten times likelier while refreshing). */
  readonly listenerDisposeChance: number;
  /** Per app start: a headless app (getToken() callers only, no subscriber, no Db). */
  readonly headlessChance: number;
  /** How long `createDb` takes after the app got its token. */
  readonly createDbDelayMs: readonly [number, number];
  /** Per Db: the app forces a refresh while `createDb` runs (a new token lands before `connectJazz`). */
  readonly refreshDuringCreateDbChance: number;
  /** Callers per burst. */
  readonly burstSize: readonly [number, number];
  /** Per caller: `forceRefresh: true`. */
  readonly forcedCallerChance: number;
  /** Per caller: an `AbortSignal` that fires (a third of them before the call). */
  readonly abortCallerChance: number;
  /** How long an unforced token that arrived before any forced one may be served (invariant 3). */
  readonly uncalibratedGraceMs: number;
  /** Every getToken() settles within this much running time (invariant 8). */
  readonly settleBoundMs: number;
  /** Sync resumes within this much healthy running time after it paused (invariant 7). */
  readonly recoveryBoundMs: number;
  /** At most this many apps (sources over the same SDK) at once. */
  readonly maxApps: number;
  /**
   * Share of sessions in a browser whose Jazz transport runs in the leader tab's worker: every
   * rejection reaches the Db as `invalid` (the fake's `browser-worker` route).
   */
  readonly browserWorkerChance: number;
  /** In those sessions, per Db: it joins the connection of another app's Db of the same user, as a follower tab. */
  readonly sharedTabChance: number;
  /** More handshakes than this in a minute of running time is a hand-over loop (invariant 7). */
  readonly maxHandshakesPerMinute: number;
}

/** Overrides of {@link DEFAULT_KNOBS}; `perHour` merges per event kind. */
export type SimulationKnobOverrides = Partial<Omit<SimulationKnobs, "perHour">> & {
  readonly perHour?: Partial<Record<SimEventKind, number>>;
};

/** The knobs of the default run: every fault on, a few seconds for a hundred sessions. */
export const DEFAULT_KNOBS: SimulationKnobs = {
  durationMs: [10 * 60_000, 2 * 3_600_000],
  lifetimesSeconds: [60, 300, 900, 3600],
  skewChance: 0.75,
  skewMs: [20_000, 3 * 3_600_000],
  environmentChance: 0.85,
  fetchTimeoutMs: 30_000,
  latencyMs: [0, 2_500],
  slowCallChance: 0.08,
  failChance: 0.08,
  hangChance: 0.03,
  lateAnswerChance: 0.5,
  nonRetryableChance: 0.005,
  sdkCacheChance: 0.7,
  sdkCacheMinValidityMs: 60_000,
  deliverySleepChance: 0.02,
  changeMidCallChance: 0.02,
  perHour: {
    sessionChange: 1.5,
    sleep: 1.5,
    offline: 1.5,
    hidden: 1.5,
    invisibleDrop: 2,
    burst: 20,
    read: 30,
    dispose: 0.5,
    providerOutage: 0.6,
    jazzOutage: 0.5,
    listenerChurn: 4,
  },
  sleepMs: [10_000, 3 * 3_600_000],
  visibleSleepChance: 0.8,
  offlineMs: [5_000, 20 * 60_000],
  hiddenMs: [60_000, 30 * 60_000],
  providerOutageMs: [30_000, 15 * 60_000],
  jazzOutageMs: [30_000, 20 * 60_000],
  listenerDisposeChance: 0.002,
  headlessChance: 0.2,
  createDbDelayMs: [0, 4_000],
  refreshDuringCreateDbChance: 0.3,
  burstSize: [1, 12],
  forcedCallerChance: 0.25,
  abortCallerChance: 0.2,
  uncalibratedGraceMs: 30_000,
  settleBoundMs: 5 * 60_000,
  recoveryBoundMs: 5 * 60_000,
  maxApps: 2,
  browserWorkerChance: 0.3,
  sharedTabChance: 0.5,
  maxHandshakesPerMinute: 20,
};

/** Options of {@link runFaultSimulation}. */
export interface SimulationOptions {
  readonly seed: number;
  /** How many sessions to run. */
  readonly sessions: number;
  /** Index of the first session (default 0): `{ firstSession: 17, sessions: 1 }` replays session 17. */
  readonly firstSession?: number;
  readonly knobs?: SimulationKnobOverrides;
  /** Only report these invariants (default: all). */
  readonly invariants?: readonly InvariantId[];
  /** Builds each app's token source (default `createTokenSource`); wrap it to test the checkers. */
  readonly createSource?: (options: TokenSourceOptions) => TokenSource;
  /** Connects a source to a Db (default `connectJazz`). */
  readonly connect?: (source: TokenSource, db: FakeJazzDb, options: ConnectJazzOptions) => () => void;
  /** Events kept for a violation's trace (default 30). */
  readonly traceLength?: number;
}

/** A broken promise, with what it takes to replay it. */
export interface Violation {
  readonly invariant: InvariantId;
  /** Which check of the invariant, such as `"after-dispose"` or `"sync-paused"`. */
  readonly rule: string;
  readonly seed: number;
  readonly session: number;
  /** Running time into the session, in ms. */
  readonly atMs: number;
  readonly message: string;
  /** How many times this rule broke in this session (only the first is described). */
  readonly count: number;
  /** The last events before the violation, oldest first. */
  readonly trace: readonly string[];
}

/** Counts over a run. */
export interface SimulationStats {
  sessions: number;
  runningMs: number;
  providerCalls: number;
  getTokenCalls: number;
  handshakes: number;
  expiredHandshakes: number;
  apps: number;
}

/** What {@link runFaultSimulation} found. */
export interface SimulationResult {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly stats: SimulationStats;
}

/**
 * Runs `sessions` simulated sessions and checks every {@link INVARIANTS} entry in each. A session
 * is one provider SDK (with a cache), one device clock (skewed), one page (lifecycle events or
 * none) and a succession of apps: token sources, subscribers, callers and live Jazz Dbs, disposed
 * and restarted at random. It never throws on a violation: it reports them.
 *
 * @example
 * ```ts
 * const result = await runFaultSimulation({ seed: 1, sessions: 100 });
 * expect(result.violations.map(formatViolation)).toEqual([]);
 * ```
 */
export async function runFaultSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const knobs: SimulationKnobs = {
    ...DEFAULT_KNOBS,
    ...options.knobs,
    perHour: { ...DEFAULT_KNOBS.perHour, ...options.knobs?.perHour },
  };
  const stats: SimulationStats = {
    sessions: 0,
    runningMs: 0,
    providerCalls: 0,
    getTokenCalls: 0,
    handshakes: 0,
    expiredHandshakes: 0,
    apps: 0,
  };
  const violations: Violation[] = [];
  const first = options.firstSession ?? 0;
  for (let index = first; index < first + options.sessions; index++) {
    violations.push(...(await simulateSession(options, knobs, index, stats)));
  }
  return { seed: options.seed, violations, stats };
}

/** A violation as a few readable lines: the promise, the seed to replay it, and its trace. */
export function formatViolation(violation: Violation): string {
  const { number, promise } = INVARIANTS[violation.invariant];
  const more = violation.count > 1 ? ` (${violation.count} times in this session)` : "";
  return [
    `invariant ${number} (${violation.invariant}/${violation.rule}): ${promise}`,
    `  broken at ${clockLabel(violation.atMs)}${more}: ${violation.message}`,
    `  replay: SIM_SEED=${violation.seed} SIM_SESSION=${violation.session}`,
    ...violation.trace.map((line) => `    ${line}`),
  ].join("\n");
}

/** "1h02m03s", "3m20.0s", "12.3s", "250ms". */
function durationLabel(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)}s`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  return `${sign}${hours ? `${hours}h` : ""}${minutes}m${String(seconds).padStart(2, "0")}s`;
}

function clockLabel(ms: number): string {
  const total = Math.floor(ms / 100) / 10;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = (total % 60).toFixed(1).padStart(4, "0");
  return `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`;
}

const expiryMs = (token: string): number | null => {
  const exp = decodeJwt(token).payload.exp;
  return typeof exp === "number" ? exp * 1000 : null;
};

const subjectOf = (token: string): string => String(decodeJwt(token).payload.sub ?? "").trim();

const errorLabel = (error: unknown): string =>
  (error as { name?: unknown } | null)?.name === "JazzAuthError"
    ? String((error as { code?: unknown }).code)
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);

const USERS = ["user-1", "user-2", "user-3"] as const;

/** The Jazz server during an outage: every token refused, as with a wrong JWKS (`invalid`). */
const outageVerdict: JazzVerdict = () =>
  unauthenticatedMessage("invalid", "JWT signature verification failed: InvalidSignature");

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly run: () => void;
}

interface Caller {
  readonly id: number;
  readonly forced: boolean;
  readonly start: number;
  reported: boolean;
}

interface Arrival {
  /** Issuer-clock time of delivery. */
  readonly at: number;
  readonly forced: boolean;
  /** A forced token had reached this app before. */
  readonly calibrated: boolean;
}

interface Connection {
  readonly db: FakeJazzDb;
  readonly principal: string;
  readonly createdAt: number;
  /** What the last drop was: a handshake of the transport's own (`retry`) is judged by it. */
  lastDrop: "visible" | "invisible" | null;
  disconnect: (() => void) | null;
  closed: boolean;
  seen: number;
  /** Running times of the last handshakes, for the storm check. */
  readonly recent: number[];
  expiredStreak: number;
  pausedHealthySince: number | null;
}

interface App {
  readonly id: number;
  readonly headless: boolean;
  readonly createdAt: number;
  source: TokenSource;
  disposing: boolean;
  /** Every timer the app's source and connection hold, through {@link App.timerApi}. */
  readonly timers: Set<unknown>;
  readonly timerApi: Timers;
  readonly arrivals: Map<string, Arrival>;
  calibrated: boolean;
  readonly callers: Set<Caller>;
  forcedCallers: number;
  readonly listeners: Map<number, () => void>;
  conn: Connection | null;
  booting: boolean;
  lastSuccess: { readonly call: number; readonly start: number; readonly quiet: number } | null;
}

interface SessionChange {
  readonly at: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly deadline: number;
}

interface TokenInfo {
  readonly id: number;
  readonly epoch: number;
  readonly subject: string;
}

/** One session: its world, its apps, its checkers, and the event loop that drives them. */
async function simulateSession(
  options: SimulationOptions,
  knobs: SimulationKnobs,
  index: number,
  stats: SimulationStats,
): Promise<Violation[]> {
  const { seed } = options;
  const rng = createSimRandom(sessionSeed(seed, index));
  const createSource = options.createSource ?? createTokenSource;
  const connect = options.connect ?? connectJazz;
  const checked = new Set<InvariantId>(options.invariants ?? (Object.keys(INVARIANTS) as InvariantId[]));
  const traceLength = options.traceLength ?? 30;

  const lifetime = rng.pick(knobs.lifetimesSeconds);
  const skewMs = rng.chance(knobs.skewChance)
    ? Math.round(rng.logBetween(knobs.skewMs[0], knobs.skewMs[1])) * (rng.chance(0.5) ? 1 : -1)
    : 0;
  const hasEnvironment = rng.chance(knobs.environmentChance);
  const browserWorker = rng.chance(knobs.browserWorkerChance);
  const durationMs = rng.between(knobs.durationMs[0], knobs.durationMs[1]);
  const clock = createFakeClock({ skewMs });
  const startedAt = clock.serverNow();
  const provider = createScriptedProvider({ clock, subject: "user-1", lifetimeSeconds: lifetime });
  const environment = createFakeEnvironment();
  let slept = 0;
  const running = () => clock.serverNow() - startedAt - slept;

  // ---- trace and reports
  const trace: string[] = [];
  const log = (line: string) => {
    trace.push(`${clockLabel(running())} ${line}`);
    if (trace.length > traceLength) trace.shift();
  };
  const found = new Map<string, { violation: Violation; count: number }>();
  const violation = (invariant: InvariantId, rule: string, message: string) => {
    if (!checked.has(invariant)) return;
    const key = `${invariant}/${rule}`;
    const seen = found.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    log(`VIOLATION ${key}: ${message}`);
    const base = { invariant, rule, seed, session: index, atMs: running(), message, trace: [header, "…", ...trace] };
    found.set(key, { violation: { ...base, count: 1 }, count: 1 });
  };
  const header = `session ${index}: ${browserWorker ? "Jazz in a browser worker, " : ""}${lifetime}s tokens, device clock ${
    skewMs > 0 ? `${durationLabel(skewMs)} ahead` : skewMs < 0 ? `${durationLabel(-skewMs)} behind` : "right"
  }, ${hasEnvironment ? "lifecycle events" : "no lifecycle events"}, ${durationLabel(durationMs)}`;

  // ---- the event agenda (driver actions, on running time; engine timers live on the fake clock)
  const agenda: Scheduled[] = [];
  let seq = 0;
  const at = (when: number, label: string, run: () => void) => {
    const item = { at: when, seq: seq++, label, run };
    let i = agenda.length;
    while (i > 0 && (agenda[i - 1] as Scheduled).at > when) i--;
    agenda.splice(i, 0, item);
  };
  const after = (delay: number, label: string, run: () => void) =>
    at(Math.ceil(running() + Math.max(0, delay)), label, run);

  // ---- world state
  let epoch = 0;
  let disturbances = 0;
  let offline = false;
  let hidden = false;
  let outage: "fail" | "hang" | null = null;
  let jazzDown = false;
  let needsInteraction = false;
  let lastChange: SessionChange | null = null;
  let sdkCache: string | null = null;
  let calls = 0;
  let tokens = 0;
  let getTokens = 0;
  let listenerIds = 0;
  const tokenInfo = new Map<string, TokenInfo>();
  const apps: App[] = [];
  const live = () => apps.filter((app) => !app.disposing);
  const liveConnections = () =>
    live().flatMap((app) => (app.conn && !app.conn.closed ? [app.conn] : ([] as Connection[])));
  /** The live transports, each once (tabs may share one). */
  const liveTransports = () => [...new Set(liveConnections().map((conn) => conn.db.connection))];

  const label = (token: string | null | undefined): string => {
    if (token === null || token === undefined) return String(token);
    const info = tokenInfo.get(token);
    const exp = expiryMs(token);
    const left =
      exp === null ? "" : ` exp${exp >= clock.serverNow() ? "+" : ""}${durationLabel(exp - clock.serverNow())}`;
    return info ? `T${info.id}/${info.subject}${left}` : `foreign token${left}`;
  };

  const mint = (subject: string, tokenEpoch: number): string => {
    const token = provider.mint(subject, { jti: `sim-${++tokens}` });
    tokenInfo.set(token, { id: tokens, epoch: tokenEpoch, subject });
    return token;
  };

  // ---- the provider SDK: latency, failures, hangs and a cache, shared by every app
  function sdkFetch(app: App, { forceRefresh, signal }: FetchTokenOptions): Promise<string | null> {
    const id = ++calls;
    stats.providerCalls++;
    const start = running();
    const quiet = disturbances;
    if (app.disposing)
      violation("dispose", "after-dispose", `app#${app.id}: fetchToken (call#${id}) called after dispose()`);
    if (signal.aborted)
      violation("dispose", "aborted-signal", `app#${app.id}: fetchToken (call#${id}) called with an aborted signal`);
    const previous = app.lastSuccess;
    const callerForced = app.forcedCallers > 0 || (forceRefresh && app.conn?.db.paused === true);
    if (previous && previous.quiet === disturbances && !callerForced && start - previous.start < 1000) {
      violation(
        "refresh-spacing",
        "too-soon",
        `app#${app.id}: call#${id} started ${durationLabel(start - previous.start)} after call#${previous.call}, which answered a token, with no event or forced caller in between`,
      );
    }
    const kind = forceRefresh ? "forced" : "plain";
    if (!forceRefresh && sdkCache && tokenInfo.get(sdkCache)?.epoch === epoch) {
      const left = (expiryMs(sdkCache) ?? Infinity) - clock.serverNow();
      if (left >= knobs.sdkCacheMinValidityMs && rng.chance(knobs.sdkCacheChance)) {
        log(`app#${app.id} call#${id} ${kind}: SDK cache answers ${label(sdkCache)}`);
        return deliver(app, id, forceRefresh, { start, quiet }, Promise.resolve(sdkCache), signal);
      }
    }
    const callEpoch = epoch;
    const callSubject = provider.subject;
    const fault =
      outage ??
      (rng.chance(knobs.hangChance)
        ? "hang"
        : rng.chance(knobs.failChance)
          ? "fail"
          : rng.chance(knobs.nonRetryableChance)
            ? "interaction"
            : "ok");
    const latency = rng.chance(knobs.slowCallChance)
      ? rng.between(knobs.latencyMs[1], knobs.fetchTimeoutMs * 0.9)
      : rng.between(knobs.latencyMs[0], knobs.latencyMs[1]);
    log(`app#${app.id} call#${id} ${kind}: ${fault === "ok" ? "answers" : fault} in ${durationLabel(latency)}`);
    if (rng.chance(knobs.changeMidCallChance)) after(latency * rng.next(), "change mid-call", () => sessionChange());
    const answer = new Promise<string | null>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason); // as fetch() does
      if (fault === "hang") {
        const late = knobs.fetchTimeoutMs + rng.between(0, 20_000);
        if (rng.chance(knobs.lateAnswerChance)) {
          after(late, `call#${id} answers late`, () =>
            resolve(callSubject === null ? null : mint(callSubject, callEpoch)),
          );
        }
        return; // a hung call ignores its signal
      }
      const onAbort = () => {
        clock.clearTimeout(timer);
        reject(signal.reason ?? new Error("aborted"));
      };
      const timer = clock.setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        if (offline || fault === "fail") reject(networkError());
        else if (fault === "interaction") {
          needsInteraction = true;
          reject(new JazzAuthError("ERR_INTERACTION_REQUIRED", "Consent needed.", { provider: "sim" }));
        } else resolve(provider.subject === null ? null : mint(provider.subject, epoch));
      }, latency);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    return deliver(app, id, forceRefresh, { start, quiet }, answer, signal);
  }

  function deliver(
    app: App,
    id: number,
    forced: boolean,
    began: { readonly start: number; readonly quiet: number },
    answer: Promise<string | null>,
    signal: AbortSignal,
  ): Promise<string | null> {
    return answer.then(
      (token) => {
        if (token !== null && rng.chance(knobs.deliverySleepChance)) {
          sleep(rng.logBetween(knobs.sleepMs[0], knobs.sleepMs[1]), `between call#${id}'s answer and its delivery`);
        }
        if (token !== null && !signal.aborted) {
          app.arrivals.set(token, { at: clock.serverNow(), forced, calibrated: app.calibrated });
          app.calibrated ||= forced;
          app.lastSuccess = { call: id, ...began };
          if (tokenInfo.get(token)?.epoch === epoch) sdkCache = token;
        }
        log(`app#${app.id} call#${id} → ${label(token)}${signal.aborted ? " (aborted)" : ""}`);
        return token;
      },
      (error: unknown) => {
        log(`app#${app.id} call#${id} ✗ ${errorLabel(error)}`);
        throw error;
      },
    );
  }

  // ---- checkers
  function checkServed(app: App, token: string, what: string): void {
    const exp = expiryMs(token);
    const now = clock.serverNow();
    const info = tokenInfo.get(token);
    if (info && info.epoch < epoch) {
      violation(
        "session-change",
        "old-token-served",
        `${what} got ${label(token)} from before the provider's session changed`,
      );
    }
    if (exp === null || exp > now) return;
    const arrival = app.arrivals.get(token);
    if (arrival && !arrival.forced && !arrival.calibrated && now - arrival.at <= knobs.uncalibratedGraceMs) return;
    const how = arrival
      ? `arrived ${durationLabel(now - arrival.at)} ago from a${arrival.forced ? " forced" : "n unforced"} call${
          arrival.calibrated || arrival.forced ? "" : ", before any forced one"
        }`
      : "never delivered to this app";
    violation(
      "served-expired",
      what === "db.updateAuthToken" ? "to-db" : "to-caller",
      `${what} got ${label(token)}: expired on the issuer's clock (${how})`,
    );
  }

  function checkSnapshot(app: App, snapshot: AuthSnapshot, where: string, settled: boolean): void {
    if (app.disposing) return;
    const now = clock.now();
    const { token, expiresAt } = snapshot;
    if (token !== null && expiresAt !== null && now >= expiresAt) {
      violation(
        "snapshot-expiry",
        "past-expires-at",
        `app#${app.id} ${where}: snapshot shows ${label(token)} ${durationLabel(now - expiresAt)} past its own expiresAt (status ${snapshot.status}, ${app.listeners.size} subscriber(s), refreshing ${snapshot.refreshing})`,
      );
    }
    const info = token === null ? undefined : tokenInfo.get(token);
    if (info && info.epoch < epoch && lastChange) {
      violation(
        "session-change",
        "old-token-shown",
        `app#${app.id} ${where}: snapshot shows ${label(token)} ${durationLabel(running() - lastChange.at)} after the provider went ${lastChange.from ?? "signed out"} → ${lastChange.to ?? "signed out"}`,
      );
    }
    if (!settled || !lastChange) return;
    if (running() > lastChange.deadline && snapshot.principal !== null && snapshot.principal !== lastChange.to) {
      violation(
        "session-change",
        "principal-stale",
        `app#${app.id} ${where}: principal still ${snapshot.principal} (status ${snapshot.status}, ${app.listeners.size} subscriber(s)) ${durationLabel(running() - lastChange.at)} after the provider went ${lastChange.from ?? "signed out"} → ${lastChange.to ?? "signed out"}`,
      );
    }
    if (lastChange.to !== null && snapshot.status === "signed-out" && running() > lastChange.at) {
      violation(
        "session-change",
        "still-signed-out",
        `app#${app.id} ${where}: still signed-out ${durationLabel(running() - lastChange.at)} after ${lastChange.to} signed in`,
      );
    }
  }

  const healthy = (conn: Connection) =>
    !offline && !outage && !jazzDown && !needsInteraction && provider.subject === conn.principal;

  /**
   * Judges the Db's new handshakes. One of the transport's own (`retry`, `app-reconnect`) is judged by
   * the drop before it: after one the page saw, an expired one is a violation when the source held a
   * valid token when it began; after any drop, two expired ones in a row are.
   */
  function scanHandshakes(app: App, conn: Connection): void {
    const { handshakes } = conn.db;
    for (; conn.seen < handshakes.length; conn.seen++) {
      const handshake = handshakes[conn.seen];
      if (!handshake) continue;
      const own = handshake.trigger === "retry" || handshake.trigger === "app-reconnect";
      const drop = own ? (conn.lastDrop ?? "invisible") : null;
      stats.handshakes++;
      conn.recent.push(running());
      while ((conn.recent[0] ?? 0) < running() - 60_000) conn.recent.shift();
      if (conn.recent.length > knobs.maxHandshakesPerMinute) {
        violation(
          "jazz-handoff",
          "handshake-storm",
          `app#${app.id}: ${conn.recent.length} handshakes in the last minute (a hand-over loop)`,
        );
      }
      log(
        `app#${app.id} Db handshake (${handshake.trigger}${drop ? ` after a ${drop} drop` : ""}) with ${label(handshake.token)}: ${handshake.outcome}`,
      );
      if (handshake.outcome === "accepted") conn.expiredStreak = 0;
      // In a browser worker every rejection reaches the tabs as `invalid`; the server's code says why.
      if (handshake.outcome !== "expired" && handshake.code !== "expired") continue;
      stats.expiredHandshakes++;
      conn.expiredStreak++;
      const held = app.source.getSnapshot().token;
      const since = held === null ? undefined : app.arrivals.get(held)?.at;
      const heldValid =
        held !== null &&
        held !== handshake.token &&
        since !== undefined &&
        since <= handshake.startedAt &&
        subjectOf(held) === conn.principal &&
        (expiryMs(held) ?? Number.POSITIVE_INFINITY) > handshake.startedAt;
      if (drop === "visible" && heldValid) {
        violation(
          "jazz-handoff",
          "visible-drop-expired",
          `app#${app.id}: the Db reconnected with ${label(handshake.token)} after a drop the page saw, while the source held ${label(held)}`,
        );
      }
      if (conn.expiredStreak > 1) {
        violation(
          "jazz-handoff",
          "expired-streak",
          `app#${app.id}: ${conn.expiredStreak} expired handshakes before an accepted one`,
        );
      }
    }
  }

  function checkApps(): void {
    for (const app of live()) {
      checkSnapshot(app, app.source.getSnapshot(), "read", true);
      for (const caller of app.callers) {
        if (caller.reported || running() - caller.start <= knobs.settleBoundMs) continue;
        caller.reported = true;
        violation(
          "settles",
          "slow-getToken",
          `app#${app.id}: getToken#${caller.id} has not settled after ${durationLabel(running() - caller.start)}`,
        );
      }
      const conn = app.conn;
      if (!conn || conn.closed) continue;
      scanHandshakes(app, conn);
      if (conn.db.paused && healthy(conn)) {
        conn.pausedHealthySince ??= running();
        if (running() - conn.pausedHealthySince > knobs.recoveryBoundMs) {
          violation(
            "jazz-handoff",
            "sync-paused",
            `app#${app.id}: sync paused for ${durationLabel(running() - conn.pausedHealthySince)} while the provider and the Jazz server were healthy`,
          );
        }
      } else conn.pausedHealthySince = null;
      if (
        lastChange &&
        conn.createdAt < lastChange.at &&
        running() > lastChange.deadline &&
        provider.subject !== conn.principal
      ) {
        violation(
          "session-change",
          "db-not-recreated",
          `app#${app.id}: the Db of ${conn.principal} is still live ${durationLabel(running() - lastChange.at)} after the provider went ${lastChange.from ?? "signed out"} → ${lastChange.to ?? "signed out"}; onPrincipalChange was not called`,
        );
      }
    }
  }

  // ---- apps: a token source with subscribers, callers and a live Db
  function startApp(reason: string): void {
    if (live().length >= knobs.maxApps) return;
    const timers = new Set<unknown>();
    const timerApi: Timers = {
      setTimeout(callback, delayMs) {
        const handle = clock.setTimeout(() => {
          timers.delete(handle);
          callback();
        }, delayMs);
        timers.add(handle);
        return handle;
      },
      clearTimeout(handle) {
        timers.delete(handle);
        clock.clearTimeout(handle);
      },
    };
    const app: App = {
      id: apps.length + 1,
      headless: rng.chance(knobs.headlessChance),
      createdAt: running(),
      source: null as unknown as TokenSource,
      disposing: false,
      timers,
      timerApi,
      arrivals: new Map(),
      calibrated: false,
      callers: new Set(),
      forcedCallers: 0,
      listeners: new Map(),
      conn: null,
      booting: false,
      lastSuccess: null,
    };
    apps.push(app);
    stats.apps++;
    log(`app#${app.id} starts (${reason}${app.headless ? ", headless" : ""})`);
    app.source = createSource({
      provider: "sim",
      fetchToken: (fetchOptions) => sdkFetch(app, fetchOptions),
      watch: provider.watch,
      clock,
      timers: timerApi,
      environment: hasEnvironment ? environment : null,
      retry: { random: rng.next },
      fetchTimeoutMs: knobs.fetchTimeoutMs,
    });
    if (app.headless) {
      callGetToken(app, false, "none");
      return;
    }
    subscribeListener(app, true);
    boot(app);
  }

  function subscribeListener(app: App, main: boolean): void {
    const id = ++listenerIds;
    let unsubscribe: (() => void) | null = null;
    let gone = false;
    let shown = "";
    const listener = (snapshot: AuthSnapshot) => {
      if (gone || app.disposing) return;
      checkSnapshot(app, snapshot, `listener#${id}`, false);
      checkSnapshot(app, app.source.getSnapshot(), `listener#${id} reading getSnapshot()`, false);
      const summary = `${snapshot.status} ${label(snapshot.token)} ${snapshot.principal ?? "-"}${snapshot.refreshing ? " refreshing" : ""}`;
      if (main && summary !== shown) {
        shown = summary;
        log(`app#${app.id} snapshot: ${summary}`);
      }
      if (main && snapshot.status === "signed-in" && !app.conn && !app.booting)
        after(0, `boot app#${app.id}`, () => boot(app));
      if (rng.chance(knobs.listenerDisposeChance * (snapshot.refreshing ? 10 : 1))) {
        disposeApp(app, `inside listener#${id}'s callback`);
        after(rng.between(0, 2_000), "restart", () => startApp("after a dispose in a listener"));
        return;
      }
      if (!main && rng.chance(0.05)) {
        gone = true;
        log(`app#${app.id} listener#${id} unsubscribes inside its callback`);
        app.listeners.delete(id);
        unsubscribe?.();
      }
    };
    const stop = app.source.subscribe(listener);
    unsubscribe = stop;
    if (gone) stop();
    else app.listeners.set(id, stop);
  }

  function boot(app: App): void {
    if (app.disposing || app.headless || app.conn || app.booting) return;
    app.booting = true;
    callGetToken(app, false, "none").then((result) => {
      app.booting = false;
      if (app.disposing || app.conn) return;
      if ("error" in result) after(5_000, `boot app#${app.id} again`, () => boot(app));
      else if (result.token !== null) {
        const token = result.token;
        if (rng.chance(knobs.refreshDuringCreateDbChance)) callGetToken(app, true, "none");
        after(rng.between(knobs.createDbDelayMs[0], knobs.createDbDelayMs[1]), `createDb app#${app.id}`, () =>
          createDb(app, token),
        );
      }
    });
  }

  function createDb(app: App, token: string): void {
    if (app.disposing || app.conn) return;
    const verdict = jazzDown ? outageVerdict : defaultVerdict;
    const principal = subjectOf(token);
    const sameUser = liveConnections().filter((other) => other.principal === principal);
    const shared = browserWorker && rng.chance(knobs.sharedTabChance) ? sameUser[0]?.db.connection : undefined;
    const connection: FakeJazzConnection =
      shared ??
      (browserWorker
        ? createFakeJazzConnection({ clock, route: "browser-worker", verdict })
        : createFakeJazzConnection({ clock, route: "direct", verdict }));
    const db = createFakeJazzDb({ token, clock, connection });
    if (offline) connection.setOnline(false);
    const conn: Connection = {
      db,
      principal,
      createdAt: running(),
      lastDrop: null,
      disconnect: null,
      closed: false,
      seen: connection.handshakes.length, // a tab joining a shared connection is not judged by its past
      recent: [],
      expiredStreak: 0,
      pausedHealthySince: null,
    };
    const update = db.updateAuthToken.bind(db);
    db.updateAuthToken = (next) => {
      log(`app#${app.id} db.updateAuthToken(${label(next)})`);
      if (next !== null) checkServed(app, next, "db.updateAuthToken");
      try {
        update(next);
      } catch (thrown) {
        violation("jazz-handoff", "update-threw", `app#${app.id}: db.updateAuthToken threw: ${errorLabel(thrown)}`);
        throw thrown;
      }
    };
    db.onAuthChanged((state) => {
      if (state.error) disturbances++; // connectJazz answers a rejection with a forced refresh
    });
    app.conn = conn;
    log(`app#${app.id} createDb with ${label(token)}${shared ? " (a follower tab of another app's connection)" : ""}`);
    // connectJazz's own forced refreshes (recovery retries run on a timer) are forced callers too.
    const viaConnect: TokenSource = {
      ...app.source,
      getToken(options) {
        if (!options?.forceRefresh) return app.source.getToken(options);
        app.forcedCallers++;
        return app.source.getToken(options).finally(() => {
          app.forcedCallers--;
        });
      },
    };
    conn.disconnect = connect(viaConnect, db, {
      onPrincipalChange: (change) => onPrincipalChange(app, conn, change.from, change.to),
      onError: (error) => log(`app#${app.id} connectJazz onError ${errorLabel(error)}`),
      clock,
      timers: app.timerApi,
      environment: hasEnvironment ? environment : null,
      retry: { random: rng.next },
    });
    if (conn.closed) conn.disconnect();
  }

  function closeConnection(app: App, conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    conn.disconnect?.();
    // The last tab of a connection shuts the transport down; a tab leaving a shared one only detaches.
    if (!liveConnections().some((other) => other.db.connection === conn.db.connection)) conn.db.connection.stop();
    conn.db.shutdown();
    if (app.conn === conn) app.conn = null;
  }

  function onPrincipalChange(app: App, conn: Connection, from: string | null, to: string | null): void {
    log(`app#${app.id} onPrincipalChange ${from ?? "null"} → ${to ?? "null"}`);
    closeConnection(app, conn);
    if (rng.chance(0.35)) {
      disposeApp(app, "inside onPrincipalChange");
      after(rng.between(0, 2_000), "reload", () => startApp("reload after a principal change"));
    } else after(rng.between(0, 1_000), `remount Db app#${app.id}`, () => boot(app));
  }

  function disposeApp(app: App, why: string): void {
    if (app.disposing) return;
    log(`app#${app.id} dispose (${why})`);
    app.disposing = true;
    if (app.conn) closeConnection(app, app.conn);
    app.source.dispose();
    after(0, `check app#${app.id} disposed`, () => checkDisposed(app));
  }

  function checkDisposed(app: App): void {
    if (app.timers.size > 0)
      violation("settles", "timer-after-dispose", `app#${app.id}: ${app.timers.size} timer(s) left after dispose()`);
    for (const caller of app.callers) {
      if (caller.reported) continue;
      caller.reported = true;
      violation(
        "settles",
        "pending-after-dispose",
        `app#${app.id}: getToken#${caller.id} still pending after dispose()`,
      );
    }
  }

  type CallResult = { readonly token: string | null } | { readonly error: unknown };

  function callGetToken(app: App, forced: boolean, abort: "none" | "before" | "later"): Promise<CallResult> {
    const id = ++getTokens;
    stats.getTokenCalls++;
    const start = running();
    const snapshot = app.source.getSnapshot();
    const controller = new AbortController();
    if (abort === "before") controller.abort();
    if (abort === "later") after(rng.between(0, 10_000), `abort getToken#${id}`, () => controller.abort());
    const cached = snapshot.token;
    const cacheFirst =
      !forced &&
      abort !== "before" &&
      snapshot.status === "signed-in" &&
      cached !== null &&
      (snapshot.expiresAt === null || clock.now() < snapshot.expiresAt) &&
      (expiryMs(cached) ?? Number.POSITIVE_INFINITY) > clock.serverNow() &&
      !(lastChange && running() <= lastChange.deadline) &&
      tokenInfo.get(cached)?.epoch === epoch;
    const cachedLabel = label(cached);
    const caller: Caller = { id, forced, start, reported: false };
    app.callers.add(caller);
    if (forced) app.forcedCallers++;
    const settle = () => {
      app.callers.delete(caller);
      if (forced) app.forcedCallers--;
    };
    const waited = (outcome: string) => {
      const ms = running() - start;
      if (cacheFirst && ms > 0) {
        violation(
          "cache-first",
          "waited",
          `app#${app.id}: unforced getToken#${id} waited ${durationLabel(ms)} (${outcome}) while the snapshot held ${cachedLabel}`,
        );
      }
    };
    const what = `app#${app.id} getToken#${id}${forced ? " (forced)" : ""}${abort === "none" ? "" : ` (abort ${abort})`}`;
    return app.source.getToken({ forceRefresh: forced, signal: controller.signal }).then(
      (token) => {
        settle();
        log(`${what} → ${label(token)}`);
        waited("resolved");
        if (token !== null) checkServed(app, token, what);
        return { token };
      },
      (error: unknown) => {
        settle();
        log(`${what} ✗ ${errorLabel(error)}`);
        if ((error as { name?: unknown } | null)?.name !== "JazzAuthError") {
          violation(
            "settles",
            "not-a-JazzAuthError",
            `${what} rejected with something else than a JazzAuthError: ${errorLabel(error)}`,
          );
        }
        waited(errorLabel(error));
        return { error };
      },
    );
  }

  // ---- world events
  function sessionChange(): void {
    const from = provider.subject;
    const roll = rng.next();
    const others = USERS.filter((user) => user !== from);
    const to = from === null ? rng.pick(USERS) : roll < 0.4 ? null : roll < 0.8 ? rng.pick(others) : from;
    disturbances++;
    needsInteraction = false;
    if (to !== from) {
      epoch++;
      sdkCache = null;
      lastChange = { at: running(), from, to, deadline: running() + knobs.fetchTimeoutMs + 1_000 };
    }
    log(`watch: ${from ?? "signed out"} → ${to ?? "signed out"}`);
    if (to === null) provider.signOut();
    else provider.signIn(to);
  }

  /** The live transports drop; each reconnects on its own, after its backoff. */
  function dropAll(kind: "visible" | "invisible"): void {
    for (const conn of liveConnections()) conn.lastDrop = kind;
    for (const transport of liveTransports()) transport.drop();
  }

  function sleep(ms: number, why: string): void {
    const visible = hasEnvironment && rng.chance(knobs.visibleSleepChance);
    disturbances++;
    const whole = Math.round(ms);
    clock.sleep(whole);
    slept += whole;
    log(`machine sleeps ${durationLabel(ms)} ${why} (${visible ? "wake event" : "no wake event"})`);
    const wakeFirst = rng.chance(0.5);
    after(0, "wake", () => {
      disturbances++;
      if (visible && wakeFirst) environment.emit("wake");
      dropAll(visible ? "visible" : "invisible"); // the socket died in the sleep
      if (visible && !wakeFirst) environment.emit("wake");
      if (visible && rng.chance(0.5)) environment.emit("visible");
    });
  }

  function goOffline(): void {
    if (offline) return;
    const ms = rng.logBetween(knobs.offlineMs[0], knobs.offlineMs[1]);
    const kind = hasEnvironment ? "visible" : "invisible";
    offline = true;
    disturbances++;
    for (const conn of liveConnections()) conn.lastDrop = kind;
    for (const transport of liveTransports()) transport.setOnline(false);
    log(`offline for ${durationLabel(ms)}`);
    if (hasEnvironment) environment.emit("offline");
    after(ms, "online", () => {
      offline = false;
      disturbances++;
      log("online");
      for (const transport of liveTransports()) transport.setOnline(true);
      if (hasEnvironment) environment.emit("online");
    });
  }

  function hide(): void {
    if (hidden) return;
    hidden = true;
    const until = clock.serverNow() + rng.logBetween(knobs.hiddenMs[0], knobs.hiddenMs[1]);
    log(`tab hidden until ${durationLabel(until - clock.serverNow())} from now (timers throttled)`);
    const chunk = () => {
      const lag = Math.round(rng.between(5_000, 55_000));
      disturbances++;
      clock.sleep(lag);
      slept += lag;
      for (const app of live()) checkSnapshot(app, app.source.getSnapshot(), "read in a hidden tab", true);
      if (clock.serverNow() < until) {
        after(1_000, "throttled timers", chunk);
        return;
      }
      hidden = false;
      disturbances++;
      log("tab visible");
      if (hasEnvironment) environment.emit("visible");
    };
    after(0, "throttled timers", chunk);
  }

  function invisibleDrop(): void {
    const candidates = live().filter((app) => app.conn?.db.connected);
    if (candidates.length === 0) return;
    const app = rng.pick(candidates);
    const connection = (app.conn as Connection).db.connection;
    for (const conn of liveConnections()) if (conn.db.connection === connection) conn.lastDrop = "invisible";
    log(`app#${app.id} Jazz transport drops (the page cannot see it)`);
    connection.drop();
  }

  function burst(): void {
    const candidates = live();
    if (candidates.length === 0) return;
    const app = rng.pick(candidates);
    const count = rng.int(knobs.burstSize[0], knobs.burstSize[1]);
    for (let i = 0; i < count; i++) {
      const forced = rng.chance(knobs.forcedCallerChance);
      const abort = rng.chance(knobs.abortCallerChance) ? (rng.chance(1 / 3) ? "before" : "later") : "none";
      callGetToken(app, forced, abort);
    }
  }

  function providerOutage(): void {
    if (outage) return;
    outage = rng.chance(0.5) ? "fail" : "hang";
    const ms = rng.logBetween(knobs.providerOutageMs[0], knobs.providerOutageMs[1]);
    log(`provider outage (${outage}) for ${durationLabel(ms)}`);
    after(ms, "provider recovers", () => {
      outage = null;
      log("provider recovers");
    });
  }

  function jazzOutage(): void {
    if (jazzDown) return;
    jazzDown = true;
    const ms = rng.logBetween(knobs.jazzOutageMs[0], knobs.jazzOutageMs[1]);
    log(`Jazz server rejects every token for ${durationLabel(ms)}`);
    for (const transport of liveTransports()) transport.verdict = outageVerdict;
    after(1_000, "drop during the Jazz outage", invisibleDrop);
    after(ms, "Jazz server recovers", () => {
      jazzDown = false;
      log("Jazz server recovers");
      for (const transport of liveTransports()) transport.verdict = defaultVerdict;
    });
  }

  function churnListeners(): void {
    const candidates = live().filter((app) => !app.headless);
    if (candidates.length === 0) return;
    const app = rng.pick(candidates);
    if (app.listeners.size < 4 && rng.chance(0.6)) {
      subscribeListener(app, false);
      return;
    }
    const ids = [...app.listeners.keys()].slice(1);
    if (ids.length === 0) return;
    const id = rng.pick(ids);
    app.listeners.get(id)?.();
    app.listeners.delete(id);
    log(`app#${app.id} listener#${id} unsubscribes`);
  }

  function disposeSomeApp(): void {
    const candidates = live();
    if (candidates.length > 0) {
      const app = rng.pick(candidates);
      disposeApp(app, "at a random time");
      after(rng.between(0, 3_000), "restart", () => startApp("after a random dispose"));
    }
    if (rng.chance(0.2)) after(rng.between(0, 3_000), "second app", () => startApp("a second app"));
  }

  const handlers: Record<SimEventKind, () => void> = {
    sessionChange,
    sleep: () => sleep(rng.logBetween(knobs.sleepMs[0], knobs.sleepMs[1]), "at a random time"),
    offline: goOffline,
    hidden: hide,
    invisibleDrop,
    burst,
    read: () => {
      for (const app of live()) checkSnapshot(app, app.source.getSnapshot(), "random read", true);
    },
    dispose: disposeSomeApp,
    providerOutage,
    jazzOutage,
    listenerChurn: churnListeners,
  };
  for (const kind of Object.keys(handlers) as SimEventKind[]) {
    const rate = knobs.perHour[kind];
    if (!(rate > 0)) continue;
    const schedule = () =>
      after(-Math.log(1 - rng.next()) * (3_600_000 / rate), kind, () => {
        handlers[kind]();
        schedule();
      });
    schedule();
  }

  // ---- the event loop
  const processRef = (globalThis as { process?: NodeProcessLike }).process;
  const onUnhandled = (reason: unknown) =>
    violation("settles", "unhandled-rejection", `unhandled rejection: ${errorLabel(reason)}`);
  processRef?.on("unhandledRejection", onUnhandled);
  try {
    startApp("first app");
    let steps = 0;
    for (;;) {
      if (++steps > 200_000) {
        violation("settles", "timer-loop", `more than 200,000 steps in ${durationLabel(running())}: a timer loop`);
        break;
      }
      const next = agenda[0];
      if (next && next.at <= running()) {
        agenda.shift();
        next.run();
        await clock.flush();
        checkApps();
        continue;
      }
      if (running() >= durationMs) break;
      const until = Math.min(next?.at ?? Number.POSITIVE_INFINITY, durationMs) - running();
      const timer = Math.min(...clock.pending().map((pending) => pending.remainingMs));
      await clock.advanceUntil(
        () => (agenda[0]?.at ?? Number.POSITIVE_INFINITY) <= running(),
        Math.max(0, Math.ceil(Math.min(timer, until))),
      );
      checkApps();
    }
    for (const app of live()) disposeApp(app, "end of the session");
    await clock.flush();
    for (const app of apps) checkDisposed(app);
    const left = clock.pending();
    if (left.length > 0) {
      violation(
        "settles",
        "timers-at-end",
        `${left.length} timer(s) still pending after every source was disposed (a provider call not aborted?)`,
      );
    }
    await clock.flush();
  } finally {
    processRef?.off("unhandledRejection", onUnhandled);
  }
  stats.sessions++;
  stats.runningMs += running();
  return [...found.values()].map(({ violation: first, count }) => ({ ...first, count }));
}

interface NodeProcessLike {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  off(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
}
