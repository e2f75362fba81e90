import {
  connectJazz,
  createTokenSource,
  defaultEnvironment,
  type LifecycleEvent,
  reactNativeEnvironment,
  setDefaultEnvironment,
  type TokenSource,
} from "@jazz-auth/core";
import {
  createConformanceHarness,
  createFakeAppState,
  createFakeJazzDb,
  createFakeNetInfo,
  scriptedTokenSource,
} from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";

const MINUTE = 60_000;
const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
  setDefaultEnvironment(undefined);
});

function setup() {
  const appState = createFakeAppState();
  const netInfo = createFakeNetInfo();
  const environment = reactNativeEnvironment({ appState, netInfo });
  const events: LifecycleEvent[] = [];
  return { appState, netInfo, environment, events, listen: () => environment.subscribe((e) => events.push(e)) };
}

describe("reactNativeEnvironment", () => {
  it("is a wake when the app comes back to the foreground from the background, not from inactive", () => {
    const { appState, events, listen } = setup();
    listen();
    appState.set("inactive"); // iOS: the app switcher, a system alert
    appState.set("active");
    expect(events).toEqual([]);
    appState.set("inactive");
    appState.set("background");
    appState.set("active");
    expect(events).toEqual(["wake"]);
    appState.set("active");
    expect(events).toEqual(["wake"]);
  });

  it("wakes on the first foreground of an app started in the background", () => {
    const appState = createFakeAppState("background");
    const events: LifecycleEvent[] = [];
    reactNativeEnvironment({ appState }).subscribe((event) => events.push(event));
    appState.set("active");
    expect(events).toEqual(["wake"]);
  });

  it("turns NetInfo's isConnected and isInternetReachable into offline and online, and answers isOnline", async () => {
    const { netInfo, environment, events, listen } = setup();
    expect(environment.isOnline?.()).toBe(true);
    listen();
    await Promise.resolve(); // NetInfo calls a new listener with the current state: no event
    expect(events).toEqual([]);
    netInfo.set({ isConnected: true, isInternetReachable: false }); // a captive portal
    expect(environment.isOnline?.()).toBe(false);
    netInfo.set({ isConnected: false, isInternetReachable: false });
    netInfo.set({ isConnected: true, isInternetReachable: null }); // reachability not known yet
    expect(environment.isOnline?.()).toBe(true);
    netInfo.set({ isConnected: true, isInternetReachable: true });
    expect(events).toEqual(["offline", "online"]);
  });

  it("reports offline when NetInfo's first answer says so", async () => {
    const appState = createFakeAppState();
    const netInfo = createFakeNetInfo({ isConnected: false, isInternetReachable: false });
    const environment = reactNativeEnvironment({ appState, netInfo });
    const events: LifecycleEvent[] = [];
    environment.subscribe((event) => events.push(event));
    await Promise.resolve();
    expect(events).toEqual(["offline"]);
    expect(environment.isOnline?.()).toBe(false);
  });

  it("works without NetInfo, and unsubscribes from both", () => {
    const { appState, netInfo, environment } = setup();
    const stop = environment.subscribe(() => {});
    expect(appState.listeners).toBe(1);
    expect(netInfo.listeners).toBe(1);
    stop();
    expect(appState.listeners).toBe(0);
    expect(netInfo.listeners).toBe(0);
    const alone = reactNativeEnvironment({ appState });
    expect(alone.isOnline?.()).toBe(true);
    alone.subscribe(() => {})();
    expect(appState.listeners).toBe(0);
  });

  it("never touches window", () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "window");
    Object.defineProperty(globalThis, "window", {
      configurable: true,
      get() {
        throw new Error("window read");
      },
    });
    try {
      const { appState, netInfo, environment } = setup();
      environment.subscribe(() => {});
      appState.set("background");
      appState.set("active");
      netInfo.set({ isConnected: false, isInternetReachable: false });
      environment.isOnline?.();
    } finally {
      if (saved) Object.defineProperty(globalThis, "window", saved);
      else Reflect.deleteProperty(globalThis, "window");
    }
  });

  it("refreshes at once on foreground after the OS paused the app past the token's expiry", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { clock, provider, appState } = { ...harness, appState: createFakeAppState() };
    const source = scriptedTokenSource(harness, { environment: reactNativeEnvironment({ appState }) });
    sources.push(source);
    source.subscribe(() => {});
    await clock.advance(1_000);
    appState.set("background");
    clock.sleep(20 * MINUTE); // JS timers do not run in the background
    const calls = provider.calls.length;
    expect(source.getSnapshot().token).toBeNull(); // expired on the wall clock
    appState.set("active");
    await clock.advance(0);
    expect(provider.calls.length).toBe(calls + 1);
    expect(source.getSnapshot().status).toBe("signed-in");
  });
});

describe("setDefaultEnvironment", () => {
  it("is what sources and connectJazz use without an environment option; an explicit one wins", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { clock } = harness;
    const appState = createFakeAppState();
    const netInfo = createFakeNetInfo();
    setDefaultEnvironment(reactNativeEnvironment({ appState, netInfo }));
    const { environment: _fake, ...engine } = harness.engine;
    const source = createTokenSource({ provider: "scripted", ...harness.provider, ...engine });
    sources.push(source);
    source.subscribe(() => {});
    expect(appState.listeners).toBe(1);
    await clock.advance(1_000);
    const db = createFakeJazzDb({ token: source.getSnapshot().token ?? "", clock });
    const stop = connectJazz(source, db, { clock, timers: clock });
    expect(appState.listeners).toBe(2);
    stop();
    const explicit = scriptedTokenSource(harness, { environment: null });
    sources.push(explicit);
    explicit.subscribe(() => {});
    expect(appState.listeners).toBe(1);
    db.disconnect();
    db.shutdown();
  });

  it("goes back to the browser's with undefined", () => {
    const environment = reactNativeEnvironment({ appState: createFakeAppState() });
    setDefaultEnvironment(environment);
    expect(defaultEnvironment()).toBe(environment);
    setDefaultEnvironment(null);
    expect(defaultEnvironment()).toBeNull();
    setDefaultEnvironment(undefined);
    expect(defaultEnvironment()).toBeNull(); // Node has no window
  });
});
