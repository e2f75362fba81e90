import { type JazzAuthErrorCode, RETRYABLE_BY_CODE } from "../errors";

/**
 * What one tab's provider call came to, told to the other tabs. `sentAt` is when that call was
 * made, on the wall clock every tab of a machine shares; `forced` whether it asked the provider to
 * mint. A failure carries its code only, never the provider's message.
 */
export type TabAnswer =
  | {
      readonly kind: "token";
      readonly token: string;
      readonly sentAt: number;
      readonly forced: boolean;
      /** Sent in reply to a new tab's {@link TabAsk}: the replying tab's current token, not a new answer. */
      readonly reply?: boolean;
    }
  | { readonly kind: "signed-out"; readonly sentAt: number; readonly forced: boolean }
  | {
      readonly kind: "failed";
      readonly code: JazzAuthErrorCode;
      readonly retryable: boolean;
      readonly sentAt: number;
      readonly forced: boolean;
    };

/** The wire format's version tag: a tab of another version ignores the message. */
export const TAB_PROTOCOL = "jazz-auth/tabs/1";

/** Tokens longer than this are not JWTs any provider issues; such a message is dropped. */
const MAX_TOKEN_LENGTH = 16_384;

/** A new tab asking the others for the token they hold, before it calls the provider itself. */
export type TabAsk = { readonly kind: "ask" };

/** The message a tab posts for an answer or an ask. */
export function encodeTabMessage(message: TabAnswer | TabAsk): unknown {
  return message.kind === "ask" ? { protocol: TAB_PROTOCOL, ask: true } : { protocol: TAB_PROTOCOL, answer: message };
}

/**
 * Reads a message from another tab; `null` for anything that is not a well-formed message of this
 * protocol (another version, another library on the same channel name, a malformed field).
 */
export function decodeTabMessage(message: unknown): TabAnswer | TabAsk | null {
  if (!isRecord(message) || message.protocol !== TAB_PROTOCOL) return null;
  if (message.ask === true) return { kind: "ask" };
  if (!isRecord(message.answer)) return null;
  const { kind, sentAt, forced } = message.answer;
  if (typeof sentAt !== "number" || !Number.isFinite(sentAt) || typeof forced !== "boolean") return null;
  switch (kind) {
    case "token": {
      const { token } = message.answer;
      if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
      return message.answer.reply === true
        ? { kind, token, sentAt, forced, reply: true }
        : { kind, token, sentAt, forced };
    }
    case "signed-out":
      return { kind, sentAt, forced };
    case "failed": {
      const { code } = message.answer;
      if (typeof code !== "string" || !Object.hasOwn(RETRYABLE_BY_CODE, code)) return null;
      const known = code as JazzAuthErrorCode;
      return { kind, code: known, retryable: RETRYABLE_BY_CODE[known], sentAt, forced };
    }
    default:
      return null;
  }
}

/** How far before this tab's own call another tab's answer may start and still serve it. */
export const SHARE_WINDOW_MS = 2_000;

/** What this tab's call under way looks like, for {@link answersFlight}. */
export interface WaitingCall {
  /** When the call was requested (local wall clock). */
  readonly sentAt: number;
  /** It must bring a newly minted token. */
  readonly forced: boolean;
  /** It reached the provider already (this tab's turn came). */
  readonly asked: boolean;
  /** The token this tab held when the call was requested, which a forced call must replace. */
  readonly heldToken: string | null;
  /** When this tab last learned of a session change (sign-in, sign-out, switch). */
  readonly sessionChangedAt: number;
  /** This tab has had no answer yet (it just opened): another tab's current token serves it. */
  readonly firstLoad: boolean;
}

/**
 * Whether another tab's answer can stand in for this tab's call under way. It can when it started
 * after this tab last saw the session change, comes from a forced call when this one is forced (and
 * is not the very token it must replace),
 * and either started no earlier than this call (it saw the provider later than this tab asked) or
 * started at most {@link SHARE_WINDOW_MS} before it while this tab was still waiting for its turn
 * (several tabs needing a token at once: the first one's answer serves them all). A reply to an
 * ask serves only an unforced call of a tab that has had no answer yet.
 */
export function answersFlight(answer: TabAnswer, call: WaitingCall): boolean {
  if (answer.kind === "token" && answer.reply) return call.firstLoad && !call.forced;
  // At or before: a call made in the same millisecond as the change cannot be told to have seen it.
  if (answer.sentAt <= call.sessionChangedAt) return false;
  // A forced call needs a minted token: an unforced answer may be an SDK-cached one, older than ours.
  if (call.forced && answer.kind === "token" && (!answer.forced || answer.token === call.heldToken)) return false;
  if (answer.sentAt >= call.sentAt) return true;
  return !call.asked && call.sentAt - answer.sentAt <= SHARE_WINDOW_MS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
