/**
 * `@jazz-auth/testing/conformance`: the vitest suites every token source and preset runs. They
 * import vitest; the fakes and the harness in `@jazz-auth/testing` do not.
 */
import { type AuthSnapshot, decodeJwt, JazzAuthError, MAX_TIMER_DELAY_MS, type TokenSource } from "@jazz-auth/core";
import { afterEach, describe, expect, it } from "vitest";
import { createConformanceHarness, type HarnessOptions, type TokenSourceFactory } from "./harness";

export { describeJazzAuthBinding, type MountedBinding } from "./binding-conformance";
export {
  type ConformanceHarness,
  createConformanceHarness,
  type HarnessOptions,
  scriptedTokenSource,
  type TokenSourceFactory,
} from "./harness";
export {
  type PresetClaimDefaults,
  type PresetConformanceOptions,
  type PresetNegativeCase,
  presetConformance,
} from "./preset-conformance";
export { describeTabSharing } from "./tab-conformance";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const expiryOf = (token: string | null): number => Number(decodeJwt(token ?? "").payload.exp) * 1000;
const subjectOf = (token: string | null): unknown => decodeJwt(token ?? "").payload.sub;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

/**
 * The behaviour every {@link TokenSource} must have, as a vitest suite: caching, proactive refresh
 * on the token's own clock, single-flight, backoff, sign-out, principal change, stale-result
 * guard, lifecycle triggers, clean disposal and token validation (items 1-10 of
 * docs/concepts/token-source.md). Core runs it against `createTokenSource`; every provider
 * package runs it against its adapter over a fake of its SDK.
 *
 * @example
 * ```ts
 * describeTokenSourceConformance("core", ({ provider, engine }) =>
 *   createTokenSource({ provider: "scripted", fetchToken: provider.fetchToken, watch: provider.watch, ...engine }),
 * );
 * ```
 */
export function describeTokenSourceConformance(name: string, factory: TokenSourceFactory): void {
  const created: TokenSource[] = [];
  const setup = (options: HarnessOptions = {}) => {
    const harness = createConformanceHarness(options);
    const source = factory(harness);
    created.push(source);
    const seen: AuthSnapshot[] = [];
    const listen = () => source.subscribe((snapshot) => seen.push(snapshot));
    return { ...harness, source, seen, listen };
  };

  describe(`${name}: token source conformance`, () => {
    afterEach(() => {
      for (const source of created.splice(0)) source.dispose();
    });

    describe("1. cache", () => {
      it("serves the cached token without calling the provider while it is fresh", async () => {
        const { source, provider, clock } = setup({ lifetimeSeconds: 3600 });
        await source.getToken();
        const first = await source.getToken({ forceRefresh: true }); // a minted token dates the clock
        expect(await source.getToken()).toBe(first);
        await clock.advance(29 * MINUTE);
        expect(await source.getToken()).toBe(first);
        expect(provider.calls).toHaveLength(2);
      });

      it("trusts an unforced first token for 30 s at most, and dates it with a forced call while subscribed", async () => {
        const { source, provider, clock, listen } = setup({ lifetimeSeconds: 3600 });
        const first = await source.getToken();
        await clock.advance(30_000);
        expect(source.getSnapshot().token).toBeNull(); // it may be an SDK-cached token of unknown age
        expect(provider.calls).toHaveLength(1);
        listen();
        await clock.advance(1000);
        expect(provider.calls).toHaveLength(2);
        const dated = source.getSnapshot();
        expect(dated.token).not.toBe(first);
        expect(dated.expiresAt).toBeLessThanOrEqual(expiryOf(dated.token));
        expect(dated.expiresAt).toBeGreaterThan(expiryOf(dated.token) - 2000); // dated, not merely trusted for 30 s
      });

      it.each([
        ["3 hours ahead", 3 * HOUR],
        ["3 hours behind", -3 * HOUR],
        ["50 seconds ahead", 50_000],
      ])("refreshes on the token's own lifetime with a local clock %s", async (_label, skewMs) => {
        const { source, provider, clock, listen } = setup({ skewMs, lifetimeSeconds: 600 });
        listen();
        await clock.advanceUntil(() => provider.calls.length >= 5, 40 * MINUTE);
        // The first call may be answered from an SDK cache; the second, forced, dates the clock.
        const dated = provider.calls.slice(1);
        const gaps = dated.slice(1).map((call, i) => call.at - (dated[i]?.at ?? 0));
        expect(gaps).toHaveLength(3);
        for (const gap of gaps) {
          expect(gap).toBeGreaterThanOrEqual(300_000);
          expect(gap).toBeLessThan(600_000);
        }
        expect(source.getSnapshot().status).toBe("signed-in");
      });
    });

    describe("2. proactive refresh", () => {
      it("refreshes before expiry while subscribed, and sets no timer without subscribers", async () => {
        const { source, provider, clock, listen } = setup({ lifetimeSeconds: 600 });
        await source.getToken();
        expect(clock.pending()).toHaveLength(0);
        await clock.advance(20 * MINUTE);
        expect(provider.calls).toHaveLength(1);

        const unsubscribe = listen();
        for (let elapsed = 0; elapsed < 30 * MINUTE; elapsed += 10_000) {
          await clock.advance(10_000);
          const { token } = source.getSnapshot();
          expect(token).not.toBeNull();
          expect(expiryOf(token)).toBeGreaterThan(clock.serverNow());
        }
        expect(provider.calls.length).toBeGreaterThanOrEqual(4);

        unsubscribe();
        await clock.flush();
        expect(clock.pending()).toHaveLength(0);
        const calls = provider.calls.length;
        await clock.advance(HOUR);
        expect(provider.calls).toHaveLength(calls);
      });

      it("keeps timers below 2^31 ms for a 30-day token", async () => {
        const { provider, clock, listen } = setup({ lifetimeSeconds: 30 * 24 * 3600 });
        listen();
        await clock.advance(MINUTE);
        expect(provider.calls).toHaveLength(2); // the first answer, then the call that dates the clock
        for (const timer of clock.pending()) expect(timer.remainingMs).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
        const refreshed = await clock.advanceUntil(() => provider.calls.length === 3, 30 * 24 * HOUR);
        expect(refreshed).toBe(true);
        expect(provider.calls[2]?.at).toBeGreaterThan(Date.UTC(2026, 0, 16));
      });
    });

    describe("3. single-flight", () => {
      it("serves a still-valid token at once while a slow refresh is under way", async () => {
        const { source, provider, clock, listen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.advance(1000);
        const token = source.getSnapshot().token;
        provider.latencyMs = 20_000;
        await clock.advance(8 * MINUTE + 5_000); // inside the leeway window, the refresh under way
        expect(source.getSnapshot()).toMatchObject({ refreshing: true, token });
        let served: string | null = null;
        void source.getToken().then((value) => {
          served = value;
        });
        await clock.flush();
        expect(served).toBe(token);
      });

      it("makes one provider call for 1,000 concurrent getToken() calls on a cold cache", async () => {
        const { source, provider, clock } = setup();
        provider.latencyMs = 50;
        const all = Promise.all(Array.from({ length: 1000 }, () => source.getToken()));
        await clock.advance(50);
        const tokens = await all;
        expect(new Set(tokens).size).toBe(1);
        expect(provider.calls).toHaveLength(1);
      });

      it("never answers forceRefresh with the cached token, and shares concurrent forced calls", async () => {
        const { source, provider, clock } = setup();
        const cached = await source.getToken();
        provider.latencyMs = 50;
        const forced = Promise.all(Array.from({ length: 100 }, () => source.getToken({ forceRefresh: true })));
        await clock.advance(50);
        const tokens = await forced;
        expect(new Set(tokens).size).toBe(1);
        expect(tokens[0]).not.toBe(cached);
        expect(provider.calls).toHaveLength(2);
      });

      it("makes a forced call after a plain one that was already under way", async () => {
        const { source, provider, clock } = setup();
        provider.latencyMs = 50;
        const plain = source.getToken();
        await clock.advance(10);
        const forced = source.getToken({ forceRefresh: true });
        await clock.advance(100);
        expect(await forced).not.toBe(await plain);
        expect(provider.calls).toHaveLength(2);
      });
    });

    describe("4. backoff", () => {
      it("backs off on failures, keeps serving the still-valid token and never says signed-out", async () => {
        const { source, provider, clock, listen, seen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.flush();
        const first = source.getSnapshot().token;
        provider.failNext(4);
        await clock.advanceUntil(() => provider.calls.length === 2, 10 * MINUTE);
        expect(source.getSnapshot()).toMatchObject({ status: "signed-in", token: first });
        expect(source.getSnapshot().error).toBeInstanceOf(JazzAuthError);
        expect(await source.getToken()).toBe(first);
        expect(provider.calls).toHaveLength(2);

        await clock.advanceUntil(() => provider.calls.length === 6, 10 * MINUTE);
        const times = provider.calls.slice(1).map((call) => call.at);
        const gaps = times.slice(1).map((at, i) => at - (times[i] ?? 0));
        for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] ?? 0);
        await clock.flush();
        expect(source.getSnapshot()).toMatchObject({ status: "signed-in", error: null });
        expect(source.getSnapshot().token).not.toBe(first);
        expect(seen.some((snapshot) => snapshot.status === "signed-out")).toBe(false);
      });

      it("rejects getToken() with a retryable typed error after a bounded number of attempts", async () => {
        const { source, provider, clock } = setup();
        provider.failNext(1000);
        const error = rejectionOf(source.getToken());
        await clock.advance(10 * MINUTE);
        expect(await error).toMatchObject({ name: "JazzAuthError", retryable: true });
        expect(provider.calls.length).toBeGreaterThanOrEqual(2);
        expect(provider.calls.length).toBeLessThanOrEqual(10);
        expect(source.getSnapshot().status).toBe("error");
      });

      it("turns a provider call that never settles into a retry", async () => {
        const { source, provider, clock } = setup();
        provider.holdNext();
        const token = source.getToken();
        await clock.advance(5 * MINUTE);
        expect(subjectOf(await token)).toBe("user-1");
        expect(provider.calls).toHaveLength(2);
      });
    });

    describe("5. sign-out", () => {
      it("treats null from the provider as signed out: token cleared, timers stopped, listeners told", async () => {
        const { source, provider, clock, listen, seen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.flush();
        expect(source.getSnapshot().status).toBe("signed-in");
        provider.setSubject(null);
        expect(await source.getToken({ forceRefresh: true })).toBeNull();
        expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null, principal: null });
        expect(seen.at(-1)?.status).toBe("signed-out");
        await clock.flush();
        expect(clock.pending()).toHaveLength(0);
        const calls = provider.calls.length;
        await clock.advance(HOUR);
        expect(provider.calls).toHaveLength(calls);
      });
    });

    describe("6. principal change", () => {
      it("says so in the snapshot when the token's sub changes", async () => {
        const { source, provider } = setup();
        await source.getToken();
        const before = source.getSnapshot();
        expect(before.principal).toBe("user-1");
        provider.setSubject("user-2");
        await source.getToken({ forceRefresh: true });
        const after = source.getSnapshot();
        expect(after.principal).toBe("user-2");
        expect(after.principalVersion).toBeGreaterThan(before.principalVersion);
      });
    });

    describe("7. stale results", () => {
      it("drops a result that lands after the provider signed out", async () => {
        const { source, provider, clock, listen } = setup();
        listen();
        await clock.flush();
        const held = provider.holdNext();
        const forced = source.getToken({ forceRefresh: true });
        await clock.flush();
        provider.signOut();
        expect(await forced).toBeNull();
        held.release(provider.mint("user-1"));
        await clock.flush();
        expect(source.getSnapshot()).toMatchObject({ status: "signed-out", token: null, principal: null });
      });

      it("stops showing the old session's token the moment the provider reports a change", async () => {
        const { source, provider, clock, listen } = setup();
        listen();
        await clock.advance(1000);
        provider.latencyMs = 500;
        provider.signIn("user-2");
        expect(source.getSnapshot()).toMatchObject({ status: "loading", token: null });
        await clock.advance(500);
        expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user-2" });
      });

      it("drops a result that lands after a user switch", async () => {
        const { source, provider, clock, listen } = setup();
        listen();
        await clock.flush();
        const held = provider.holdNext();
        void source.getToken({ forceRefresh: true });
        await clock.flush();
        provider.signIn("user-2");
        await clock.flush();
        held.release(provider.mint("user-1"));
        await clock.flush();
        expect(source.getSnapshot().principal).toBe("user-2");
        expect(subjectOf(await source.getToken())).toBe("user-2");
      });

      it("drops a result that lands after dispose()", async () => {
        const { source, provider, clock } = setup();
        const held = provider.holdNext();
        const pending = rejectionOf(source.getToken());
        const before = source.getSnapshot();
        source.dispose();
        held.release();
        await clock.flush();
        expect(await pending).toMatchObject({ code: "ERR_DISPOSED" });
        expect(source.getSnapshot()).toBe(before);
      });
    });

    describe("8. lifecycle", () => {
      it.each(["wake", "visible"] as const)(
        "refreshes at once on %s after the token expired in sleep",
        async (event) => {
          const { source, provider, clock, environment, listen } = setup({ lifetimeSeconds: 600 });
          listen();
          await clock.flush();
          clock.sleep(2 * HOUR);
          environment.emit(event);
          await clock.flush();
          expect(provider.calls).toHaveLength(2);
          expect(expiryOf(source.getSnapshot().token)).toBeGreaterThan(clock.serverNow());
        },
      );

      it("notices a wall-clock jump after sleep even without any event", async () => {
        const { source, provider, clock, listen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.flush();
        clock.sleep(2 * HOUR);
        await clock.advance(MINUTE);
        expect(provider.calls).toHaveLength(2);
        expect(expiryOf(source.getSnapshot().token)).toBeGreaterThan(clock.serverNow());
      });

      it("pauses background refresh while offline and refreshes on coming online", async () => {
        const { source, provider, clock, environment, listen, seen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.flush();
        environment.emit("offline");
        provider.offline = true;
        await clock.advance(HOUR);
        expect(provider.calls).toHaveLength(1);
        expect(source.getSnapshot().token).toBeNull();
        provider.offline = false;
        environment.emit("online");
        await clock.flush();
        expect(provider.calls).toHaveLength(2);
        expect(source.getSnapshot().status).toBe("signed-in");
        expect(seen.some((snapshot) => snapshot.status === "signed-out")).toBe(false);
      });
    });

    describe("9. dispose", () => {
      it("leaves no pending timer or listener, and rejects later calls with ERR_DISPOSED", async () => {
        const { source, provider, clock, environment, listen } = setup({ lifetimeSeconds: 600 });
        listen();
        await clock.flush();
        provider.holdNext(); // a call under way at dispose (held: it sets no timer of its own)
        const pending = rejectionOf(source.getToken({ forceRefresh: true }));
        await clock.flush();
        source.dispose();
        expect(await pending).toMatchObject({ code: "ERR_DISPOSED", retryable: false });
        await clock.flush();
        expect(clock.pending()).toHaveLength(0);
        expect(provider.watchers).toBe(0);
        expect(environment.listeners).toBe(0);
        expect(await rejectionOf(source.getToken())).toMatchObject({ code: "ERR_DISPOSED" });
      });
    });

    describe("10. token shape", () => {
      it("rejects a token that is not a JWT with ERR_MALFORMED_TOKEN, without retrying", async () => {
        const { source, provider } = setup();
        provider.answerNext("an-opaque-access-token");
        expect(await rejectionOf(source.getToken())).toMatchObject({ code: "ERR_MALFORMED_TOKEN", retryable: false });
        expect(provider.calls).toHaveLength(1);
      });

      it("serves a JWT without exp and never refreshes it proactively", async () => {
        const { source, provider, clock, listen } = setup({ lifetimeSeconds: null });
        listen();
        await clock.flush();
        const token = source.getSnapshot().token;
        expect(token).not.toBeNull();
        expect(source.getSnapshot().expiresAt).toBeNull();
        expect(clock.pending()).toHaveLength(0);
        await clock.advance(10 * 24 * HOUR);
        expect(await source.getToken()).toBe(token);
        expect(provider.calls).toHaveLength(1);
      });
    });
  });
}

/** The same suite as {@link describeTokenSourceConformance}, under the name the provider packages use. */
export const tokenSourceConformance: typeof describeTokenSourceConformance = describeTokenSourceConformance;
