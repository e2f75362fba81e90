/** Figures of the core engine: single-flight under a cold burst, and the cost of a warm call. */
import { createTokenSource } from "@jazz-auth/core";
import { createFakeClock, createScriptedProvider, mintUnsignedJwt } from "@jazz-auth/testing";
import { nsPerCall, nsPerSyncCall } from "./measure";

/** Provider calls made by 1,000 concurrent `getToken()` on a cold cache (provider latency 50 ms). */
export async function coldBurstProviderCalls(concurrency = 1000): Promise<number> {
  const clock = createFakeClock();
  const provider = createScriptedProvider({ clock, latencyMs: 50 });
  const source = createTokenSource({
    provider: "bench",
    fetchToken: provider.fetchToken,
    clock,
    timers: clock,
    environment: null,
  });
  const all = Promise.all(Array.from({ length: concurrency }, () => source.getToken()));
  await clock.advance(50);
  await all;
  source.dispose();
  return provider.calls.length;
}

/**
 * ns per call of a warm `getToken()` (awaited) and of `getSnapshot()`, each next to a bare
 * `Promise.resolve(token)` (awaited, and not awaited) measured in the same run.
 */
export async function warmCallCost() {
  const now = Math.floor(Date.now() / 1000);
  const token = mintUnsignedJwt({ sub: "user-1", iat: now, exp: now + 86_400 });
  const source = createTokenSource({ provider: "bench", fetchToken: async () => token, environment: null });
  await source.getToken();
  const baseline = await nsPerCall(() => Promise.resolve(token));
  const getToken = await nsPerCall(() => source.getToken());
  const syncBaseline = nsPerSyncCall(() => Promise.resolve(token));
  const getSnapshot = nsPerSyncCall(() => source.getSnapshot());
  source.dispose();
  return { baseline, getToken, syncBaseline, getSnapshot };
}
