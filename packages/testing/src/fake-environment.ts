import type { AuthEnvironment, LifecycleEvent } from "@jazz-auth/core";

/** An {@link AuthEnvironment} the test drives by hand. */
export interface FakeEnvironment extends AuthEnvironment {
  /** Sends a lifecycle event to every subscriber; `online`/`offline` also set `isOnline()`. */
  emit(event: LifecycleEvent): void;
  /** How many subscribers there are now. */
  readonly listeners: number;
}

/** Creates a {@link FakeEnvironment}, online at the start. */
export function createFakeEnvironment(): FakeEnvironment {
  const subscribers = new Set<(event: LifecycleEvent) => void>();
  let online = true;
  return {
    isOnline: () => online,
    subscribe(onEvent) {
      const subscriber = (event: LifecycleEvent) => onEvent(event);
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    emit(event) {
      if (event === "online" || event === "offline") online = event === "online";
      for (const subscriber of [...subscribers]) subscriber(event);
    },
    get listeners() {
      return subscribers.size;
    },
  };
}
