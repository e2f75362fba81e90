/**
 * A message channel between the tabs of one origin: the part of `BroadcastChannel` the tab
 * coordinator uses. Messages are delivered asynchronously to every other open channel of the same
 * name in the same origin (and browser profile), never back to the sender.
 */
export interface TabChannel {
  postMessage(message: unknown): void;
  /** Calls `onMessage` with each message another tab posts; returns the stop function. */
  listen(onMessage: (message: unknown) => void): () => void;
  close(): void;
}

/** The part of the Web Locks API (`navigator.locks`) the tab coordinator uses. */
export interface TabLocks {
  /**
   * Runs `task` while holding the exclusive lock `name`, queued behind other holders; resolves
   * with what `task` resolves. `signal` gives up waiting (the call rejects, `task` never runs);
   * `steal` takes the lock from its holder at once (it cannot be combined with `signal`).
   */
  request<T>(
    name: string,
    options: { readonly signal?: AbortSignal; readonly steal?: boolean },
    task: () => Promise<T>,
  ): Promise<T>;
}

/**
 * What tabs of one origin share: a channel, and locks where the host has them. The engine's
 * environment provides it ({@link AuthEnvironment.tabs}); tests and non-browser hosts replace it.
 */
export interface TabPlatform {
  openChannel(name: string): TabChannel;
  /** `null` where the host has no Web Locks: tabs then share answers but do not take turns. */
  readonly locks: TabLocks | null;
}

/** The browser globals {@link browserTabs} reads. */
export interface TabGlobals {
  readonly BroadcastChannel?: new (
    name: string,
  ) => {
    postMessage(message: unknown): void;
    addEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
    removeEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
    close(): void;
  };
  readonly navigator?: {
    readonly locks?: {
      request(
        name: string,
        options: { signal?: AbortSignal; steal?: boolean },
        callback: () => Promise<unknown>,
      ): Promise<unknown>;
    };
  };
}

/**
 * The browser's tab platform: `BroadcastChannel` (same origin, in memory: tokens never touch
 * storage) and `navigator.locks`. `null` where there is no `BroadcastChannel` (Node, React
 * Native, old browsers): each tab then refreshes on its own.
 */
export function browserTabs(globals: TabGlobals = globalThis as TabGlobals): TabPlatform | null {
  const Channel = globals.BroadcastChannel;
  if (typeof Channel !== "function") return null;
  const webLocks = globals.navigator?.locks;
  return {
    openChannel(name) {
      const channel = new Channel(name);
      return {
        postMessage: (message) => channel.postMessage(message),
        listen(onMessage) {
          const listener = (event: { readonly data: unknown }) => onMessage(event.data);
          channel.addEventListener("message", listener);
          return () => channel.removeEventListener("message", listener);
        },
        close: () => channel.close(),
      };
    },
    locks: webLocks
      ? {
          request: <T>(
            name: string,
            options: { readonly signal?: AbortSignal; readonly steal?: boolean },
            task: () => Promise<T>,
          ) => webLocks.request(name, { ...options }, task) as Promise<T>,
        }
      : null,
  };
}
