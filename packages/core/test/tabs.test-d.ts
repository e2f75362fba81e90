/** The browser's own BroadcastChannel and Web Locks (lib.dom) fit what browserTabs reads. */
import type { TabGlobals } from "@jazz-auth/core";
import { expectTypeOf, it } from "vitest";

it("lib.dom's BroadcastChannel and navigator.locks fit TabGlobals", () => {
  expectTypeOf<{ BroadcastChannel: typeof BroadcastChannel; navigator: Navigator }>().toExtend<TabGlobals>();
});
