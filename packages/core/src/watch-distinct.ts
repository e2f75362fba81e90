import type { WatchSession } from "./token-source";

/**
 * Builds a token source's `watch` from an SDK listener that fires often (on every token refresh,
 * on any resource change): `onChange` runs only when `keyOf(value)` differs from the last value
 * seen. The first emission only records the key, as SDKs call new listeners at once with the
 * current state; with an `initialKey` (the principal of an SSR hand-off) the first emission is
 * compared against it too, so a browser session that differs from the server's is a change.
 *
 * @example
 * ```ts
 * watch: watchDistinct((listener) => auth.onIdTokenChanged(listener), (user) => user?.uid ?? ""),
 * ```
 */
export function watchDistinct<T>(
  listen: (listener: (value: T) => void) => () => void,
  keyOf: (value: T) => string,
  initialKey?: string,
): WatchSession {
  return (onChange) => {
    let last: string | undefined = initialKey;
    return listen((value) => {
      const key = keyOf(value);
      if (last !== undefined && key !== last) onChange();
      last = key;
    });
  };
}
