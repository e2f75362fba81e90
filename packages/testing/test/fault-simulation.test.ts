/**
 * The fault simulation's own checks: it is deterministic, and each checker catches a source or a
 * connection built to break its promise (wrappers over the real engine, so these hold whatever
 * the engine's own state).
 */
import {
  type AuthSnapshot,
  connectJazz,
  createTokenSource,
  decodeJwt,
  type TokenSource,
  type TokenSourceOptions,
} from "@jazz-auth/core";
import {
  createSimRandom,
  type InvariantId,
  mulberry32,
  runFaultSimulation,
  type SimulationOptions,
} from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

const found = async (options: Omit<SimulationOptions, "seed">) => {
  const result = await runFaultSimulation({ seed: 7, ...options });
  return new Set(result.violations.map((violation) => `${violation.invariant}/${violation.rule}`));
};

/** Serves its first token forever, never refreshes, and calls the provider once more on dispose. */
function frozenSource(options: TokenSourceOptions): TokenSource {
  const signal = new AbortController().signal;
  let first: Promise<string | null> | undefined;
  let snapshot: AuthSnapshot = {
    status: "loading",
    token: null,
    principal: null,
    expiresAt: null,
    refreshing: false,
    error: null,
    principalVersion: 0,
  };
  return {
    provider: options.provider,
    getToken() {
      first ??= options.fetchToken({ forceRefresh: false, signal }).then((token) => {
        const payload = token === null ? null : decodeJwt(token).payload;
        snapshot = {
          ...snapshot,
          status: token === null ? "signed-out" : "signed-in",
          token,
          principal: payload === null ? null : String(payload.sub),
          expiresAt: payload === null ? null : Number(payload.exp) * 1000,
          principalVersion: 1,
        };
        return token;
      });
      return first;
    },
    getSnapshot: () => snapshot,
    subscribe: () => () => {},
    dispose() {
      void options.fetchToken({ forceRefresh: true, signal }).catch(() => {});
    },
  };
}

describe("mulberry32 and createSimRandom", () => {
  it("give the same numbers in [0, 1) for the same seed, and others for another", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(first).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(first[0]);
    const random = createSimRandom(1);
    const ints = Array.from({ length: 1000 }, () => random.int(1, 3));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3]));
  });
});

describe("runFaultSimulation", () => {
  it("is deterministic: the same seed gives the same sessions, counts and reports", async () => {
    const run = () => runFaultSimulation({ seed: 3, sessions: 6 });
    const [one, two] = [await run(), await run()];
    expect(two.stats).toEqual(one.stats);
    expect(two.violations).toEqual(one.violations);
    expect(one.stats.providerCalls).toBeGreaterThan(6);
  });

  it("catches a source that serves its first token forever and calls the provider after dispose()", async () => {
    const rules = await found({ sessions: 8, createSource: frozenSource, connect: () => () => {} });
    for (const rule of [
      "dispose/after-dispose",
      "snapshot-expiry/past-expires-at",
      "served-expired/to-caller",
      "session-change/old-token-served",
    ]) {
      expect([...rules]).toContain(rule);
    }
  });

  it("catches an unforced getToken() that always waits for a new token", async () => {
    const createSource = (options: TokenSourceOptions): TokenSource => {
      const source = createTokenSource(options);
      return { ...source, getToken: (request) => source.getToken({ ...request, forceRefresh: true }) };
    };
    expect([...(await found({ sessions: 4, createSource }))]).toContain("cache-first/waited");
  });

  it("catches provider calls made back to back", async () => {
    const createSource = (options: TokenSourceOptions): TokenSource =>
      createTokenSource({
        ...options,
        fetchToken: async (request) => {
          await options.fetchToken({ ...request, forceRefresh: false });
          return options.fetchToken(request);
        },
      });
    expect([...(await found({ sessions: 4, createSource }))]).toContain("refresh-spacing/too-soon");
  });

  it("catches a forced getToken() that never settles", async () => {
    const createSource = (options: TokenSourceOptions): TokenSource => {
      const source = createTokenSource(options);
      return {
        ...source,
        getToken: (request) => (request?.forceRefresh ? new Promise(() => {}) : source.getToken(request)),
      };
    };
    const rules = await found({ sessions: 4, createSource });
    expect([...rules]).toContain("settles/slow-getToken");
    expect([...rules]).toContain("settles/pending-after-dispose");
  });

  it("catches a connection that never hands a token over nor reports a principal change", async () => {
    const rules = await found({
      sessions: 12,
      connect: () => () => {},
      knobs: { perHour: { invisibleDrop: 6, sessionChange: 3 } },
    });
    expect([...rules]).toContain("jazz-handoff/sync-paused");
    expect([...rules]).toContain("session-change/db-not-recreated");
  });

  it("catches a connection that hands over expired tokens", async () => {
    const rules = await found({
      sessions: 8,
      connect: (source, db, options) => {
        const created = db.token;
        const stop = connectJazz(source, db, options);
        const off = db.onAuthChanged((state) => {
          if (state.error) db.updateAuthToken(created);
        });
        return () => {
          off();
          stop();
        };
      },
      knobs: { perHour: { invisibleDrop: 6, sleep: 4 } },
    });
    expect([...rules]).toContain("served-expired/to-db");
    expect([...rules]).toContain("jazz-handoff/handshake-storm");
  });

  it("reports only the invariants asked for", async () => {
    const only: InvariantId[] = ["settles"];
    const result = await runFaultSimulation({
      seed: 7,
      sessions: 4,
      createSource: frozenSource,
      connect: () => () => {},
      invariants: only,
    });
    expect(result.violations.length).toBeGreaterThan(0);
    expect(result.violations.every((violation) => violation.invariant === "settles")).toBe(true);
  });
});
