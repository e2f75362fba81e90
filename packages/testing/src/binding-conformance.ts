import type { AuthStatus, JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { afterEach, describe, expect, it } from "vitest";
import { type ConformanceHarness, createConformanceHarness, scriptedTokenSource } from "./harness";

/** One mounted binding under test: reads what the binding exposes to the app, after the framework flushed. */
export interface MountedBinding {
  /** The binding's current view, as the app sees it (after the framework's own scheduling). */
  read(): Pick<JazzAuthSnapshot, "status" | "principal" | "jwtToken" | "providerKey">;
  /** Waits until the framework has applied pending updates (Vue `nextTick`, Svelte `tick`, Solid: nothing). */
  flush(): Promise<void>;
  /** Unmounts the component, or disposes of the scope. */
  unmount(): void;
}

const MINUTE = 60_000;

/** A source that counts the subscriptions made to it, so the suite sees what a binding leaves behind. */
function counted(source: TokenSource): { readonly source: TokenSource; subscribers(): number } {
  let subscribers = 0;
  const wrapper: TokenSource = {
    provider: source.provider,
    getToken: (options) => source.getToken(options),
    getSnapshot: () => source.getSnapshot(),
    subscribe(listener) {
      const stop = source.subscribe(listener);
      subscribers += 1;
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        subscribers -= 1;
        stop();
      };
    },
    dispose: () => source.dispose(),
  };
  return { source: wrapper, subscribers: () => subscribers };
}

/**
 * The suite every framework binding runs (React, Vue, Svelte, Solid), over `createJazzAuth` as the
 * binding exposes it to an app: no signed-out flash (never `"signed-out"` before the provider
 * answered, nor while a session change is being confirmed), `jwtToken` kept the same string across
 * several refreshes, `providerKey` changing on user switch and on sign-out, and no timer nor
 * listener left after teardown. `mount` mounts a component (or opens a scope) that reads the
 * binding's view of `source`; the suite drives a scripted provider on a fake clock.
 *
 * @example
 * ```ts
 * describeJazzAuthBinding("vue", (source) => {
 *   const scope = effectScope();
 *   const auth = scope.run(() => useJazzAuth(source));
 *   return { read: () => auth.value, flush: nextTick, unmount: () => scope.stop() };
 * });
 * ```
 */
export function describeJazzAuthBinding(name: string, mount: (source: TokenSource) => MountedBinding): void {
  describe(`${name}: binding conformance`, () => {
    const cleanups: (() => void)[] = [];
    afterEach(() => {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    });

    function setup(lifetimeSeconds = 600) {
      const harness: ConformanceHarness = createConformanceHarness({ lifetimeSeconds });
      const engine = scriptedTokenSource(harness);
      const { source, subscribers } = counted(engine);
      const statuses: AuthStatus[] = [];
      let binding: MountedBinding | undefined;
      let mounted = false;
      cleanups.push(() => {
        if (mounted) binding?.unmount();
        engine.dispose();
      });
      const view = () => (binding as MountedBinding).read();
      const record = () => statuses.push(view().status);
      return {
        ...harness,
        source,
        subscribers,
        statuses,
        view,
        async mount() {
          binding = mount(source);
          mounted = true;
          await binding.flush();
          record();
        },
        unmount() {
          mounted = false;
          binding?.unmount();
        },
        /** Moves the fake clock, lets the framework apply what changed, and records the status. */
        async step(ms: number) {
          await harness.clock.advance(ms);
          await binding?.flush();
          record();
        },
        /** Signs in (and dates) the first token: the first answer, then the call that dates it. */
        async signedIn() {
          await this.mount();
          await this.step(0);
          await this.step(1_000);
          expect(view()).toMatchObject({ status: "signed-in", principal: "user-1" });
        },
      };
    }

    it("never says signed-out before the provider answered, nor while a session change is confirmed", async () => {
      const t = setup();
      const first = t.provider.holdNext();
      await t.mount();
      expect(t.view()).toMatchObject({ status: "loading", principal: null, jwtToken: undefined });
      await t.step(5_000);
      expect(t.view().status).toBe("loading");
      first.release();
      await t.step(0);
      await t.step(1_000);
      expect(t.view()).toMatchObject({ status: "signed-in", principal: "user-1" });
      expect(t.view().jwtToken).toMatch(/^ey/);

      const switching = t.provider.holdNext();
      t.provider.signIn("user-2");
      await t.step(0);
      expect(t.view().status).toBe("loading");
      await t.step(2_000);
      expect(t.view().status).toBe("loading");
      switching.release();
      await t.step(0);
      await t.step(1_000);
      expect(t.view()).toMatchObject({ status: "signed-in", principal: "user-2" });

      const leaving = t.provider.holdNext();
      t.provider.signOut();
      await t.step(0);
      expect(t.view().status).toBe("loading");
      expect(t.statuses).not.toContain("signed-out");
      leaving.release();
      await t.step(0);
      expect(t.view()).toMatchObject({ status: "signed-out", principal: null, jwtToken: undefined });
    });

    it("keeps jwtToken the same string across several refreshes", async () => {
      const t = setup(600);
      await t.signedIn();
      const first = t.view();
      const callsBefore = t.provider.calls.length;
      for (let i = 0; i < 6; i++) await t.step(5 * MINUTE);
      expect(t.provider.calls.length - callsBefore).toBeGreaterThanOrEqual(3);
      expect(t.source.getSnapshot().token).not.toBe(first.jwtToken); // the source did refresh
      expect(t.view()).toMatchObject({
        status: "signed-in",
        principal: "user-1",
        jwtToken: first.jwtToken,
        providerKey: first.providerKey,
      });
    });

    it("changes providerKey on a user switch and on sign-out", async () => {
      const t = setup();
      await t.signedIn();
      const first = t.view();
      t.provider.signIn("user-2");
      await t.step(0);
      await t.step(1_000);
      const second = t.view();
      expect(second).toMatchObject({ status: "signed-in", principal: "user-2" });
      expect(second.jwtToken).toMatch(/^ey/);
      expect(second.jwtToken).not.toBe(first.jwtToken);
      t.provider.signOut();
      await t.step(0);
      const third = t.view();
      expect(third).toMatchObject({ status: "signed-out", principal: null, jwtToken: undefined });
      expect(new Set([first.providerKey, second.providerKey, third.providerKey]).size).toBe(3);
    });

    it("leaves no timer and no listener after teardown", async () => {
      const t = setup();
      await t.signedIn();
      await t.step(10 * MINUTE);
      expect(t.subscribers()).toBeGreaterThan(0);
      t.unmount();
      await t.clock.flush();
      expect(t.subscribers()).toBe(0);
      expect(t.environment.listeners).toBe(0);
      expect(t.clock.pending()).toHaveLength(0);
      await t.clock.advance(60 * MINUTE);
      const calls = t.provider.calls.length;
      await t.clock.advance(60 * MINUTE);
      expect(t.provider.calls).toHaveLength(calls); // nothing refreshes for a binding that is gone
      t.source.dispose();
      expect(t.provider.watchers).toBe(0);
    });
  });
}
