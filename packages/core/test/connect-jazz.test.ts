/**
 * connectJazz's hand-off policy (docs/concepts/token-source.md, "The hand-off policy") against the
 * faithful fake Jazz Db of @jazz-auth/testing, which follows garden-co/jazz at 6a363411a: a token
 * handed to a connected Db reconnects it (transport_manager.rs:983-991), a rejection arrives after
 * the handshake and suspends the transport until a token is handed over (transport_manager.rs:995-1011).
 */
import { connectJazz, decodeJwt, type JazzAuthError, type PrincipalChange, type TokenSource } from "@jazz-auth/core";
import {
  createConformanceHarness,
  createFakeJazzDb,
  type JazzVerdict,
  jazzServerVerdict,
  scriptedTokenSource,
  unauthenticatedMessage,
} from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

interface SetupOptions {
  readonly lifetimeSeconds?: number;
  readonly verdict?: JazzVerdict;
  /** Hand the Db this token instead of the source's (a refresh landed while the app awaited createDb). */
  readonly staleCreationToken?: boolean;
}

async function setup(options: SetupOptions = {}) {
  const harness = createConformanceHarness({ lifetimeSeconds: options.lifetimeSeconds ?? 600 });
  const { clock, provider, environment } = harness;
  const source = scriptedTokenSource(harness);
  sources.push(source);
  source.subscribe(() => {});
  await clock.advance(1000); // the first token, then the forced call that dates the clock
  const token = options.staleCreationToken ? provider.mint("user-1", { jti: "stale" }) : source.getSnapshot().token;
  const db = createFakeJazzDb({ token: token ?? "", clock, ...(options.verdict ? { verdict: options.verdict } : {}) });
  await clock.advance(100); // the first handshake is answered
  const changes: PrincipalChange[] = [];
  const errors: JazzAuthError[] = [];
  const disconnect = connectJazz(source, db, {
    onPrincipalChange: (change) => changes.push(change),
    onError: (error) => errors.push(error),
    environment,
    clock,
    timers: clock,
    retry: { random: () => 0.5 },
  });
  const outcomes = () => db.handshakes.map((handshake) => handshake.outcome);
  return { ...harness, source, db, changes, errors, disconnect, outcomes };
}

const unexpired = (token: string | null, serverNow: number) =>
  token !== null && Number(decodeJwt(token).payload.exp) * 1000 > serverNow;

describe("connectJazz: refreshes while connected", () => {
  it.each([60, 600])("hands no refresh of a %d s token to the connected Db: no auth-caused reconnect", async (life) => {
    const { db, clock, provider, outcomes } = await setup({ lifetimeSeconds: life });
    const calls = provider.calls.length;
    await clock.advance(HOUR);
    expect(provider.calls.length - calls).toBeGreaterThan(5); // the source kept refreshing
    expect(db.connection.authReconnects).toBe(0);
    expect(db.updates).toHaveLength(0);
    expect(outcomes()).toEqual(["accepted"]);
  });

  it("hands over at creation only when a refresh landed while the app awaited createDb", async () => {
    const same = await setup();
    expect(same.db.updates).toHaveLength(0); // the same token is a no-op in Jazz (db.ts:874-877)
    const stale = await setup({ staleCreationToken: true });
    expect(stale.db.updates).toEqual([stale.source.getSnapshot().token]);
    await stale.clock.advance(100);
    expect(stale.outcomes()).toEqual(["accepted", "accepted"]);
  });
});

describe("connectJazz: drops", () => {
  it("costs one refused handshake after a drop the page cannot see, and no provider call", async () => {
    const { db, clock, provider, source, outcomes } = await setup({ lifetimeSeconds: 600 });
    await clock.advance(30 * MINUTE); // the Db's token expired long ago; the connection lives on
    const calls = provider.calls.length;
    db.connection.drop(); // the server restarted
    await clock.advance(20_000);
    expect(outcomes()).toEqual(["accepted", "expired", "accepted"]);
    expect(db.handshakes.at(-1)?.token).toBe(source.getSnapshot().token);
    expect(provider.calls.length - calls).toBeLessThanOrEqual(1); // at most a scheduled refresh
  });

  it("treats a second unseen drop, after the handed-over token expired too, as a new drop: no false ERR_JAZZ_REJECTED", async () => {
    const { db, clock, provider, errors, outcomes } = await setup({ lifetimeSeconds: 60 });
    await clock.advance(2 * MINUTE + 30_000);
    db.connection.drop();
    await clock.advance(5_000);
    expect(outcomes()).toEqual(["accepted", "expired", "accepted"]);
    const handedAt = db.handshakes[2]?.startedAt ?? 0;
    const heldExpiry = Number(decodeJwt(db.handshakes[2]?.token ?? "").payload.exp) * 1000;
    await clock.advance(heldExpiry - clock.serverNow() + 1000); // the token handed over has expired too
    expect(clock.serverNow() - handedAt).toBeLessThan(MINUTE); // within a minute of the hand-over
    const calls = provider.calls.length;
    db.connection.drop();
    await clock.advance(5_000);
    expect(outcomes()).toEqual(["accepted", "expired", "accepted", "expired", "accepted"]);
    expect(errors).toEqual([]);
    expect(provider.calls.length - calls).toBeLessThanOrEqual(1); // no forced call: the source's token was fresh
  });

  it.each(["wake", "visible"] as const)("costs no refused handshake after a sleep ended by %s", async (event) => {
    const { db, clock, environment, outcomes } = await setup({ lifetimeSeconds: 600 });
    clock.sleep(2 * HOUR);
    db.connection.drop(); // the socket died in the sleep
    environment.emit(event);
    await clock.advance(20_000);
    expect(outcomes()).toEqual(["accepted", "accepted"]);
    expect(unexpired(db.handshakes.at(-1)?.token ?? null, db.handshakes.at(-1)?.at ?? 0)).toBe(true);
  });

  it("costs no refused handshake after an offline hour, and hands tokens over while offline", async () => {
    const { db, clock, environment, provider, source, outcomes } = await setup({ lifetimeSeconds: 600 });
    environment.emit("offline");
    db.connection.setOnline(false);
    provider.offline = true;
    await clock.advance(HOUR);
    provider.offline = false;
    await source.getToken({ forceRefresh: true }); // a token that arrives while offline costs nothing
    expect(db.updates).toHaveLength(1);
    await clock.advance(20 * MINUTE);
    db.connection.setOnline(true);
    environment.emit("online");
    await clock.advance(20_000);
    expect(outcomes().filter((outcome) => outcome !== "accepted")).toEqual([]);
    expect(db.connection.phase.kind).toBe("connected");
  });

  it("after coming back online, hands over the source's next token though the held one was still valid (fault simulation, seed 17, session 976)", async () => {
    const { db, clock, environment, source } = await setup({ lifetimeSeconds: 600 });
    environment.emit("offline");
    db.connection.setOnline(false);
    await clock.advance(5 * MINUTE); // the Db's token has minutes left when the network comes back
    db.connection.setOnline(true);
    environment.emit("online");
    const held = db.token;
    await clock.advance(4 * MINUTE); // the source refreshes ahead of that token's expiry
    const fresh = source.getSnapshot().token;
    expect(fresh).not.toBe(held);
    // A hidden tab may delay Jazz's own retry past the old token's expiry: it holds the fresh one now.
    expect(db.token).toBe(fresh);
    expect(db.connection.authReconnects).toBeLessThanOrEqual(1); // at most one per offline period
    await clock.advance(HOUR);
    expect(db.connection.authReconnects).toBeLessThanOrEqual(1);
  });

  it("stops waiting to hand over a few minutes after coming back online (three Auth0 tabs reconnected 14 h later)", async () => {
    const { db, clock, environment } = await setup({ lifetimeSeconds: 3600 });
    environment.emit("offline");
    db.connection.setOnline(false);
    await clock.advance(MINUTE);
    db.connection.setOnline(true);
    environment.emit("online");
    await clock.advance(2 * HOUR); // the source refreshes after 55 minutes, long after Jazz reconnected
    expect(db.updates).toHaveLength(0);
    expect(db.connection.authReconnects).toBe(0);
    expect(db.connection.phase.kind).toBe("connected");
  });

  it("keeps a wake with a still-valid token free: no hand-over, no reconnect", async () => {
    const { db, clock, environment } = await setup({ lifetimeSeconds: 3600 });
    clock.sleep(MINUTE);
    environment.emit("wake");
    await clock.advance(5_000);
    expect(db.updates).toHaveLength(0);
    expect(db.connection.authReconnects).toBe(0);
  });
});

describe("connectJazz: every reason Jazz reports", () => {
  it("answers expired with a forced token when the Db already holds the freshest (the server's clock is ahead)", async () => {
    // The Jazz server's clock runs 9.5 minutes ahead of the issuer's: a 10-minute token is expired
    // there after half a minute, while the source rightly thinks it fresh.
    const ahead: JazzVerdict = (token, serverNow) => jazzServerVerdict()(token, serverNow + 9.5 * MINUTE);
    const { db, clock, provider, source, outcomes } = await setup({ lifetimeSeconds: 600, verdict: ahead });
    await clock.advance(3 * MINUTE);
    const held = source.getSnapshot().token;
    const calls = provider.calls.length;
    db.connection.drop();
    await clock.advance(20_000);
    expect(outcomes()).toEqual(["accepted", "expired", "accepted"]);
    expect(db.handshakes[1]?.token).toBe(held);
    expect(provider.calls.slice(calls).map((call) => call.forceRefresh)).toEqual([true]);
  });

  it("answers missing by handing the token over again", async () => {
    let missing = 0;
    const verdict: JazzVerdict = (token, now) =>
      missing-- > 0 ? unauthenticatedMessage("missing", "missing token") : jazzServerVerdict()(token, now);
    const { db, clock, outcomes, provider } = await setup({ verdict });
    missing = 1;
    const calls = provider.calls.length;
    db.connection.drop();
    await clock.advance(20_000);
    expect(outcomes()).toEqual(["accepted", "missing", "accepted"]);
    expect(db.handshakes[2]?.token).toBe(db.handshakes[1]?.token);
    expect(provider.calls).toHaveLength(calls);
  });

  it("maps a message that mentions expiry to expired, as Jazz does, and recovers", async () => {
    let broken = true;
    const verdict: JazzVerdict = (token, now) =>
      broken ? "signature invalid: key expired from the JWKS cache" : jazzServerVerdict()(token, now);
    const { clock, outcomes, errors } = await setup({ verdict });
    await clock.advance(1000);
    broken = false;
    await clock.advance(30_000);
    expect(outcomes()[0]).toBe("expired");
    expect(outcomes().at(-1)).toBe("accepted");
    expect(errors.every((error) => error.code === "ERR_JAZZ_REJECTED")).toBe(true);
  });

  it("reports disabled once with ERR_JAZZ_AUTH_DISABLED and never loops", async () => {
    const { db, clock, provider, errors } = await setup({ verdict: jazzServerVerdict({ externalAuth: false }) });
    const calls = provider.calls.length;
    await clock.advance(HOUR);
    expect(errors.map((error) => error.code)).toEqual(["ERR_JAZZ_AUTH_DISABLED"]);
    expect(errors[0]?.retryable).toBe(false);
    expect(db.handshakes).toHaveLength(1);
    expect(db.updates).toHaveLength(0);
    expect(provider.calls.length - calls).toBeLessThanOrEqual(8); // the source's own refreshes only
  });

  it("answers invalid with a forced token; a refused fresh token is ERR_JAZZ_REJECTED once, then backoff until the server is fixed", async () => {
    let fixed = false;
    const verdict: JazzVerdict = (token, now) =>
      fixed ? jazzServerVerdict()(token, now) : unauthenticatedMessage("invalid", "JWT signature verification failed");
    const { db, clock, errors, outcomes } = await setup({ verdict });
    await clock.advance(30 * MINUTE);
    expect(errors.map((error) => error.code)).toEqual(["ERR_JAZZ_REJECTED"]);
    const refused = db.handshakes.map((handshake) => handshake.at);
    expect(refused.length).toBeGreaterThan(3);
    const gaps = refused.slice(1).map((at, i) => at - (refused[i] ?? 0));
    // Backoff, not a loop: the gaps grow to a minute and more (at most 2 min, jittered).
    expect(gaps.slice(-3).every((gap) => gap >= MINUTE && gap <= 2 * MINUTE + 1000)).toBe(true);
    fixed = true;
    await clock.advance(2 * MINUTE + 20_000);
    expect(outcomes().at(-1)).toBe("accepted");
    expect(db.connection.phase.kind).toBe("connected");
  });

  it("reports a provider failure during recovery and retries once the provider is back", async () => {
    const { db, clock, provider, errors, outcomes } = await setup({ lifetimeSeconds: 600 });
    db.verdict = (token, now) => jazzServerVerdict()(token, now + 11 * MINUTE);
    provider.offline = true;
    db.connection.drop();
    await clock.advance(2 * MINUTE);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]?.code).toBe("ERR_FETCH_FAILED");
    db.verdict = jazzServerVerdict();
    provider.offline = false;
    await clock.advance(6 * MINUTE);
    expect(outcomes().at(-1)).toBe("accepted");
    expect(db.connection.phase.kind).toBe("connected");
  });
});

describe("connectJazz: principals", () => {
  it("never hands Jazz another principal's token and reports the switch once", async () => {
    const { db, provider, clock, changes } = await setup();
    provider.signIn("user-2");
    await clock.advance(HOUR);
    expect(changes.map(({ from, to }) => [from, to])).toEqual([["user-1", "user-2"]]);
    for (const token of db.updates) expect(decodeJwt(token).payload.sub).toBe("user-1");
  });

  it("reports a sign-out as a change to null and never calls updateAuthToken(null)", async () => {
    const { db, provider, clock, changes } = await setup();
    provider.signOut();
    await clock.flush();
    expect(changes.map(({ to }) => to)).toEqual([null]);
    expect(db.updates).toHaveLength(0);
  });

  it("reports a sign-out once even when the page drops the Db inside the source's notification (as Solid does)", async () => {
    const { db, provider, clock, source, disconnect } = await setup();
    disconnect();
    // A listener subscribed before the connection, which tears the Db down synchronously on sign-out.
    const changes: (string | null)[] = [];
    let stop = () => {};
    source.subscribe((snapshot) => {
      if (snapshot.principal === null) stop();
    });
    stop = connectJazz(source, db, {
      onPrincipalChange: ({ to }) => changes.push(to),
      environment: null,
      clock,
      timers: clock,
    });
    provider.signOut();
    await clock.flush();
    expect(changes).toEqual([null]);
    stop(); // a later disconnect reports nothing more
    expect(changes).toEqual([null]);
  });

  it("reports nothing when it is disconnected with no change, or after the change was reported", async () => {
    const { provider, clock, changes, disconnect } = await setup();
    provider.signIn("user-2");
    await clock.flush();
    disconnect();
    disconnect();
    expect(changes.map(({ to }) => to)).toEqual(["user-2"]);
    const quiet = await setup();
    quiet.disconnect();
    expect(quiet.changes).toEqual([]);
  });

  it("lets the old user's Db go within the fetch timeout when a reported change cannot be confirmed", async () => {
    const { provider, clock, changes } = await setup();
    provider.holdNext();
    provider.signIn("user-2");
    await clock.advance(30_000);
    expect(changes.map(({ to }) => to)).toEqual([null]);
  });

  it("ignores a rejection after a sign-out instead of handing over another principal's token", async () => {
    const { db, provider, clock, changes } = await setup();
    provider.signIn("user-2");
    await clock.flush();
    db.verdict = () => unauthenticatedMessage("expired", "JWT has expired");
    db.connection.drop();
    await clock.advance(20_000);
    expect(changes).toHaveLength(1);
    expect(db.updates).toHaveLength(0);
  });

  it("never answers the same refused token again and again: a source stuck on an expired token backs off", async () => {
    const { clock, source } = await setup({ lifetimeSeconds: 600 });
    const stuck = source.getSnapshot().token ?? "";
    // A broken source: it keeps handing back one token, already expired on the local clock.
    const stuckSource: TokenSource = {
      provider: "stuck",
      getToken: async () => stuck,
      getSnapshot: () => ({ ...source.getSnapshot(), token: stuck, expiresAt: clock.now() - 1 }),
      subscribe: () => () => {},
      dispose: () => {},
    };
    const db = createFakeJazzDb({ token: stuck, clock });
    await clock.advance(100);
    const errors: JazzAuthError[] = [];
    const options = { environment: null, clock, timers: clock, retry: { random: () => 0.5 } };
    const disconnect = connectJazz(stuckSource, db, { ...options, onError: (error) => errors.push(error) });
    db.verdict = () => unauthenticatedMessage("expired", "JWT has expired");
    db.connection.drop();
    await clock.advance(MINUTE);
    expect(db.handshakes.length).toBeLessThan(15); // backoff, not a handshake storm
    expect(errors.map((error) => error.code)).toEqual(["ERR_JAZZ_REJECTED"]);
    disconnect();
    db.shutdown();
  });

  it("stops recovering for a Db whose principal is gone (fault simulation, seed 11, session 168)", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { clock, provider } = harness;
    const source = scriptedTokenSource(harness);
    sources.push(source);
    source.subscribe(() => {});
    await clock.advance(1000);
    const db = createFakeJazzDb({
      token: source.getSnapshot().token ?? "",
      clock,
      verdict: () => unauthenticatedMessage("invalid", "JWT signature verification failed"),
    });
    const forcedByConnect: number[] = [];
    const watched: TokenSource = {
      ...source,
      getToken: (options) => {
        if (options?.forceRefresh) forcedByConnect.push(clock.serverNow());
        return source.getToken(options);
      },
    };
    connectJazz(watched, db, { environment: null, clock, timers: clock, retry: { random: () => 0.5 } });
    await clock.advance(10_000); // refused, refused again: recovery is backing off
    const before = forcedByConnect.length;
    provider.signIn("user-2");
    await clock.advance(30 * MINUTE);
    expect(forcedByConnect).toHaveLength(before);
    db.shutdown();
  });

  it("does nothing more once disconnected, and leaves no timer of its own", async () => {
    const { db, clock, disconnect, source, errors } = await setup({
      verdict: () => unauthenticatedMessage("invalid", "JWT signature verification failed"),
    });
    await clock.advance(10_000);
    disconnect();
    source.dispose();
    db.shutdown();
    const handshakes = db.handshakes.length;
    const reported = errors.length;
    await clock.advance(HOUR);
    expect(db.handshakes).toHaveLength(handshakes);
    expect(errors).toHaveLength(reported);
    expect(clock.pending()).toHaveLength(0);
    expect(unexpired(null, 0)).toBe(false);
  });
});
