/** What the simulation counts in a connection's handshakes. */
import type { Handshake } from "@jazz-auth/testing";

/** A drop of the connection: `seen` when the page got an event for it (sleep, offline), not for a server restart. */
export interface Mark {
  readonly at: number;
  readonly seen: boolean;
}

export interface HandshakeCounts {
  readonly handshakes: number;
  /** Handshakes the server refused as expired (its own code, whatever reason the tabs were given). */
  readonly expiredHandshakes: number;
  /** …of which made while reconnecting after a drop the page saw, before a handshake succeeded. */
  readonly expiredAfterSeenDrops: number;
  /** …of which made while reconnecting after a drop the page could not see. */
  readonly expiredAfterUnseenDrops: number;
  /** Runs of refused handshakes (a rejection, up to the next accepted handshake). */
  readonly rejections: number;
  /** Runs that never reached an accepted handshake before the end. */
  readonly unrecovered: number;
  /** The longest time from the first refusal of a run to the next accepted handshake, in ms (`null`: none). */
  readonly maxRecoveryMs: number | null;
}

/**
 * Attributes each expired handshake to the last drop before it when no handshake was accepted in
 * between (it was part of that drop's reconnect), and times each run of refusals to the next
 * accepted handshake.
 */
export function countHandshakes(handshakes: readonly Handshake[], marks: readonly Mark[]): HandshakeCounts {
  let expiredAfterSeenDrops = 0;
  let expiredAfterUnseenDrops = 0;
  let expiredHandshakes = 0;
  let rejections = 0;
  let runStart: number | null = null;
  let maxRecoveryMs: number | null = null;
  let lastAccepted = Number.NEGATIVE_INFINITY;
  for (const handshake of handshakes) {
    if (handshake.outcome === "accepted") {
      if (runStart !== null) maxRecoveryMs = Math.max(maxRecoveryMs ?? 0, handshake.at - runStart);
      runStart = null;
      lastAccepted = handshake.at;
      continue;
    }
    if (runStart === null) {
      runStart = handshake.at;
      rejections += 1;
    }
    if (handshake.code !== "expired") continue;
    expiredHandshakes += 1;
    const drop = marks.filter((mark) => mark.at <= handshake.startedAt).at(-1);
    if (!drop || drop.at < lastAccepted) continue;
    if (drop.seen) expiredAfterSeenDrops += 1;
    else expiredAfterUnseenDrops += 1;
  }
  return {
    handshakes: handshakes.length,
    expiredHandshakes,
    expiredAfterSeenDrops,
    expiredAfterUnseenDrops,
    rejections,
    unrecovered: runStart === null ? 0 : 1,
    maxRecoveryMs,
  };
}
