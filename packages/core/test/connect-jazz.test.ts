import { connectJazz, type JazzAuthError, type PrincipalChange, type TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

async function setup(lifetimeSeconds = 600) {
  const harness = createConformanceHarness({ lifetimeSeconds });
  const { clock } = harness;
  const source = scriptedTokenSource(harness);
  sources.push(source);
  const token = await source.getToken();
  const db = createFakeJazzDb({ token: token ?? "", clock });
  const changes: PrincipalChange[] = [];
  const errors: JazzAuthError[] = [];
  const disconnect = connectJazz(source, db, {
    onPrincipalChange: (change) => changes.push(change),
    onError: (error) => errors.push(error),
  });
  return { ...harness, source, db, changes, errors, disconnect };
}

describe("connectJazz", () => {
  it("pushes same-principal refreshes into the live Db, so a reconnect never uses an expired token", async () => {
    const { db, clock } = await setup(600);
    await clock.advance(60 * 60_000);
    expect(db.updates.length).toBeGreaterThanOrEqual(5);
    db.disconnect();
    db.reconnect();
    expect(db.handshakes.map((handshake) => handshake.outcome)).toEqual([
      "accepted",
      ...db.updates.map(() => "accepted"),
      "accepted",
    ]);
  });

  it("answers an expired rejection with one forced refresh, which resumes sync", async () => {
    const { db, clock, provider } = await setup(600);
    db.disconnect();
    clock.sleep(2 * 3600_000);
    const calls = provider.calls.length;
    db.reconnect();
    expect(db.paused).toBe(true);
    await clock.flush();
    expect(provider.calls.slice(calls).map((call) => call.forceRefresh)).toEqual([true]);
    expect(db.paused).toBe(false);
    expect(db.connected).toBe(true);
    expect(db.handshakes.at(-1)?.outcome).toBe("accepted");
  });

  it("stops after Jazz rejects the recovery token too, and reports ERR_JAZZ_REJECTED", async () => {
    const { db, clock, provider, errors } = await setup(600);
    db.verdict = () => "invalid";
    const calls = provider.calls.length;
    db.reconnect();
    await clock.flush();
    await clock.flush();
    expect(provider.calls.length - calls).toBe(1);
    expect(errors.map((error) => error.code)).toEqual(["ERR_JAZZ_REJECTED"]);
    expect(db.paused).toBe(true);
    await clock.advance(60_000);
    expect(provider.calls.length - calls).toBe(1);
  });

  it("recovers again on the next scheduled refresh once the server accepts tokens again", async () => {
    const { db, clock, errors } = await setup(600);
    db.verdict = () => "invalid";
    db.reconnect();
    await clock.flush();
    expect(errors).toHaveLength(1);
    db.verdict = () => "accepted";
    await clock.advance(10 * 60_000);
    expect(db.paused).toBe(false);
    expect(db.connected).toBe(true);
  });

  it("reports a provider failure during recovery through onError without looping", async () => {
    const { db, clock, provider, errors } = await setup(600);
    provider.failNext(1000);
    db.verdict = () => "expired";
    db.reconnect();
    await clock.advance(10_000);
    expect(errors.map((error) => error.code)).toEqual(["ERR_FETCH_FAILED"]);
    expect(provider.calls.length).toBeLessThanOrEqual(5);
  });

  it("never hands Jazz another principal's token and reports the switch once", async () => {
    const { db, clock, provider, changes } = await setup(600);
    const updates = db.updates.length;
    provider.signIn("user-2");
    await clock.flush();
    await clock.advance(20 * 60_000);
    expect(db.updates).toHaveLength(updates);
    expect(changes.map(({ from, to }) => ({ from, to }))).toEqual([{ from: "user-1", to: "user-2" }]);
  });

  it("reports a sign-out as a change to null and never calls updateAuthToken(null)", async () => {
    const { db, clock, provider, changes } = await setup(600);
    provider.signOut();
    await clock.flush();
    expect(changes.map(({ to }) => to)).toEqual([null]);
    expect(db.updates).toHaveLength(0);
  });

  it("ignores an expired rejection after a sign-out instead of pushing another principal", async () => {
    const { db, clock, provider, changes } = await setup(600);
    provider.signIn("user-2");
    await clock.flush();
    db.verdict = () => "expired";
    db.reconnect();
    await clock.flush();
    expect(db.updates).toHaveLength(0);
    expect(changes).toHaveLength(1);
  });

  it("does nothing more once disconnected", async () => {
    const { db, clock, disconnect } = await setup(600);
    disconnect();
    await clock.advance(60 * 60_000);
    expect(db.updates).toHaveLength(0);
  });
});
