import type { TokenSource } from "@jazz-auth/core";
import { useConnectJazz, useJazzAuth, useTokenSource } from "@jazz-auth/react";
import {
  createConformanceHarness,
  createFakeJazzDb,
  type FakeClock,
  type FakeJazzDb,
  scriptedTokenSource,
} from "@jazz-auth/testing";
import { act, cleanup, render } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";

afterEach(cleanup);

interface AppProps {
  readonly create: () => TokenSource;
  readonly clock: FakeClock;
  readonly seen: ReturnType<typeof useJazzAuth>[];
  readonly db: { current: FakeJazzDb | null };
}

function App({ create, clock, seen, db }: AppProps) {
  const source = useTokenSource(create, [create]);
  const auth = useJazzAuth(source);
  seen.push(auth);
  if (!db.current && auth.jwtToken) db.current = createFakeJazzDb({ token: auth.jwtToken, clock });
  useConnectJazz(auth.status === "signed-in" ? db.current : null, source);
  return <p>{`${auth.status} ${auth.principal ?? "-"}`}</p>;
}

function setup(lifetimeSeconds = 600) {
  const harness = createConformanceHarness({ lifetimeSeconds });
  const create = (): TokenSource => scriptedTokenSource(harness);
  const seen: ReturnType<typeof useJazzAuth>[] = [];
  const db: { current: FakeJazzDb | null } = { current: null };
  const view = render(
    <StrictMode>
      <App create={create} clock={harness.clock} seen={seen} db={db} />
    </StrictMode>,
  );
  const last = () => seen.at(-1) as ReturnType<typeof useJazzAuth>;
  const step = (ms: number) => act(() => harness.clock.advance(ms));
  return { ...harness, view, seen, last, step, db: () => db.current };
}

describe("useJazzAuth in StrictMode", () => {
  it("says loading first, then signed-in, with one provider call", async () => {
    const { view, provider, seen, last, step } = setup();
    expect(seen[0]?.status).toBe("loading");
    expect(seen[0]?.jwtToken).toBeUndefined();
    await step(0);
    expect(view.container.textContent).toBe("signed-in user-1");
    expect(last().jwtToken).toMatch(/^ey/);
    expect(provider.calls).toHaveLength(1);
  });

  it("keeps jwtToken the same string across refreshes, and the live Db connected without a reconnect", async () => {
    const { last, step, provider, db } = setup(600);
    await step(0);
    const first = last().jwtToken;
    const key = last().providerKey;
    await step(30 * 60_000);
    expect(provider.calls.length).toBeGreaterThanOrEqual(4);
    expect(last().jwtToken).toBe(first);
    expect(last().providerKey).toBe(key);
    expect(db()?.updates).toHaveLength(0); // a refresh is kept ready, not handed to a live Db
    expect(db()?.connection.authReconnects).toBe(0);
    expect(db()?.connected).toBe(true);
  });

  it("changes providerKey and jwtToken on a user switch, and on sign-out", async () => {
    const { last, step, provider, db } = setup();
    await step(0);
    const first = last();
    await act(async () => {
      provider.signIn("user-2");
      await step(0);
    });
    expect(last()).toMatchObject({ status: "signed-in", principal: "user-2" });
    expect(last().providerKey).not.toBe(first.providerKey);
    expect(last().jwtToken).not.toBe(first.jwtToken);
    expect(db()?.updates).toHaveLength(0);
    await act(async () => {
      provider.signOut();
      await step(0);
    });
    expect(last()).toMatchObject({ status: "signed-out", principal: null, jwtToken: undefined });
    expect(new Set([first.providerKey, last().providerKey]).size).toBe(2);
  });

  it("answers onJWTExpired with a forced refresh", async () => {
    const { last, step, provider } = setup();
    await step(0);
    let fresh: string | null = null;
    await act(async () => {
      fresh = await last().onJWTExpired();
    });
    expect(fresh).not.toBe(last().jwtToken);
    expect(provider.calls.at(-1)?.forceRefresh).toBe(true);
  });

  it("leaves no timer or listener after unmount", async () => {
    const { view, step, clock, provider, environment, db } = setup();
    await step(0);
    view.unmount();
    db()?.disconnect(); // the app's Db goes with its provider
    db()?.shutdown();
    await act(() => clock.flush());
    expect(clock.pending()).toHaveLength(0);
    expect(provider.watchers).toBe(0);
    expect(environment.listeners).toBe(0);
  });
});
