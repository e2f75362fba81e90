/**
 * Orderings a review of issue 9's engine and hand-off found (each test failed before its fix).
 */
import {
  connectJazz,
  createTokenSource,
  type JazzAuthError,
  type PrincipalChange,
  type Timers,
  type TokenSource,
} from "@jazz-auth/core";
import {
  createConformanceHarness,
  createFakeJazzDb,
  type JazzVerdict,
  jazzServerVerdict,
  scriptedTokenSource,
  unauthenticatedMessage,
} from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

/** Timers that count the ones still pending. */
function tracked(clock: Timers) {
  const live = new Set<unknown>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      const handle = clock.setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      clock.clearTimeout(handle);
    },
  };
  return { live, timers };
}

/** A subscribed source whose clock a forced call has dated. */
async function dated() {
  const harness = createConformanceHarness({ lifetimeSeconds: 600 });
  const source = scriptedTokenSource(harness);
  sources.push(source);
  source.subscribe(() => {});
  await harness.clock.advance(1000);
  return { ...harness, source };
}

const invalid: JazzVerdict = () => unauthenticatedMessage("invalid", "JWT signature verification failed");

describe("review regressions: connectJazz", () => {
  it("never hands a user's token to a Db created signed out: it asks for a new Db instead", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { clock, provider } = harness;
    provider.setSubject(null);
    const source = scriptedTokenSource(harness);
    sources.push(source);
    source.subscribe(() => {});
    await clock.flush();
    const db = createFakeJazzDb({ token: "", clock }); // created signed out
    provider.signIn("user-1"); // the sign-in lands before connectJazz
    await clock.advance(1000);
    const changes: PrincipalChange[] = [];
    connectJazz(source, db, { environment: null, clock, timers: clock, onPrincipalChange: (c) => changes.push(c) });
    await clock.advance(1000);
    expect(changes.map(({ from, to }) => [from, to])).toEqual([[null, "user-1"]]);
    expect(db.updates).toHaveLength(0);
    db.shutdown();
  });

  it("answers a refusal after a recovered outage at once, not after the old backoff", async () => {
    const { clock, source } = await dated();
    let mode: "invalid" | "ok" | "missing" = "invalid";
    const verdict: JazzVerdict = (token, now) => {
      if (mode === "invalid") return unauthenticatedMessage("invalid", "JWT signature verification failed");
      if (mode === "missing") {
        mode = "ok";
        return unauthenticatedMessage("missing", "missing token");
      }
      return jazzServerVerdict()(token, now);
    };
    const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock, verdict });
    connectJazz(source, db, { environment: null, clock, timers: clock, retry: { random: () => 0.5 } });
    await clock.advance(10 * 60_000);
    mode = "ok";
    await clock.advanceUntil(() => db.handshakes.at(-1)?.outcome === "accepted", 5 * 60_000);
    await clock.advance(20_000);
    mode = "missing";
    const dropAt = clock.serverNow();
    db.connection.drop();
    const last = () => db.handshakes.at(-1);
    await clock.advanceUntil(() => last()?.outcome === "accepted" && (last()?.at ?? 0) > dropAt, 600_000);
    expect(clock.serverNow() - dropAt).toBeLessThan(15_000);
    db.shutdown();
  });

  it("keeps its backoff when the tab is shown again during an outage: no handshake per tab switch", async () => {
    const { clock, source, environment } = await dated();
    const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock, verdict: invalid });
    connectJazz(source, db, { environment, clock, timers: clock, retry: { random: () => 0.5 } });
    await clock.advance(5 * 60_000);
    const handshakes = db.handshakes.length;
    for (let i = 0; i < 20; i++) {
      environment.emit("visible");
      await clock.advance(1000);
    }
    expect(db.handshakes.length - handshakes).toBeLessThan(3);
    db.shutdown();
  });

  it.each([{ baseDelayMs: -1 }, { baseDelayMs: Number.NaN }, { maxDelayMs: 2 ** 31 }])(
    "refuses retry options that would make a storm (%o) with a TypeError",
    async (retry) => {
      const { clock, source } = await dated();
      const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock });
      expect(() => connectJazz(source, db, { environment: null, clock, timers: clock, retry })).toThrow(TypeError);
      db.shutdown();
    },
  );

  it("leaves no retry timer when onError disconnects", async () => {
    const { clock, source } = await dated();
    const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock, verdict: invalid });
    const { live, timers } = tracked(clock);
    const errors: JazzAuthError[] = [];
    let disconnect = () => {};
    disconnect = connectJazz(source, db, {
      environment: null,
      clock,
      timers,
      retry: { random: () => 0.5 },
      onError: (error) => {
        errors.push(error);
        disconnect();
      },
    });
    await clock.advanceUntil(() => errors.length > 0, 60_000);
    expect(live.size).toBe(0);
    db.shutdown();
  });

  it("reports nothing more for the old Db once its principal is gone", async () => {
    const { clock, source, provider } = await dated();
    const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock, verdict: invalid });
    const log: string[] = [];
    connectJazz(source, db, {
      environment: null,
      clock,
      timers: clock,
      retry: { random: () => 0.5 },
      onPrincipalChange: (change) => log.push(`change:${change.to}`),
      onError: (error) => log.push(error.code),
    });
    provider.offline = true;
    await clock.advance(50);
    provider.signIn("user-2");
    await clock.advance(20_000);
    const changed = log.findIndex((entry) => entry.startsWith("change:"));
    expect(changed).toBeGreaterThanOrEqual(0);
    expect(log.slice(changed + 1).filter((entry) => !entry.startsWith("change:"))).toEqual([]);
    db.shutdown();
  });
});

describe("review regressions: the engine", () => {
  it("refuses a fetchTimeoutMs that setTimeout cannot hold", () => {
    const make = () => createTokenSource({ provider: "x", fetchToken: async () => null, fetchTimeoutMs: 2 ** 31 });
    expect(make).toThrow(TypeError);
  });

  it("leaves no timer after dispose when a listener asks for a token as a confirming call starts", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { live, timers } = tracked(harness.clock);
    const source = createTokenSource({
      provider: "x",
      fetchToken: harness.provider.fetchToken,
      watch: harness.provider.watch,
      ...harness.engine,
      timers,
    });
    source.subscribe((snapshot) => {
      if (snapshot.refreshing && snapshot.status === "loading" && snapshot.principal)
        source.getToken({ forceRefresh: true }).catch(() => {});
    });
    await harness.clock.advance(1000);
    harness.provider.holdNext();
    harness.provider.signIn("user-2");
    source.dispose();
    expect(live.size).toBe(0);
  });

  it("never shows an expired token, even after dispose", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const source = scriptedTokenSource(harness);
    await source.getToken({ forceRefresh: true });
    source.dispose();
    harness.clock.sleep(11 * 60_000);
    const snapshot = source.getSnapshot();
    expect(snapshot.token === null || harness.clock.now() < (snapshot.expiresAt ?? Number.POSITIVE_INFINITY)).toBe(
      true,
    );
  });

  it("does not let a token from elsewhere sign a signed-out user back in, nor bring another user's", async () => {
    const { clock, source, provider, environment } = await dated();
    const stale = provider.mint("user-1", { jti: "other-tab" });
    environment.emitToken(provider.mint("user-9"));
    expect(source.getSnapshot().principal).toBe("user-1");
    provider.signOut();
    await clock.flush();
    environment.emitToken(stale);
    expect(source.getSnapshot().status).toBe("signed-out");
  });
});

describe("a forced call that brings back the token it held", () => {
  it("does not date the clock by it: an old token answered again is never served past its real expiry", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const old = harness.provider.mint("user-1");
    let calls = 0;
    const source = createTokenSource({
      provider: "cached",
      // The first answer is fresh; every forced refresh answers the same token again (no new mint).
      fetchToken: async () => {
        calls += 1;
        return old;
      },
      ...harness.engine,
    });
    source.subscribe(() => {});
    await harness.clock.advance(11 * 60_000);
    expect(calls).toBeGreaterThan(1);
    const snapshot = source.getSnapshot();
    expect(snapshot.token).toBeNull();
    source.dispose();
  });
});
