import type { WatchSession } from "@jazz-auth/core";
import { useCallback, useEffect, useRef } from "react";

/**
 * Turns a value from a provider's React state (a user id, an organization id) into the `watch`
 * signal of a token source: listeners are told whenever `key` changes after mount. For SDKs whose
 * React binding, not their client, knows about sign-in, sign-out and user switch.
 *
 * @example
 * ```tsx
 * const { user, isLoading } = useAuth();
 * const watch = useSessionSignal(`${isLoading}:${user?.id}`);
 * ```
 */
export function useSessionSignal(key: unknown): WatchSession {
  const listeners = useRef(new Set<() => void>());
  const previous = useRef(key);
  useEffect(() => {
    if (Object.is(previous.current, key)) return;
    previous.current = key;
    for (const listener of [...listeners.current]) listener();
  }, [key]);
  return useCallback((onChange: () => void) => {
    const set = listeners.current;
    set.add(onChange);
    return () => set.delete(onChange);
  }, []);
}
