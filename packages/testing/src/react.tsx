import type { JazzAuth } from "@jazz-auth/react";
import { act, cleanup, render } from "@testing-library/react";
import { StrictMode, useSyncExternalStore } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { type ConformanceHarness, createConformanceHarness } from "./harness";

/**
 * The signed-in subject of a scripted provider as React state, for fakes of SDK hooks
 * (`useAuth()`, `useAuth0()`) that re-render on sign-in, sign-out and user switch.
 */
export function useScriptedSubject(harness: ConformanceHarness): string | null {
  return useSyncExternalStore(harness.provider.watch, () => harness.provider.subject);
}

function Probe({ useAuth, seen }: { readonly useAuth: () => JazzAuth; readonly seen: JazzAuth[] }) {
  const auth = useAuth();
  seen.push(auth);
  return <p>{auth.status}</p>;
}

/**
 * The suite every provider's `use<Provider>JazzAuth` hook runs, in StrictMode under happy-dom:
 * loading then signed in with one provider call, a refresh that keeps `jwtToken` the same string,
 * a user switch that changes `providerKey`, a sign-out, and no timer or listener left on unmount.
 * `hookFor` returns a hook that calls the provider's hook over a fake of its SDK.
 *
 * @example
 * ```tsx
 * describeJazzAuthHook("firebase", (harness) => {
 *   const auth = fakeAuth(harness.provider);
 *   return () => useFirebaseJazzAuth(auth, harness.engine);
 * });
 * ```
 */
export function describeJazzAuthHook(name: string, hookFor: (harness: ConformanceHarness) => () => JazzAuth): void {
  describe(`${name}: React hook in StrictMode`, () => {
    afterEach(cleanup);

    it("goes from loading to signed in, refreshes without changing jwtToken, follows a switch and a sign-out", async () => {
      const harness = createConformanceHarness({ lifetimeSeconds: 600 });
      const { provider, clock } = harness;
      const seen: JazzAuth[] = [];
      const view = render(
        <StrictMode>
          <Probe useAuth={hookFor(harness)} seen={seen} />
        </StrictMode>,
      );
      const last = () => seen.at(-1) as JazzAuth;
      const step = (ms: number) => act(() => clock.advance(ms));
      expect(seen[0]?.status).toBe("loading");
      await step(0);
      expect(last()).toMatchObject({ status: "signed-in", principal: "user-1" });
      expect(provider.calls).toHaveLength(1);

      const first = last();
      await step(30 * 60_000);
      expect(provider.calls.length).toBeGreaterThanOrEqual(4);
      expect(last().jwtToken).toBe(first.jwtToken);
      expect(last().providerKey).toBe(first.providerKey);

      await act(async () => {
        provider.signIn("user-2");
        await clock.advance(0);
      });
      expect(last().principal).toBe("user-2");
      expect(last().providerKey).not.toBe(first.providerKey);

      await act(async () => {
        provider.signOut();
        await clock.advance(0);
      });
      expect(last()).toMatchObject({ status: "signed-out", jwtToken: undefined });

      view.unmount();
      await act(() => clock.flush());
      expect(clock.pending()).toHaveLength(0);
      expect(provider.watchers).toBe(0);
    });
  });
}
