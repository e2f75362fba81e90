/**
 * The conformance harness: a scripted provider on a fake clock, and the engine options to spread
 * into a token source. No vitest here, so the fakes load in any runtime; the vitest suites live in
 * `@jazz-auth/testing/conformance`.
 */
import { createTokenSource, type RetryOptions, type TokenSource, type TokenSourceOptions } from "@jazz-auth/core";
import { createFakeClock, type FakeClock } from "./fake-clock";
import { createFakeEnvironment, type FakeEnvironment } from "./fake-environment";
import { createScriptedProvider, type ScriptedProvider } from "./scripted-provider";

/** What a conformance factory gets: a scripted provider on a fake clock, and the engine options. */
export interface ConformanceHarness {
  readonly clock: FakeClock;
  readonly provider: ScriptedProvider;
  readonly environment: FakeEnvironment;
  /** Spread these into `createTokenSource` or the adapter's options. */
  readonly engine: {
    readonly clock: FakeClock;
    readonly timers: FakeClock;
    readonly environment: FakeEnvironment;
    readonly retry: RetryOptions;
  };
}

/** Builds the source under test over the harness's scripted provider (through a fake SDK, for adapters). */
export type TokenSourceFactory = (harness: ConformanceHarness) => TokenSource;

/** Options of {@link createConformanceHarness}. */
export interface HarnessOptions {
  /** Local wall clock minus real-world time, in ms. */
  readonly skewMs?: number;
  /** Lifetime of the provider's tokens in seconds; `null` for tokens without `exp`. */
  readonly lifetimeSeconds?: number | null;
}

/** Creates a fresh {@link ConformanceHarness}: fake clock, scripted provider, fake environment. */
export function createConformanceHarness(options: HarnessOptions = {}): ConformanceHarness {
  const clock = createFakeClock({ skewMs: options.skewMs ?? 0 });
  const provider = createScriptedProvider({
    clock,
    lifetimeSeconds: options.lifetimeSeconds === undefined ? 3600 : options.lifetimeSeconds,
  });
  const environment = createFakeEnvironment();
  return { clock, provider, environment, engine: { clock, timers: clock, environment, retry: { random: () => 0.5 } } };
}

/**
 * The bare engine over the harness's scripted provider and engine options: what core's own tests
 * and the conformance example build. `overrides` replace any option (a timeout, a retry policy).
 */
export function scriptedTokenSource(
  harness: ConformanceHarness,
  overrides: Partial<TokenSourceOptions> = {},
): TokenSource {
  const { provider, engine } = harness;
  return createTokenSource({
    provider: "scripted",
    fetchToken: provider.fetchToken,
    watch: provider.watch,
    ...engine,
    ...overrides,
  });
}
