import type { TabChannel, TabLocks, TabPlatform } from "@jazz-auth/core";

/**
 * Several tabs of one origin and browser profile in one process: a `BroadcastChannel` and a Web
 * Locks manager that behave as the browser's do (per the HTML and Web Locks specifications):
 * - a message is structured-cloned and delivered asynchronously to every other open channel of
 *   the same name, never to the sender, and not at all after `close()`;
 * - a lock is granted to one request at a time, in request order; it is released when the
 *   holder's task settles or its tab closes; `signal` removes a waiting request (it rejects with
 *   an `AbortError`) and does nothing once the lock is granted; `steal` takes the lock at once and
 *   the former holder's request rejects with an `AbortError` while its task goes on.
 * Two hubs are two profiles (or two origins): nothing crosses between them.
 */
export interface FakeTabHub {
  /** Opens a tab: its {@link TabPlatform} goes into the tab's environment (`environment.tabs`). */
  openTab(): FakeTab;
  /** Messages posted so far, in order (after cloning), for assertions. */
  readonly posted: readonly unknown[];
  /** The tabs holding a lock now, whatever its name. */
  holders(): FakeTab[];
}

/** One tab of a {@link FakeTabHub}. */
export interface FakeTab {
  readonly platform: TabPlatform;
  /**
   * Freezes the tab, as a browser freezes a background page: it receives nothing and its posts are
   * held until {@link FakeTab.thaw}; the locks it holds stay held (as Chromium's do).
   */
  freeze(): void;
  /** Unfreezes the tab: held messages are delivered in order. */
  thaw(): void;
  /** Closes (or discards) the tab: its channels close, its locks are released, its waiting requests dropped. */
  close(): void;
  readonly frozen: boolean;
  readonly closed: boolean;
}

interface OpenChannel {
  readonly tab: TabState;
  readonly name: string;
  readonly listeners: Set<(message: unknown) => void>;
  open: boolean;
}

interface TabState {
  frozen: boolean;
  closed: boolean;
  /** Deliveries and posts held while frozen, run on thaw. */
  readonly held: (() => void)[];
  readonly handle: FakeTab;
}

interface LockRequest {
  readonly tab: TabState;
  readonly task: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  granted: boolean;
  /** Set when stolen: the task's settling no longer releases the lock. */
  stolen: boolean;
}

const abortError = (message: string) => new DOMException(message, "AbortError");

/** Creates a {@link FakeTabHub}: one origin in one browser profile. */
export function createFakeTabHub(): FakeTabHub {
  const channels = new Set<OpenChannel>();
  const posted: unknown[] = [];
  const holders = new Map<string, LockRequest>();
  const queues = new Map<string, LockRequest[]>();

  function deliver(from: OpenChannel, message: unknown): void {
    const clone = structuredClone(message);
    posted.push(clone);
    for (const target of channels) {
      if (target === from || target.name !== from.name) continue;
      queueMicrotask(() => {
        const run = () => {
          if (!target.open) return;
          for (const listener of [...target.listeners]) listener(structuredClone(clone));
        };
        if (target.tab.frozen) target.tab.held.push(run);
        else run();
      });
    }
  }

  function grantNext(name: string): void {
    if (holders.has(name)) return;
    const queue = queues.get(name) ?? [];
    const next = queue.shift();
    if (!next) return;
    holders.set(name, next);
    next.granted = true;
    queueMicrotask(() => run(name, next));
  }

  function run(name: string, request: LockRequest): void {
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(request.task());
    } catch (thrown) {
      result = Promise.reject(thrown);
    }
    result.then(
      (value) => finish(name, request, () => request.resolve(value)),
      (reason) => finish(name, request, () => request.reject(reason)),
    );
  }

  function finish(name: string, request: LockRequest, settle: () => void): void {
    if (request.stolen) return; // its request already rejected; the lock is someone else's
    if (holders.get(name) === request) holders.delete(name);
    settle();
    grantNext(name);
  }

  function locksFor(tab: TabState): TabLocks {
    return {
      request<T>(
        name: string,
        options: { readonly signal?: AbortSignal; readonly steal?: boolean },
        task: () => Promise<T>,
      ): Promise<T> {
        const { signal, steal } = options;
        if (steal && signal) return Promise.reject(new DOMException("steal and signal", "NotSupportedError"));
        if (signal?.aborted) return Promise.reject(abortError("The request was aborted."));
        if (tab.closed) return new Promise<T>(() => {});
        return new Promise<T>((resolve, reject) => {
          const request: LockRequest = {
            tab,
            task,
            resolve: resolve as (value: unknown) => void,
            reject,
            granted: false,
            stolen: false,
          };
          if (steal) {
            const holder = holders.get(name);
            if (holder) {
              holder.stolen = true;
              holder.reject(abortError("The lock was stolen."));
              holders.delete(name);
            }
            holders.set(name, request);
            request.granted = true;
            queueMicrotask(() => run(name, request));
            return;
          }
          const queue = queues.get(name) ?? [];
          queues.set(name, queue);
          queue.push(request);
          signal?.addEventListener("abort", () => {
            if (request.granted) return;
            const index = queue.indexOf(request);
            if (index >= 0) queue.splice(index, 1);
            reject(abortError("The request was aborted."));
          });
          grantNext(name);
        });
      },
    };
  }

  return {
    posted,
    holders() {
      return [...holders.values()].map((request) => request.tab.handle);
    },
    openTab() {
      const tab: TabState = {
        frozen: false,
        closed: false,
        held: [],
        handle: undefined as unknown as FakeTab,
      };
      const handle: FakeTab = {
        platform: {
          openChannel(name): TabChannel {
            const channel: OpenChannel = { tab, name, listeners: new Set(), open: !tab.closed };
            channels.add(channel);
            return {
              postMessage(message) {
                if (!channel.open) throw new DOMException("The channel is closed.", "InvalidStateError");
                if (tab.frozen) tab.held.push(() => deliver(channel, message));
                else deliver(channel, message);
              },
              listen(onMessage) {
                channel.listeners.add(onMessage);
                return () => channel.listeners.delete(onMessage);
              },
              close() {
                channel.open = false;
                channels.delete(channel);
              },
            };
          },
          locks: locksFor(tab),
        },
        freeze() {
          tab.frozen = true;
        },
        thaw() {
          tab.frozen = false;
          for (const run of tab.held.splice(0)) run();
        },
        close() {
          tab.closed = true;
          tab.held.length = 0;
          for (const channel of [...channels]) {
            if (channel.tab !== tab) continue;
            channel.open = false;
            channels.delete(channel);
          }
          for (const [name, queue] of queues) {
            queues.set(
              name,
              queue.filter((request) => request.tab !== tab),
            );
          }
          for (const [name, holder] of [...holders]) {
            if (holder.tab !== tab) continue;
            holder.stolen = true; // its task's end no longer matters
            holders.delete(name);
            grantNext(name);
          }
        },
        get frozen() {
          return tab.frozen;
        },
        get closed() {
          return tab.closed;
        },
      };
      (tab as { handle: FakeTab }).handle = handle;
      return handle;
    },
  };
}
