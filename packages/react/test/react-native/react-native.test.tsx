/**
 * @jazz-auth/react in React Native: Metro resolves the package to src/react-native.ts (its
 * `react-native` condition), which installs core's React Native environment over `AppState` and
 * NetInfo. Here `react-native` and NetInfo are fakes with their types' shapes (see
 * packages/core/test/react-native.test-d.ts); a provider's hook builds its source without an
 * `environment` option, as every provider package does, and gets the app's lifecycle.
 */
import { createTokenSource, defaultEnvironment, setDefaultEnvironment } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, type FakeJazzDb } from "@jazz-auth/testing";
import { act, cleanup, render } from "@testing-library/react";
import { StrictMode } from "react";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

const fakes = vi.hoisted(() => ({}) as { appState: FakeAppState; netInfo: FakeNetInfo });
type FakeAppState = import("@jazz-auth/testing").FakeAppState;
type FakeNetInfo = import("@jazz-auth/testing").FakeNetInfo;

vi.mock("react-native", async () => {
  const { createFakeAppState } = await import("@jazz-auth/testing");
  fakes.appState = createFakeAppState("active");
  return { AppState: fakes.appState };
});
vi.mock("@react-native-community/netinfo", async () => {
  const { createFakeNetInfo } = await import("@jazz-auth/testing");
  fakes.netInfo = createFakeNetInfo();
  return { default: fakes.netInfo };
});

const { useConnectJazz, useJazzAuth, useTokenSource } = await import("../../src/react-native");

afterEach(cleanup);
afterAll(() => setDefaultEnvironment(undefined));

const MINUTE = 60_000;

type Harness = Omit<ReturnType<typeof createConformanceHarness>, "environment">;

interface AppProps {
  readonly harness: Harness;
  readonly seen: ReturnType<typeof useJazzAuth>[];
  readonly db: { current: FakeJazzDb | null };
}

/** A provider hook's pattern: a source built without an `environment` option, then the two hooks. */
function App({ harness, seen, db }: AppProps) {
  const { clock, provider } = harness;
  const source = useTokenSource(
    () => createTokenSource({ provider: "scripted", ...provider, clock, timers: clock, retry: { random: () => 0.5 } }),
    [harness],
  );
  const auth = useJazzAuth(source);
  seen.push(auth);
  if (!db.current && auth.jwtToken) db.current = createFakeJazzDb({ token: auth.jwtToken, clock });
  useConnectJazz(auth.status === "signed-in" ? db.current : null, source, { clock, timers: clock });
  return <p>{auth.status}</p>;
}

function setup() {
  // The harness without its fake environment: the default one is under test.
  const { environment: _unused, ...harness } = createConformanceHarness({ lifetimeSeconds: 600 });
  const { clock, provider } = harness;
  const seen: ReturnType<typeof useJazzAuth>[] = [];
  const db: { current: FakeJazzDb | null } = { current: null };
  const view = render(
    <StrictMode>
      <App harness={harness} seen={seen} db={db} />
    </StrictMode>,
  );
  const step = (ms: number) => act(() => clock.advance(ms));
  return { clock, provider, view, seen, last: () => seen.at(-1), step, db: () => db.current };
}

describe("@jazz-auth/react in React Native", () => {
  it("installs the React Native environment as core's default on import", () => {
    const environment = defaultEnvironment();
    expect(environment).not.toBeNull();
    const before = fakes.appState.listeners;
    const stop = environment?.subscribe(() => {});
    expect(fakes.appState.listeners).toBe(before + 1);
    expect(fakes.netInfo.listeners).toBeGreaterThan(0);
    stop?.();
    expect(fakes.appState.listeners).toBe(before);
  });

  it("refreshes at once when the app comes back to the foreground after the OS paused it", async () => {
    const { step, provider, last, clock } = setup();
    await step(1_000);
    expect(last()?.status).toBe("signed-in");
    const pinned = last()?.jwtToken;
    act(() => fakes.appState.set("background"));
    clock.sleep(20 * MINUTE); // no JS timer runs in the background; the token expired meanwhile
    const calls = provider.calls.length;
    act(() => fakes.appState.set("active"));
    await step(0);
    expect(provider.calls.length).toBeGreaterThan(calls);
    expect(last()).toMatchObject({ status: "signed-in", jwtToken: pinned });
  });

  it("retries at once when NetInfo says the network is back", async () => {
    const { step, provider, last, db } = setup();
    await step(1_000);
    expect(db()?.connected).toBe(true);
    act(() => fakes.netInfo.set({ isConnected: false, isInternetReachable: false }));
    provider.offline = true;
    await step(10 * MINUTE); // refreshes fail while offline; the engine backs off
    const calls = provider.calls.length;
    provider.offline = false;
    act(() => fakes.netInfo.set({ isConnected: true, isInternetReachable: true }));
    await step(0);
    expect(provider.calls.length).toBeGreaterThan(calls);
    expect(last()?.status).toBe("signed-in");
  });

  it("leaves no AppState or NetInfo listener after unmount", async () => {
    const { view, step, clock, db } = setup();
    await step(1_000);
    expect(fakes.appState.listeners).toBeGreaterThan(0);
    view.unmount();
    db()?.disconnect();
    db()?.shutdown();
    await act(() => clock.flush());
    expect(fakes.appState.listeners).toBe(0);
    expect(fakes.netInfo.listeners).toBe(0);
    expect(clock.pending()).toHaveLength(0);
  });
});
