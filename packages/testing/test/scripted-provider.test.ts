import { decodeJwt } from "@jazz-auth/core";
import { createFakeClock, createScriptedProvider } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

const call = (forceRefresh = false, signal = new AbortController().signal) => ({ forceRefresh, signal });

describe("createScriptedProvider", () => {
  it("mints tokens for the signed-in subject with the configured lifetime", async () => {
    const clock = createFakeClock({ start: Date.UTC(2026, 0, 1) });
    const provider = createScriptedProvider({ clock, lifetimeSeconds: 60 });
    const { payload } = decodeJwt((await provider.fetchToken(call())) ?? "");
    expect(payload).toMatchObject({
      sub: "user-1",
      iat: Date.UTC(2026, 0, 1) / 1000,
      exp: Date.UTC(2026, 0, 1) / 1000 + 60,
    });
    provider.signOut();
    expect(await provider.fetchToken(call(true))).toBeNull();
    expect(provider.calls.map((c) => c.forceRefresh)).toEqual([false, true]);
  });

  it("plays its script: failures, odd answers and held calls, in order", async () => {
    const clock = createFakeClock();
    const provider = createScriptedProvider({ clock });
    provider.failNext(1);
    provider.answerNext("odd");
    const held = provider.holdNext();
    await expect(provider.fetchToken(call())).rejects.toThrow("fetch failed");
    await expect(provider.fetchToken(call())).resolves.toBe("odd");
    const pending = provider.fetchToken(call());
    held.release("late");
    await expect(pending).resolves.toBe("late");
  });

  it("tells watchers about sign-in and sign-out, and honours the abort signal while waiting", async () => {
    const clock = createFakeClock();
    const provider = createScriptedProvider({ clock, latencyMs: 100 });
    let changes = 0;
    const stop = provider.watch(() => changes++);
    provider.signIn("user-2");
    provider.signOut();
    provider.setSubject("user-3");
    expect(changes).toBe(2);
    stop();
    expect(provider.watchers).toBe(0);
    const controller = new AbortController();
    const pending = provider.fetchToken(call(false, controller.signal));
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(clock.pending()).toHaveLength(0);
  });

  it("fails every call while offline", async () => {
    const provider = createScriptedProvider({ clock: createFakeClock() });
    provider.offline = true;
    await expect(provider.fetchToken(call())).rejects.toThrow("fetch failed");
  });
});
