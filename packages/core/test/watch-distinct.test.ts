import { watchDistinct } from "@jazz-auth/core";
import { describe, expect, it } from "vitest";

describe("watchDistinct", () => {
  it("tells about changes of the key only, not about the first emission", () => {
    let emit: (value: string | null) => void = () => {};
    let unsubscribed = false;
    const watch = watchDistinct<string | null>(
      (listener) => {
        emit = listener;
        listener("user-1");
        return () => {
          unsubscribed = true;
        };
      },
      (value) => value ?? "",
    );
    let changes = 0;
    const stop = watch(() => changes++);
    emit("user-1");
    expect(changes).toBe(0);
    emit("user-2");
    emit(null);
    expect(changes).toBe(2);
    stop();
    expect(unsubscribed).toBe(true);
  });
});

describe("watchDistinct with an initial key", () => {
  const watchFrom = (initialKey: string) => {
    let emit: (value: string | null) => void = () => {};
    const watch = watchDistinct<string | null>(
      (listener) => {
        emit = listener;
        return () => {};
      },
      (value) => value ?? "",
      initialKey,
    );
    let changes = 0;
    watch(() => changes++);
    return { emit: (value: string | null) => emit(value), changes: () => changes };
  };

  it("tells about a first emission that differs from the initial key", () => {
    const signedOut = watchFrom("user-1");
    signedOut.emit(null);
    expect(signedOut.changes()).toBe(1);
    const signedIn = watchFrom("");
    signedIn.emit("user-2");
    expect(signedIn.changes()).toBe(1);
  });

  it("is quiet for a first emission that agrees with it", () => {
    const same = watchFrom("user-1");
    same.emit("user-1");
    expect(same.changes()).toBe(0);
    same.emit("user-2");
    expect(same.changes()).toBe(1);
  });
});
