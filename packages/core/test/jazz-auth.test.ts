import { createJazzAuth, type JazzAuthSnapshot, type TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { describeJazzAuthBinding } from "@jazz-auth/testing/conformance";
import { afterEach, describe, expect, it } from "vitest";

const MINUTE = 60_000;
const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

function setup(lifetimeSeconds = 600) {
  const harness = createConformanceHarness({ lifetimeSeconds });
  const source = scriptedTokenSource(harness);
  sources.push(source);
  const auth = createJazzAuth(source);
  const seen: JazzAuthSnapshot[] = [];
  const listen = () => auth.subscribe(() => seen.push(auth.getSnapshot()));
  return { ...harness, source, auth, seen, listen };
}

/** The view without a framework: what a plain-JS app or a binding's own tests read. */
describeJazzAuthBinding("createJazzAuth (no framework)", (source) => {
  const auth = createJazzAuth(source);
  let current = auth.getSnapshot();
  const stop = auth.subscribe(() => {
    current = auth.getSnapshot();
  });
  return { read: () => current, flush: async () => {}, unmount: stop };
});

describe("createJazzAuth", () => {
  it("says loading, then signed in with the first token as jwtToken", async () => {
    const { auth, listen, clock } = setup();
    expect(auth.getSnapshot()).toMatchObject({
      status: "loading",
      principal: null,
      jwtToken: undefined,
      providerKey: "scripted:signed-out",
      error: null,
    });
    listen();
    await clock.advance(0);
    const view = auth.getSnapshot();
    expect(view).toMatchObject({ status: "signed-in", principal: "user-1", providerKey: "scripted:user-1" });
    expect(view.jwtToken).toMatch(/^ey/);
    expect(Object.isFrozen(view)).toBe(true);
  });

  it("returns the same object until something the view shows changes (useSyncExternalStore-safe)", async () => {
    const { auth, listen, clock, source, seen } = setup(600);
    listen();
    await clock.advance(1_000);
    const view = auth.getSnapshot();
    expect(auth.getSnapshot()).toBe(view);
    const sourceBefore = source.getSnapshot();
    const count = seen.length;
    await clock.advance(30 * MINUTE);
    expect(source.getSnapshot()).not.toBe(sourceBefore); // several refreshes happened
    expect(auth.getSnapshot()).toBe(view);
    expect(seen).toHaveLength(count); // and no listener was told about them
  });

  it("pins jwtToken per principal and gives each principal its own onJWTExpired", async () => {
    const { auth, listen, clock, provider } = setup();
    listen();
    await clock.advance(1_000);
    const first = auth.getSnapshot();
    await clock.advance(30 * MINUTE);
    expect(auth.getSnapshot().onJWTExpired).toBe(first.onJWTExpired);
    provider.signIn("user-2");
    await clock.advance(0);
    const second = auth.getSnapshot();
    expect(second).toMatchObject({ status: "signed-in", principal: "user-2", providerKey: "scripted:user-2" });
    expect(second.jwtToken).not.toBe(first.jwtToken);
    expect(second.onJWTExpired).not.toBe(first.onJWTExpired);
    provider.signOut();
    await clock.advance(0);
    expect(auth.getSnapshot()).toMatchObject({ status: "signed-out", principal: null, jwtToken: undefined });
    provider.signIn("user-1");
    await clock.advance(0);
    // Back in after a sign-out: a new client, with a new config token.
    expect(auth.getSnapshot().principal).toBe("user-1");
    expect(auth.getSnapshot().jwtToken).not.toBe(first.jwtToken);
  });

  it("keeps the pinned token and the principal while a session change is confirmed", async () => {
    const { auth, listen, clock, provider } = setup();
    listen();
    await clock.advance(1_000);
    const first = auth.getSnapshot();
    const held = provider.holdNext();
    provider.signIn("user-2");
    await clock.advance(0);
    expect(auth.getSnapshot()).toMatchObject({
      status: "loading",
      principal: "user-1",
      jwtToken: first.jwtToken,
      providerKey: first.providerKey,
    });
    held.release();
    await clock.advance(0);
    expect(auth.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-2" });
  });

  it("pins the first token that comes when the principal is known before its token", async () => {
    const { auth, listen, clock, provider } = setup();
    listen();
    await clock.advance(1_000);
    const held = provider.holdNext();
    provider.signIn("user-1"); // the same user again: the engine confirms it, without a token meanwhile
    await clock.advance(0);
    expect(auth.getSnapshot().principal).toBe("user-1");
    const pinned = auth.getSnapshot().jwtToken;
    held.release();
    await clock.advance(0);
    expect(auth.getSnapshot().jwtToken).toBe(pinned);
  });

  it("answers onJWTExpired with a forced refresh, and null once the principal changed", async () => {
    const { auth, listen, clock, provider } = setup();
    listen();
    await clock.advance(1_000);
    const { onJWTExpired, jwtToken } = auth.getSnapshot();
    const fresh = onJWTExpired();
    await clock.advance(0);
    const token = await fresh;
    expect(token).toMatch(/^ey/);
    expect(token).not.toBe(jwtToken);
    expect(provider.calls.at(-1)?.forceRefresh).toBe(true);

    const held = provider.holdNext();
    const late = onJWTExpired();
    await clock.advance(0);
    provider.setSubject("user-2"); // the forced call answers for another user
    held.release();
    await clock.advance(0);
    await expect(late).resolves.toBeNull();
  });

  it("subscribes to the source only while it has listeners", async () => {
    const { auth, clock, provider, environment } = setup();
    expect(provider.calls).toHaveLength(0);
    auth.getSnapshot();
    expect(environment.listeners).toBe(0);
    const stopA = auth.subscribe(() => {});
    const stopB = auth.subscribe(() => {});
    expect(environment.listeners).toBeGreaterThan(0);
    await clock.advance(10 * MINUTE);
    stopA();
    stopA(); // twice is harmless
    expect(environment.listeners).toBeGreaterThan(0);
    stopB();
    expect(environment.listeners).toBe(0);
    await clock.flush();
    expect(clock.pending()).toHaveLength(0);
    // Subscribing again resumes.
    const stopC = auth.subscribe(() => {});
    expect(environment.listeners).toBeGreaterThan(0);
    stopC();
  });

  it("connects a live Db through connectJazz, which calls onPrincipalChange on a switch", async () => {
    const { auth, listen, clock, provider } = setup();
    listen();
    await clock.advance(1_000);
    const db = createFakeJazzDb({ token: auth.getSnapshot().jwtToken ?? "", clock });
    const changes: (string | null)[] = [];
    const stop = auth.connect(db, { onPrincipalChange: (change) => changes.push(change.to), environment: null });
    const atCreation = db.updates.length; // the source's token when it is newer than the pinned one
    expect(atCreation).toBeLessThanOrEqual(1);
    await clock.advance(30 * MINUTE);
    expect(db.updates).toHaveLength(atCreation); // refreshes are kept ready, not handed over
    provider.signIn("user-2");
    await clock.advance(0);
    expect(changes).toEqual(["user-2"]);
    stop();
    db.disconnect();
    db.shutdown();
  });
});
