// @vitest-environment node
/** Server rendering: Vite's SSR environment resolves solid-js to its server build, as SolidStart does. */
import type { TokenSource } from "@jazz-auth/core";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/solid";
import { createConformanceHarness, createFakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { createRoot } from "solid-js";
import { isServer } from "solid-js/web";
import { describe, expect, it } from "vitest";

function counted(source: TokenSource): { source: TokenSource; subscriptions: () => number } {
  let subscriptions = 0;
  const wrapper: TokenSource = {
    ...source,
    subscribe: (listener) => {
      subscriptions += 1;
      return source.subscribe(listener);
    },
  };
  return { source: wrapper, subscriptions: () => subscriptions };
}

describe("on the server", () => {
  it("imports without window, returns the initial snapshot and subscribes to nothing", async () => {
    expect(isServer).toBe(true);
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const { source, subscriptions } = counted(scriptedTokenSource(harness));
    const db = createFakeJazzDb({ token: "", clock: harness.clock });
    const auth = createRoot((dispose) => {
      const auth = useJazzAuth(source);
      useConnectJazz(db, source, { environment: harness.environment, clock: harness.clock, timers: harness.clock });
      dispose();
      return auth;
    });
    expect(auth()).toMatchObject({ status: "loading", principal: null, jwtToken: undefined });
    await harness.clock.advance(30 * 60_000);
    expect(subscriptions()).toBe(0);
    expect(harness.provider.calls).toHaveLength(0); // no refresh started on the server
    expect(harness.clock.pending()).toHaveLength(0);
    expect(db.updates).toHaveLength(0);
    source.dispose();
  });
});
