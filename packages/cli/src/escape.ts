/**
 * Escaping for anything the CLI prints that came from a token (kid, alg, claim names and values,
 * `sub`, verdict messages that quote them): a token is attacker-chosen text, and a terminal acts on
 * control characters (C0, DEL, C1 such as U+009B CSI, so ESC sequences), while bidi overrides
 * (U+202A-U+202E, U+2066-U+2069) and other invisible format characters (U+200B, U+FEFF, tags…)
 * make the printed text read differently from what it is.
 */

import { INVISIBLE_CHARACTER_CLASS } from "@jazz-auth/verifier";

/** Characters never printed as they are: controls, format characters, line/paragraph separators, lone surrogates. */
const UNSAFE = new RegExp(`[${INVISIBLE_CHARACTER_CLASS}\\\\]`, "gu");
/** Inside JSON text only what `JSON.stringify` leaves raw: everything unsafe from DEL up (C0 is already escaped). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");

/**
 * `text` with every unsafe character written as a visible escape (`\x1b`, `\u202e`, `\u{e0001}`)
 * and `\` doubled, so an escape in the output always means an escaped character.
 *
 * @example
 * ```ts
 * escapeForTerminal("user\u001b[2J\u202e"); // "user\\x1b[2J\\u202e"
 * ```
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === "\\") return "\\\\";
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) return `\\x${hex(code, 2)}`;
    if (code <= 0xffff) return `\\u${hex(code, 4)}`;
    return `\\u{${hex(code, 1)}}`;
  });
}

/**
 * JSON text (from `JSON.stringify`) with the characters it leaves raw inside strings written as
 * `\uXXXX` escapes: the same JSON value, safe to print.
 *
 * @example
 * ```ts
 * JSON.parse(escapeJsonForTerminal(JSON.stringify({ sub: "a\u202e" }))).sub === "a\u202e"; // true
 * ```
 */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) =>
    Array.from({ length: char.length }, (_, index) => `\\u${hex(char.charCodeAt(index), 4)}`).join(""),
  );
}
