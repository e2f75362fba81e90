import type { AppStateLike, NetInfoLike, NetInfoStateLike } from "@jazz-auth/core";

/**
 * React Native's `AppState` as the test drives it: `currentState` and `change` listeners, as in
 * react-native/Libraries/AppState/AppState.js (packages/core/test/react-native.test-d.ts checks it
 * against the real type).
 */
export interface FakeAppState extends AppStateLike {
  currentState: string | null;
  /** Moves the app to `state` and tells every `change` listener (as the native module does). */
  set(state: "active" | "background" | "inactive"): void;
  /** `change` listeners registered now. */
  readonly listeners: number;
}

/** `@react-native-community/netinfo`'s default export as the test drives it. */
export interface FakeNetInfo extends NetInfoLike {
  /** Changes the network state and tells every listener. */
  set(state: NetInfoStateLike): void;
  /** Listeners registered now. */
  readonly listeners: number;
}

/** Creates a {@link FakeAppState}, `"active"` at the start unless told otherwise. */
export function createFakeAppState(initial: string | null = "active"): FakeAppState {
  const listeners = new Set<(state: string) => void>();
  const appState: FakeAppState = {
    currentState: initial,
    addEventListener(_type, listener) {
      const entry = (state: string) => listener(state);
      listeners.add(entry);
      return { remove: () => listeners.delete(entry) };
    },
    set(state) {
      appState.currentState = state;
      for (const listener of [...listeners]) listener(state);
    },
    get listeners() {
      return listeners.size;
    },
  };
  return appState;
}

/**
 * Creates a {@link FakeNetInfo}, connected and reachable at the start. Like NetInfo, a new listener
 * is called with the current state soon after it subscribes (a microtask later), then on changes.
 */
export function createFakeNetInfo(
  initial: NetInfoStateLike = { isConnected: true, isInternetReachable: true },
): FakeNetInfo {
  const listeners = new Set<(state: NetInfoStateLike) => void>();
  let current = initial;
  return {
    addEventListener(listener) {
      const entry = (state: NetInfoStateLike) => listener(state);
      listeners.add(entry);
      queueMicrotask(() => {
        if (listeners.has(entry)) entry(current);
      });
      return () => {
        listeners.delete(entry);
      };
    },
    set(state) {
      current = state;
      for (const listener of [...listeners]) listener(state);
    },
    get listeners() {
      return listeners.size;
    },
  };
}
