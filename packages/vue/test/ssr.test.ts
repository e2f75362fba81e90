// @vitest-environment node
/** Server rendering: Vue's renderer runs setup() but never disposes of a component's scope. */
import type { TokenSource } from "@jazz-auth/core";
import { createConformanceHarness, createFakeJazzDb, scriptedTokenSource } from "@jazz-auth/testing";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/vue";
import { describe, expect, it } from "vitest";
import { createSSRApp, defineComponent, h } from "vue";
import { renderToString } from "vue/server-renderer";

describe("in Vue's server renderer", () => {
  it("renders the initial snapshot, subscribes to nothing and connects nothing", async () => {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const engine = scriptedTokenSource(harness);
    let subscriptions = 0;
    const source: TokenSource = {
      ...engine,
      subscribe: (listener) => {
        subscriptions += 1;
        return engine.subscribe(listener);
      },
    };
    const db = createFakeJazzDb({ token: "", clock: harness.clock });
    const Root = defineComponent({
      setup() {
        const auth = useJazzAuth(source);
        useConnectJazz(db, source, { environment: harness.environment, clock: harness.clock, timers: harness.clock });
        return () => h("p", auth.value.status);
      },
    });
    expect(await renderToString(createSSRApp(Root))).toBe("<p>loading</p>");
    await harness.clock.advance(30 * 60_000);
    expect(subscriptions).toBe(0);
    expect(harness.provider.calls).toHaveLength(0); // no refresh started on the server
    expect(harness.clock.pending()).toHaveLength(0);
    expect(db.updates).toHaveLength(0);
    engine.dispose();
  });
});
