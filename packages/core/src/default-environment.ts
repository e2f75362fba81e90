import { type AuthEnvironment, browserEnvironment } from "./environment";

/** What {@link setDefaultEnvironment} installed; `undefined`: the browser's. */
let installed: AuthEnvironment | null | undefined;

/**
 * Sets the environment that token sources and `connectJazz` use when their options leave
 * `environment` out (created after this call; an explicit `environment`, `null` included, always
 * wins). `@jazz-auth/react` calls it once in React Native with `reactNativeEnvironment`; pass
 * `null` to turn lifecycle events off everywhere, `undefined` to go back to the browser's.
 *
 * @example
 * ```ts
 * setDefaultEnvironment(reactNativeEnvironment({ appState: AppState, netInfo: NetInfo }));
 * ```
 */
export function setDefaultEnvironment(environment: AuthEnvironment | null | undefined): void {
  installed = environment;
}

/**
 * The environment a token source or `connectJazz` uses without an `environment` option: the one
 * {@link setDefaultEnvironment} installed, else the browser window's (`null` where there is none).
 */
export function defaultEnvironment(): AuthEnvironment | null {
  return installed !== undefined ? installed : browserEnvironment();
}
