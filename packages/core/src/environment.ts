import { browserTabs, type TabGlobals, type TabPlatform } from "./tabs/tab-platform";

/**
 * A moment at which the engine should look again: the network came back, the page became
 * visible, the machine woke up (or the network went away, which pauses background retries).
 */
export type LifecycleEvent = "online" | "offline" | "visible" | "wake";

/**
 * Where lifecycle events come from. The engine subscribes while anyone is subscribed to the
 * token source, and unsubscribes when the last one leaves or on `dispose()`.
 */
export interface AuthEnvironment {
  subscribe(onEvent: (event: LifecycleEvent) => void): () => void;
  /** Whether the network is reachable now; assumed `true` when absent. */
  isOnline?(): boolean;
  /**
   * Tokens for this provider obtained outside this engine (another tab, a server render), each
   * adopted as if the provider had just answered with it. Subscribed alongside `subscribe`.
   */
  subscribeTokens?(onToken: (token: string) => void): () => void;
  /**
   * How tabs of one origin reach each other (a channel, and locks where there are any), for token
   * sources that share across tabs (`shareAcrossTabs`). Absent or `null`: each tab on its own.
   */
  readonly tabs?: TabPlatform | null;
}

/** The part of an `EventTarget` that {@link browserEnvironment} uses. */
export interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** The browser globals {@link browserEnvironment} reads (a `window`, or a fake of one in tests). */
export interface BrowserGlobals extends TabGlobals {
  readonly addEventListener?: EventTargetLike["addEventListener"];
  readonly removeEventListener?: EventTargetLike["removeEventListener"];
  readonly document?: EventTargetLike & { readonly visibilityState?: string };
  readonly navigator?: TabGlobals["navigator"] & { readonly onLine?: boolean };
}

/**
 * Lifecycle events from a browser window: `online`/`offline`, `pageshow` (a page restored from
 * the back-forward cache) and `visibilitychange` to visible, and the window's tab platform
 * ({@link browserTabs}: `BroadcastChannel` and Web Locks). Returns `null` where there is no
 * window (Node, workers without events, React Native), so it is safe to call anywhere.
 * The engine uses it by default; pass `environment: null` to opt out, or your own
 * {@link AuthEnvironment} (for example one fed by React Native's `AppState`).
 */
export function browserEnvironment(globals: BrowserGlobals = globalThis as BrowserGlobals): AuthEnvironment | null {
  const { document, navigator } = globals;
  const add = globals.addEventListener?.bind(globals);
  const remove = globals.removeEventListener?.bind(globals);
  if (!add || !remove) return null;
  return {
    tabs: browserTabs(globals),
    isOnline: () => navigator?.onLine !== false,
    subscribe(onEvent) {
      const online = () => onEvent("online");
      const offline = () => onEvent("offline");
      const wake = () => onEvent("wake");
      const visible = () => document?.visibilityState !== "hidden" && onEvent("visible");
      add("online", online);
      add("offline", offline);
      add("pageshow", wake);
      document?.addEventListener("visibilitychange", visible);
      return () => {
        remove("online", online);
        remove("offline", offline);
        remove("pageshow", wake);
        document?.removeEventListener("visibilitychange", visible);
      };
    },
  };
}
