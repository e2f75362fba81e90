import { browserEnvironment, type LifecycleEvent } from "@jazz-auth/core";
import { describe, expect, it } from "vitest";

function fakeWindow() {
  const window = new EventTarget() as EventTarget & {
    document: EventTarget & { visibilityState: string };
    navigator: { onLine: boolean };
  };
  window.document = Object.assign(new EventTarget(), { visibilityState: "visible" });
  window.navigator = { onLine: true };
  return window;
}

describe("browserEnvironment", () => {
  it("is null where there is no window", () => {
    expect(browserEnvironment({})).toBeNull();
  });

  it("turns window and document events into lifecycle events, and unsubscribes cleanly", () => {
    const window = fakeWindow();
    const environment = browserEnvironment(window);
    const events: LifecycleEvent[] = [];
    const stop = environment?.subscribe((event) => events.push(event));
    window.dispatchEvent(new Event("offline"));
    window.dispatchEvent(new Event("online"));
    window.dispatchEvent(new Event("pageshow"));
    window.document.visibilityState = "hidden";
    window.document.dispatchEvent(new Event("visibilitychange"));
    window.document.visibilityState = "visible";
    window.document.dispatchEvent(new Event("visibilitychange"));
    expect(events).toEqual(["offline", "online", "wake", "visible"]);
    stop?.();
    window.dispatchEvent(new Event("online"));
    expect(events).toHaveLength(4);
  });

  it("reads navigator.onLine", () => {
    const window = fakeWindow();
    const environment = browserEnvironment(window);
    expect(environment?.isOnline?.()).toBe(true);
    window.navigator.onLine = false;
    expect(environment?.isOnline?.()).toBe(false);
  });
});
