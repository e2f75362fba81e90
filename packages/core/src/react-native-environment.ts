import type { AuthEnvironment, LifecycleEvent } from "./environment";

/**
 * The part of React Native's `AppState` that {@link reactNativeEnvironment} uses (the real
 * `AppState` from `react-native` fits it; packages/core/test/react-native.test-d.ts proves it).
 */
export interface AppStateLike {
  /** `"active"`, `"background"`, `"inactive"` (iOS), or `null`/`undefined` until known. */
  readonly currentState?: string | null | undefined;
  addEventListener(type: "change", listener: (state: string) => void): { remove(): void };
}

/** The fields of a NetInfo state {@link reactNativeEnvironment} reads (`null`: not known yet). */
export interface NetInfoStateLike {
  readonly isConnected: boolean | null;
  readonly isInternetReachable: boolean | null;
}

/**
 * The part of `@react-native-community/netinfo`'s default export that {@link reactNativeEnvironment}
 * uses: `addEventListener` calls back soon after subscribing with the current state, then on changes.
 */
export interface NetInfoLike {
  addEventListener(listener: (state: NetInfoStateLike) => void): () => void;
}

/** Options of {@link reactNativeEnvironment}. */
export interface ReactNativeEnvironmentOptions {
  /** React Native's `AppState`: coming back to `"active"` from the background is a `wake`. */
  readonly appState: AppStateLike;
  /** NetInfo's default export, for `online`/`offline`; without it the network counts as reachable. */
  readonly netInfo?: NetInfoLike | null;
}

/** Whether a NetInfo state says the network is reachable; unknown (`null`) counts as reachable. */
function reachable(state: NetInfoStateLike): boolean {
  return state.isConnected !== false && state.isInternetReachable !== false;
}

/**
 * Lifecycle events for React Native and Expo, without `window`: the app coming back to the
 * foreground (`AppState` `"active"` after `"background"`) is a `wake`, so the engine looks at its
 * token at once instead of after a timer the OS paused; NetInfo's `isConnected` and
 * `isInternetReachable` going false or back are `offline` and `online`, and `isOnline()` answers
 * from the last NetInfo state. Core has no dependency on either package: it takes their shapes.
 * `@jazz-auth/react` installs it as the default in React Native (its `react-native` entry).
 *
 * @example
 * ```ts
 * import NetInfo from "@react-native-community/netinfo";
 * import { AppState } from "react-native";
 * const source = createTokenSource({ provider, fetchToken, environment: reactNativeEnvironment({ appState: AppState, netInfo: NetInfo }) });
 * ```
 */
export function reactNativeEnvironment(options: ReactNativeEnvironmentOptions): AuthEnvironment {
  const { appState, netInfo } = options;
  /** The last NetInfo answer, whoever was subscribed when it came. */
  let online = true;
  return {
    isOnline: () => online,
    subscribe(onEvent: (event: LifecycleEvent) => void) {
      // Background since the last "active" (or since launch, for an app started in the background).
      let away = appState.currentState === "background";
      const appStateSubscription = appState.addEventListener("change", (state) => {
        if (state === "background") away = true;
        else if (state === "active" && away) {
          away = false;
          onEvent("wake");
        }
      });
      let told = online;
      const stopNetInfo = netInfo?.addEventListener((state) => {
        online = reachable(state);
        if (online === told) return; // NetInfo's first call, or a change of another field
        told = online;
        onEvent(online ? "online" : "offline");
      });
      return () => {
        appStateSubscription.remove();
        stopNetInfo?.();
      };
    },
  };
}
