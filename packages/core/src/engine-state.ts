import type { LifecycleEvent } from "./environment";
import type { JazzAuthError } from "./errors";
import type { TabAnswer } from "./tabs/tab-answer";

/**
 * What the engine knows of the provider's session. `loading` keeps the last known principal while a
 * reported change is being confirmed (so a spurious change signal does not look like a new user),
 * but never its token, and only until `confirmBy` (local clock): when the confirmation fails or
 * does not come in time, the principal becomes `null`.
 */
export type SessionState =
  | { readonly kind: "loading"; readonly principal: string | null; readonly confirmBy?: number }
  | { readonly kind: "signed-out" }
  | { readonly kind: "signed-in"; readonly principal: string };

/** One provider call. */
export interface Flight {
  readonly id: number;
  readonly forced: boolean;
  readonly controller: AbortController;
  /** When the call was made, on the local clock. */
  readonly sentAt: number;
  /** Failed calls before this one, for the next backoff. */
  readonly failures: number;
  /** The token held when the call was made (a forced call must bring another). */
  readonly heldToken: string | null;
  /** The engine had no answer yet when the call was made (a tab that just opened). */
  readonly firstLoad: boolean;
  /** The call reached the provider (with tabs sharing, only once this tab's turn came). */
  asked?: boolean;
  timeout?: unknown;
}

/** Where the engine's provider calls stand. */
export type FetchState =
  | { readonly kind: "idle" }
  | { readonly kind: "in-flight"; readonly flight: Flight }
  | { readonly kind: "backing-off"; readonly failures: number; readonly retryAt: number }
  /** A non-retryable failure: background refresh waits for a session change or a caller. */
  | { readonly kind: "halted" };

/** The named events that change {@link SessionState} and {@link FetchState}. */
export type EngineEvent =
  | { readonly type: "provider-answered"; readonly flight: Flight; readonly token: string | null }
  | { readonly type: "provider-failed"; readonly flight: Flight; readonly error: JazzAuthError }
  | { readonly type: "provider-timed-out"; readonly flight: Flight }
  | { readonly type: "session-changed" }
  | { readonly type: "lifecycle"; readonly event: LifecycleEvent }
  | { readonly type: "subscriber-joined" }
  | { readonly type: "subscriber-left" }
  /** A token obtained outside this engine (another tab, a server render). */
  | { readonly type: "token-adopted"; readonly token: string }
  /** What another tab's provider call came to (see `shareAcrossTabs`). */
  | { readonly type: "tab-answered"; readonly answer: TabAnswer }
  /** A tab that just opened asks for the token this one holds. */
  | { readonly type: "tab-asked" }
  | { readonly type: "disposed" };

/** The principal a session state shows. */
export function principalOf(session: SessionState): string | null {
  return session.kind === "signed-out" ? null : session.principal;
}
