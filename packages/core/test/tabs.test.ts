import { browserTabs, type TabPlatform, type TokenSource } from "@jazz-auth/core";
import {
  createConformanceHarness,
  createFakeEnvironment,
  createFakeTabHub,
  scriptedTokenSource,
} from "@jazz-auth/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  answersFlight,
  decodeTabMessage,
  encodeTabMessage,
  SHARE_WINDOW_MS,
  TAB_PROTOCOL,
} from "../src/tabs/tab-answer";

const sources: TokenSource[] = [];
afterEach(() => {
  for (const source of sources.splice(0)) source.dispose();
});

describe("tab messages", () => {
  const answer = { kind: "token", token: "a.b.c", sentAt: 5, forced: true } as const;

  it("round-trips answers and asks", () => {
    expect(decodeTabMessage(structuredClone(encodeTabMessage(answer)))).toEqual(answer);
    expect(decodeTabMessage(encodeTabMessage({ kind: "ask" }))).toEqual({ kind: "ask" });
    const failed = {
      kind: "failed",
      code: "ERR_INTERACTION_REQUIRED",
      retryable: false,
      sentAt: 1,
      forced: false,
    } as const;
    expect(decodeTabMessage(encodeTabMessage(failed))).toEqual(failed);
  });

  it.each([
    ["another protocol", { protocol: "jazz-auth/tabs/0", answer }],
    ["no protocol", { answer }],
    ["not an object", "hello"],
    ["a sentAt that is not finite", { protocol: TAB_PROTOCOL, answer: { ...answer, sentAt: Number.NaN } }],
    ["forced that is not a boolean", { protocol: TAB_PROTOCOL, answer: { ...answer, forced: "yes" } }],
    ["an empty token", { protocol: TAB_PROTOCOL, answer: { ...answer, token: "" } }],
    ["an overlong token", { protocol: TAB_PROTOCOL, answer: { ...answer, token: "x".repeat(20_000) } }],
    ["an unknown kind", { protocol: TAB_PROTOCOL, answer: { ...answer, kind: "signed-in" } }],
    [
      "an unknown code",
      { protocol: TAB_PROTOCOL, answer: { kind: "failed", code: "ERR_NOPE", sentAt: 1, forced: false } },
    ],
  ])("drops %s", (_name, message) => {
    expect(decodeTabMessage(message)).toBeNull();
  });

  it("takes a failure's retryability from its code, never from the message", () => {
    const message = {
      protocol: TAB_PROTOCOL,
      answer: { kind: "failed", code: "ERR_PROVIDER_CONFIG", retryable: true, sentAt: 1, forced: false },
    };
    expect(decodeTabMessage(message)).toMatchObject({ retryable: false });
  });
});

describe("answersFlight", () => {
  const call = { sentAt: 10_000, forced: false, asked: false, heldToken: "old", sessionChangedAt: 0, firstLoad: false };
  const token = (sentAt: number, extra: object = {}) =>
    ({ kind: "token", token: "new", sentAt, forced: true, ...extra }) as const;

  it("serves a call with an answer from a call made at or after it", () => {
    expect(answersFlight(token(10_000), { ...call, asked: true })).toBe(true);
  });
  it("serves a call still waiting its turn with an answer made just before it, not long before", () => {
    expect(answersFlight(token(10_000 - SHARE_WINDOW_MS), call)).toBe(true);
    expect(answersFlight(token(10_000 - SHARE_WINDOW_MS - 1), call)).toBe(false);
    expect(answersFlight(token(9_000), { ...call, asked: true })).toBe(false);
  });
  it("never serves a forced call with the token it must replace", () => {
    expect(answersFlight({ ...token(20_000), token: "old" }, { ...call, forced: true })).toBe(false);
  });
  it("never confirms a session change with an answer from before it", () => {
    expect(answersFlight(token(9_999), { ...call, sessionChangedAt: 10_000 })).toBe(false);
    expect(
      answersFlight({ kind: "signed-out", sentAt: 9_999, forced: true }, { ...call, sessionChangedAt: 10_000 }),
    ).toBe(false);
  });
  it("serves only a tab that just opened with a reply to its ask", () => {
    expect(answersFlight(token(1, { reply: true }), { ...call, firstLoad: true })).toBe(true);
    expect(answersFlight(token(20_000, { reply: true }), call)).toBe(false);
  });
});

describe("browserTabs", () => {
  it("is null without BroadcastChannel", () => {
    expect(browserTabs({})).toBeNull();
  });

  it("uses Web Locks when the browser has them, and works without", async () => {
    const requests: string[] = [];
    const locks = {
      request: async (name: string, _options: object, task: () => Promise<unknown>) => {
        requests.push(name);
        return task();
      },
    };
    const withLocks = browserTabs({ BroadcastChannel: globalThis.BroadcastChannel, navigator: { locks } });
    expect(await withLocks?.locks?.request("n", {}, async () => 7)).toBe(7);
    expect(requests).toEqual(["n"]);
    expect(browserTabs({ BroadcastChannel: globalThis.BroadcastChannel })?.locks).toBeNull();
  });

  it("delivers messages between channels of one name, never to the sender (Node's real BroadcastChannel)", async () => {
    const platform = browserTabs({ BroadcastChannel: globalThis.BroadcastChannel }) as TabPlatform;
    const [a, b, other] = [platform.openChannel("x"), platform.openChannel("x"), platform.openChannel("y")];
    const got: unknown[][] = [[], [], []];
    a.listen((message) => got[0]?.push(message));
    b.listen((message) => got[1]?.push(message));
    other.listen((message) => got[2]?.push(message));
    a.postMessage({ hello: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const channel of [a, b, other]) channel.close();
    expect(got).toEqual([[], [{ hello: 1 }], []]);
  });
});

describe("shareAcrossTabs in the engine", () => {
  function tabSource(hub = createFakeTabHub(), overrides: Parameters<typeof scriptedTokenSource>[1] = {}) {
    const harness = createConformanceHarness({ lifetimeSeconds: 600 });
    const environment = createFakeEnvironment({ tabs: hub.openTab().platform });
    const source = scriptedTokenSource(harness, {
      environment,
      shareAcrossTabs: { key: "k" },
      ...overrides,
    });
    sources.push(source);
    return { ...harness, hub, source };
  }

  it.each([
    ["an empty key", { shareAcrossTabs: { key: "" } }],
    ["a bad handoverMs", { shareAcrossTabs: { key: "k", handoverMs: -1 } }],
  ])("refuses %s with a TypeError", (_name, overrides) => {
    expect(() => tabSource(createFakeTabHub(), overrides)).toThrow(TypeError);
  });

  it("opens no channel and takes no lock without shareAcrossTabs", async () => {
    const { hub, source, clock } = tabSource(createFakeTabHub(), { shareAcrossTabs: false });
    source.subscribe(() => {});
    await clock.advance(20 * 60_000);
    expect(source.getSnapshot().status).toBe("signed-in");
    expect(hub.posted).toEqual([]);
  });

  it("posts nothing and takes nothing from other tabs after dispose", async () => {
    const hub = createFakeTabHub();
    const { source, clock } = tabSource(hub);
    source.subscribe(() => {});
    await clock.advance(2_000);
    const snapshot = source.getSnapshot();
    source.dispose();
    const posted = hub.posted.length;
    const other = hub.openTab().platform.openChannel("jazz-auth:scripted:k");
    other.postMessage(encodeTabMessage({ kind: "signed-out", sentAt: clock.now() + 1, forced: true }));
    other.postMessage(encodeTabMessage({ kind: "ask" }));
    await clock.advance(1_000);
    expect(source.getSnapshot()).toBe(snapshot);
    expect(hub.posted.length).toBe(posted + 2);
  });

  it("ignores an answer older than what its state rests on, and malformed messages", async () => {
    const hub = createFakeTabHub();
    const { source, clock } = tabSource(hub);
    source.subscribe(() => {});
    await clock.advance(2_000);
    const other = hub.openTab().platform.openChannel("jazz-auth:scripted:k");
    other.postMessage(encodeTabMessage({ kind: "signed-out", sentAt: clock.now() - 60_000, forced: true }));
    other.postMessage({ protocol: TAB_PROTOCOL, answer: { kind: "signed-out", sentAt: "later", forced: true } });
    other.postMessage({
      protocol: TAB_PROTOCOL,
      answer: { kind: "token", token: "not-a-jwt", sentAt: clock.now() + 5, forced: true },
    });
    await clock.advance(10);
    expect(source.getSnapshot().status).toBe("signed-in");
    other.postMessage(encodeTabMessage({ kind: "signed-out", sentAt: clock.now(), forced: true }));
    await clock.advance(10);
    expect(source.getSnapshot().status).toBe("signed-out");
  });
});
