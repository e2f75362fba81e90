import type { TokenSource } from "@jazz-auth/core";
import { type DependencyList, useEffect, useMemo } from "react";

const holders = new WeakMap<TokenSource, number>();

/**
 * Creates a token source for the life of a component (again when `deps` change) and disposes of
 * it on unmount. Safe under StrictMode: a source is watched only once used, and the unmount/remount
 * StrictMode simulates does not dispose of it. Each provider package's hook is built on this.
 *
 * @example
 * ```tsx
 * const source = useTokenSource(() => createTokenSource({ provider: "x", fetchToken }), []);
 * ```
 */
export function useTokenSource(create: () => TokenSource, deps: DependencyList): TokenSource {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `create` depends on.
  const source = useMemo(create, deps);
  useEffect(() => {
    holders.set(source, (holders.get(source) ?? 0) + 1);
    return () => {
      holders.set(source, (holders.get(source) ?? 1) - 1);
      // StrictMode remounts synchronously; dispose only if nobody took the source back by then.
      queueMicrotask(() => {
        if (holders.get(source) === 0) source.dispose();
      });
    };
  }, [source]);
  return source;
}
