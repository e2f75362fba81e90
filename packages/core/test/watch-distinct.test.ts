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
