import type { JazzAuthFailureReason } from "./connect-jazz";
import type { JazzAuthErrorCode } from "./errors";

/**
 * What a token source did, for telemetry (`createTokenSource({ onEvent })`). An event never carries
 * a token, a principal or a provider's message: only what happened, how long it took and a code.
 * Durations are on the local wall clock, in ms.
 */
export type TokenSourceEvent =
  /** A provider call is wanted (with tabs sharing, it may first wait for its turn). */
  | { readonly type: "refresh-started"; readonly provider: string; readonly forced: boolean }
  /** It ended with a token or "signed out", from this tab's provider call or another tab's answer. */
  | {
      readonly type: "refresh-finished";
      readonly provider: string;
      readonly forced: boolean;
      readonly durationMs: number;
      readonly signedIn: boolean;
      readonly servedBy: "provider" | "another-tab";
    }
  /** It failed (the provider's error, a timeout, a token Jazz cannot use) or another tab's failed. */
  | {
      readonly type: "refresh-failed";
      readonly provider: string;
      readonly forced: boolean;
      readonly durationMs: number;
      readonly code: JazzAuthErrorCode;
      readonly retryable: boolean;
    }
  /** Tabs sharing: this tab's turn came, and it calls the provider for every tab. */
  | { readonly type: "tab-turn"; readonly provider: string; readonly waitedMs: number }
  /** A sign-in, sign-out or user switch. */
  | { readonly type: "principal-changed"; readonly provider: string; readonly signedIn: boolean };

/** Why `connectJazz` handed a token to the Db. */
export type HandOffCause = "creation" | JazzAuthFailureReason | "online" | "wake" | "visible" | "offline";

/** What `connectJazz` did (`connectJazz(source, db, { onEvent })`); never a token or a principal. */
export type JazzHandOffEvent =
  | { readonly type: "handed-off"; readonly provider: string; readonly cause: HandOffCause }
  | { readonly type: "jazz-refused"; readonly provider: string; readonly reason: JazzAuthFailureReason };

/**
 * Wraps an `onEvent` listener so that one that throws never breaks the caller: its error is rethrown
 * apart, in a microtask. `null` without a listener, so callers write `emit?.({ … })` and build no
 * event nobody listens to. Core and the verifier share it.
 */
export function eventSink<E>(onEvent: ((event: E) => void) | undefined): ((event: E) => void) | null {
  if (!onEvent) return null;
  return (event) => {
    try {
      onEvent(event);
    } catch (thrown) {
      queueMicrotask(() => {
        throw thrown;
      });
    }
  };
}
