import type { AuthEnvironment, LifecycleEvent, TabPlatform } from "@jazz-auth/core";

/** An {@link AuthEnvironment} the test drives by hand. */
export interface FakeEnvironment extends AuthEnvironment {
  /** Sends a lifecycle event to every subscriber; `online`/`offline` also set `isOnline()`. */
  emit(event: LifecycleEvent): void;
  /** Hands a token obtained elsewhere (another tab, a server render) to every token subscriber. */
  emitToken(token: string): void;
  /** How many subscribers there are now (lifecycle and tokens together). */
  readonly listeners: number;
}

/** Options of {@link createFakeEnvironment}. */
export interface FakeEnvironmentOptions {
  /** The tab this environment is in (`createFakeTabHub().openTab().platform`); none by default. */
  readonly tabs?: TabPlatform;
}

/** Creates a {@link FakeEnvironment}, online at the start. */
export function createFakeEnvironment(options: FakeEnvironmentOptions = {}): FakeEnvironment {
  const subscribers = new Set<(event: LifecycleEvent) => void>();
  const tokenSubscribers = new Set<(token: string) => void>();
  let online = true;
  const add = <T>(set: Set<T>, item: T) => {
    set.add(item);
    return () => {
      set.delete(item);
    };
  };
  return {
    tabs: options.tabs ?? null,
    isOnline: () => online,
    subscribe: (onEvent) => add(subscribers, (event: LifecycleEvent) => onEvent(event)),
    subscribeTokens: (onToken) => add(tokenSubscribers, (token: string) => onToken(token)),
    emit(event) {
      if (event === "online" || event === "offline") online = event === "online";
      for (const subscriber of [...subscribers]) subscriber(event);
    },
    emitToken(token) {
      for (const subscriber of [...tokenSubscribers]) subscriber(token);
    },
    get listeners() {
      return subscribers.size + tokenSubscribers.size;
    },
  };
}
