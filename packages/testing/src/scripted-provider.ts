import type { FetchTokenOptions } from "@jazz-auth/core";
import type { FakeClock } from "./fake-clock";
import { mintUnsignedJwt } from "./jwt";

/** A provider call the test holds open; settle it when the test wants. */
export interface HeldCall {
  /** Settles the held call with a token minted now (or the given value); it ignores aborts. */
  release(value?: string | null): void;
  /** Fails the held call. */
  fail(error?: unknown): void;
}

/** One provider call as the scripted provider saw it. */
export interface ProviderCall {
  readonly forceRefresh: boolean;
  /** Real-world time of the call. */
  readonly at: number;
}

/**
 * A provider whose behaviour the test scripts: who is signed in, how long tokens live, and
 * which calls fail, hang or answer something odd. Its `fetchToken` and `watch` have the shapes
 * `createTokenSource` takes; adapter tests wrap them in a fake of the vendor SDK.
 */
export interface ScriptedProvider {
  fetchToken(options: FetchTokenOptions): Promise<string | null>;
  watch(onChange: () => void): () => void;
  /** Every call so far. */
  readonly calls: readonly ProviderCall[];
  /** Listeners currently registered through `watch`. */
  readonly watchers: number;
  /** The signed-in principal, or `null`. */
  readonly subject: string | null;
  /** Lifetime of minted tokens in seconds; `null` mints tokens without `exp`. */
  lifetimeSeconds: number | null;
  /** Whether minted tokens carry `iat` (default true). */
  includeIat: boolean;
  /** Running-time latency of each call in ms (default 0). */
  latencyMs: number;
  /** Calls fail with a network error while offline. */
  offline: boolean;
  /** Signs `subject` in and tells watchers. */
  signIn(subject: string): void;
  /** Signs out and tells watchers. */
  signOut(): void;
  /** Changes the principal without telling watchers (as if a watch signal were lost). */
  setSubject(subject: string | null): void;
  /** The next `count` calls reject with `error` (default: a network error). */
  failNext(count?: number, error?: unknown): void;
  /** The next call resolves `value` as-is (for example a non-JWT string). */
  answerNext(value: unknown): void;
  /** The next call is held open until the test settles it; it ignores the abort signal. */
  holdNext(): HeldCall;
  /** Mints a token for `subject` with the current settings, on the real-world clock. */
  mint(subject: string, extraClaims?: Record<string, unknown>): string;
}

/** Options of {@link createScriptedProvider}. */
export interface ScriptedProviderOptions {
  readonly clock: FakeClock;
  /** Who is signed in at the start (default `"user-1"`; `null` for nobody). */
  readonly subject?: string | null;
  readonly lifetimeSeconds?: number | null;
  readonly latencyMs?: number;
}

interface Step {
  readonly held: boolean;
  run(resolve: (value: unknown) => void, reject: (error: unknown) => void): void;
}

/** The error a scripted call fails with by default, like a `fetch` that could not connect. */
export function networkError(): TypeError {
  return new TypeError("fetch failed");
}

/**
 * Creates a {@link ScriptedProvider} on a fake clock.
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const provider = createScriptedProvider({ clock, lifetimeSeconds: 60 });
 * const source = createTokenSource({ provider: "fake", ...provider, clock, timers: clock });
 * provider.failNext(2);
 * ```
 */
export function createScriptedProvider(options: ScriptedProviderOptions): ScriptedProvider {
  const { clock } = options;
  const calls: ProviderCall[] = [];
  const listeners = new Set<() => void>();
  const script: Step[] = [];
  let subject = options.subject === undefined ? "user-1" : options.subject;

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const provider: ScriptedProvider = {
    calls,
    get watchers() {
      return listeners.size;
    },
    get subject() {
      return subject;
    },
    lifetimeSeconds: options.lifetimeSeconds === undefined ? 3600 : options.lifetimeSeconds,
    includeIat: true,
    latencyMs: options.latencyMs ?? 0,
    offline: false,

    fetchToken({ forceRefresh, signal }) {
      calls.push({ forceRefresh, at: clock.serverNow() });
      const step = script.shift();
      return new Promise<string | null>((resolve, reject) => {
        const settle = resolve as (value: unknown) => void;
        if (step?.held) return step.run(settle, reject); // held: ignores the signal
        const answer = () => {
          if (provider.offline) reject(networkError());
          else if (step) step.run(settle, reject);
          else resolve(subject === null ? null : provider.mint(subject));
        };
        if (provider.latencyMs <= 0) return answer();
        const timer = clock.setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          answer();
        }, provider.latencyMs);
        const onAbort = () => {
          clock.clearTimeout(timer);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },

    watch(onChange) {
      const listener = () => onChange();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    signIn(next) {
      subject = next;
      notify();
    },
    signOut() {
      subject = null;
      notify();
    },
    setSubject(next) {
      subject = next;
    },
    failNext(count = 1, error = networkError()) {
      for (let i = 0; i < count; i++) script.push({ held: false, run: (_resolve, reject) => reject(error) });
    },
    answerNext(value) {
      script.push({ held: false, run: (resolve) => resolve(value) });
    },
    holdNext() {
      let settle: ((value: unknown) => void) | undefined;
      let fail: ((error: unknown) => void) | undefined;
      script.push({
        held: true,
        run: (resolve, reject) => {
          settle = resolve;
          fail = reject;
        },
      });
      return {
        release: (value) =>
          settle?.(value === undefined && subject !== null ? provider.mint(subject) : (value ?? null)),
        fail: (error = networkError()) => fail?.(error),
      };
    },
    mint(forSubject, extraClaims = {}) {
      const iat = Math.floor(clock.serverNow() / 1000);
      const lifetime = provider.lifetimeSeconds;
      return mintUnsignedJwt({
        sub: forSubject,
        iat: provider.includeIat ? iat : undefined,
        exp: lifetime === null ? undefined : iat + lifetime,
        jti: `${calls.length}`,
        ...extraClaims,
      });
    },
  };
  return provider;
}
