import { getCurrentInstance, inject, ssrContextKey } from "vue";

/**
 * Whether the current component's `setup()` runs in Vue's server renderer, which provides
 * `ssrContextKey` to the app it renders (@vue/server-renderer `renderToString`, `renderToStream`).
 * The server renderer never stops a component's scope, so nothing may subscribe there.
 */
export function isServerRendering(): boolean {
  return getCurrentInstance() !== null && inject(ssrContextKey, null) !== null;
}
