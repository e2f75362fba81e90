/**
 * Several tabs of one origin in one process, for token sources that share across tabs: one fake
 * clock and one scripted provider (the provider's servers, which every tab reaches), a fake tab hub
 * (BroadcastChannel and Web Locks), and per tab a conformance harness whose environment is that tab.
 */
import { createFakeClock, type FakeClock } from "./fake-clock";
import { createFakeEnvironment } from "./fake-environment";
import { createFakeTabHub, type FakeTab, type FakeTabHub } from "./fake-tabs";
import type { ConformanceHarness, HarnessOptions } from "./harness";
import { createScriptedProvider, type ScriptedProvider } from "./scripted-provider";

/** One tab of a {@link TabHarness}. */
export interface HarnessTab {
  readonly tab: FakeTab;
  /** Pass this to the same factory a single-tab conformance suite takes. */
  readonly harness: ConformanceHarness;
}

/** Options of {@link HarnessTab} creation. */
export interface OpenTabOptions {
  /**
   * Whether the provider's SDK in this tab tells of session changes (default true). `false`
   * models an SDK that does not sync its tabs: only jazz-auth's own sharing can tell this tab.
   */
  readonly sdkSeesSessionChanges?: boolean;
}

/** Tabs sharing one provider on one clock. */
export interface TabHarness {
  readonly clock: FakeClock;
  readonly provider: ScriptedProvider;
  readonly hub: FakeTabHub;
  openTab(options?: OpenTabOptions): HarnessTab;
}

/** Options of {@link createTabHarness}. */
export interface TabHarnessOptions extends HarnessOptions {
  /** Another profile or origin: its own hub, on the same clock (default: a new hub). */
  readonly hub?: FakeTabHub;
  /** Share a clock with another harness (two profiles on one machine). */
  readonly clock?: FakeClock;
  /** Who is signed in at the start (default `"user-1"`). */
  readonly subject?: string | null;
}

/** Creates a {@link TabHarness}. */
export function createTabHarness(options: TabHarnessOptions = {}): TabHarness {
  const clock = options.clock ?? createFakeClock({ skewMs: options.skewMs ?? 0 });
  const provider = createScriptedProvider({
    clock,
    lifetimeSeconds: options.lifetimeSeconds === undefined ? 3600 : options.lifetimeSeconds,
    ...(options.subject === undefined ? {} : { subject: options.subject }),
  });
  const hub = options.hub ?? createFakeTabHub();
  return {
    clock,
    provider,
    hub,
    openTab(tabOptions = {}) {
      const tab = hub.openTab();
      const environment = createFakeEnvironment({ tabs: tab.platform });
      const tabProvider: ScriptedProvider =
        tabOptions.sdkSeesSessionChanges === false
          ? Object.create(provider, { watch: { value: () => () => {} } })
          : provider;
      const harness: ConformanceHarness = {
        clock,
        provider: tabProvider,
        environment,
        engine: { clock, timers: clock, environment, retry: { random: () => 0.5 } },
      };
      return { tab, harness };
    },
  };
}
