import type { Timers } from "../timing";
import { decodeTabMessage, encodeTabMessage, type TabAnswer } from "./tab-answer";
import type { TabPlatform } from "./tab-platform";

/** Options of a token source's `shareAcrossTabs`. */
export interface TabSharingOptions {
  /**
   * What the tabs share: one provider account or project (a Clerk publishable key, a Firebase
   * project id, an auth server's URL). Tabs share only with tabs of the same origin, provider and key.
   */
  readonly key: string;
  /**
   * How long a tab waits for the tab whose turn it is before taking the turn itself (default
   * 10 000 ms): a tab that froze or hung mid-call never blocks the others for longer.
   */
  readonly handoverMs?: number;
}

/**
 * Keeps the tabs of one origin to one provider call at a time and tells each the others' answers.
 * Created by the engine when `shareAcrossTabs` is set and its environment has a {@link TabPlatform}.
 */
export interface TabCoordinator {
  /**
   * Runs `ask` (one provider call, which must not reject) when this tab's turn comes, holding the
   * turn until a short grace after it settles so the answer reaches the waiting tabs first. Gives up
   * waiting when `signal` aborts (another tab's answer served this one), and takes the turn after
   * `handoverMs` from a holder that does not let go. `firstLoad`: first ask the other tabs for the
   * token they hold, and wait {@link ASK_WAIT_MS} for a reply. Never rejects.
   */
  takeTurn(signal: AbortSignal, ask: () => Promise<void>, firstLoad?: boolean): Promise<void>;
  /** Tells the other tabs what this tab's provider call came to (or, in reply to an ask, what it holds). */
  announce(answer: TabAnswer): void;
  /**
   * Calls `onAnswer` with each well-formed answer from another tab, and `onAsk` when a new tab asks
   * for the token this tab holds; returns the stop function.
   */
  listen(onAnswer: (answer: TabAnswer) => void, onAsk: () => void): () => void;
  /** Closes the channel: nothing is sent or received afterwards. */
  close(): void;
}

/** After an answer, the turn is held this long so the answer is delivered before the next tab's turn. */
export const ANSWER_GRACE_MS = 50;

/** How long a new tab waits for the others' reply to its ask before it takes its turn. */
export const ASK_WAIT_MS = 50;

/** Options of {@link createTabCoordinator}. */
export interface TabCoordinatorOptions {
  readonly platform: TabPlatform;
  /** The channel and lock name: one per origin, provider and key. */
  readonly name: string;
  readonly handoverMs: number;
  readonly timers: Timers;
}

/** Creates a {@link TabCoordinator} on a tab platform. */
export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const { platform, name, handoverMs, timers } = options;
  const channel = platform.openChannel(name);
  const locks = platform.locks;
  let closed = false;

  /** Pauses that end early on close (or when `signal` aborts), so a disposed tab leaves no timer and holds no lock. */
  const pauses = new Set<() => void>();
  const pause = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const end = () => {
        pauses.delete(end);
        timers.clearTimeout(handle);
        signal?.removeEventListener("abort", end);
        resolve();
      };
      const handle = timers.setTimeout(end, ms);
      pauses.add(end);
      signal?.addEventListener("abort", end);
    });

  /** The task run while holding the turn: skip if served meanwhile, else ask, then hold a grace. */
  const turn =
    (signal: AbortSignal, ask: () => Promise<void>, started: { value: boolean; onStart(): void }) => async () => {
      if (signal.aborted || closed) return;
      started.value = true;
      started.onStart();
      await untilAborted(ask(), signal);
      if (!closed) await pause(ANSWER_GRACE_MS);
    };

  return {
    async takeTurn(signal, ask, firstLoad = false) {
      if (firstLoad && !closed) {
        channel.postMessage(encodeTabMessage({ kind: "ask" }));
        await pause(ASK_WAIT_MS, signal);
        if (signal.aborted) return;
      }
      if (!locks) return ask();
      const waiting = new AbortController();
      const stopWaiting = () => waiting.abort();
      signal.addEventListener("abort", stopWaiting);
      const handover = timers.setTimeout(stopWaiting, handoverMs);
      // Once this tab holds the turn, the handover timer has nothing left to do.
      const started = { value: false, onStart: () => timers.clearTimeout(handover) };
      try {
        await locks.request(name, { signal: waiting.signal }, turn(signal, ask, started));
        return;
      } catch {
        // Stopped waiting (served by another tab's answer, or the holder kept the turn too long),
        // or the turn was taken from this tab while it asked: its answer still lands.
      } finally {
        timers.clearTimeout(handover);
        signal.removeEventListener("abort", stopWaiting);
      }
      if (started.value || signal.aborted || closed) return;
      await locks.request(name, { steal: true }, turn(signal, ask, started)).catch(() => undefined);
    },
    announce(answer) {
      if (!closed) channel.postMessage(encodeTabMessage(answer));
    },
    listen(onAnswer, onAsk) {
      return channel.listen((message) => {
        const decoded = closed ? null : decodeTabMessage(message);
        if (decoded?.kind === "ask") onAsk();
        else if (decoded) onAnswer(decoded);
      });
    },
    close() {
      closed = true;
      channel.close();
      for (const end of [...pauses]) end();
    },
  };
}

/** Resolves when `work` settles or `signal` aborts, whichever is first. */
function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done);
    work.then(done, done);
  });
}
