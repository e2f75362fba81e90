const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses bytes as a UTF-8 JSON object, refusing invalid UTF-8, any other JSON type, and objects
 * with duplicate member names (RFC 7515 §4 lets a parser take either value; Jazz's parser rejects
 * them, so two parsers could see two different `sub`s). Returns `null` when refused.
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  // JSON.parse keeps one member per repeated name, so the text names more members than the value has.
  if (memberNamesIn(text) !== membersOf(value)) return null;
  return value as Record<string, unknown>;
}

/** The index of the quote that closes the string opened at `open` (the text is valid JSON). */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** JSON's insignificant white space: space, tab, line feed, carriage return. */
const isJsonSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * How many member names this (already valid) JSON text has: the strings followed by `:`. Strings
 * are skipped with `indexOf`, so the count costs little more than finding the quotes.
 */
export function memberNamesIn(text: string): number {
  let names = 0;
  for (let open = text.indexOf('"'); open !== -1; ) {
    let next = closingQuote(text, open) + 1;
    while (isJsonSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 58 /* : */) names++;
    open = text.indexOf('"', next);
  }
  return names;
}

/**
 * How many members the objects in a parsed JSON value have, nested ones included. (`for…in` also
 * counts an enumerable member added to `Object.prototype`, which can only make the counts differ,
 * and so refuse: it fails closed.)
 */
export function membersOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += membersOf(item);
    return count;
  }
  for (const name in value) count += 1 + membersOf((value as Record<string, unknown>)[name]);
  return count;
}

/** Past this many members an object's names move from a list to a set (linear time for any size). */
const LIST_LIMIT = 16;

/** The member names seen in one object: a short list, or a set once it is long. */
type Names = string[] | Set<string>;

/** Adds `name`; false when the object already has it. */
function addName(names: Names, name: string): Names | null {
  if (Array.isArray(names)) {
    if (names.includes(name)) return null;
    names.push(name);
    return names.length > LIST_LIMIT ? new Set(names) : names;
  }
  if (names.has(name)) return null;
  names.add(name);
  return names;
}

/**
 * True when any object in this (already valid) JSON text repeats a member name. One pass: strings
 * are skipped with `indexOf`, names compared after unescaping. (The verifier counts instead, with
 * {@link memberNamesIn} and {@link membersOf}; this says which object, for tests and tools.)
 */
export function hasDuplicateMembers(text: string): boolean {
  const scopes: (Names | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 34 /* " */) {
      const end = closingQuote(text, i);
      const scope = scopes[scopes.length - 1];
      if (expectKey && scope) {
        const raw = text.slice(i + 1, end);
        const names = addName(scope, raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw);
        if (!names) return true;
        scopes[scopes.length - 1] = names;
      }
      expectKey = false;
      i = end;
    } else if (char === 123 /* { */) {
      scopes.push([]);
      expectKey = true;
    } else if (char === 91 /* [ */) {
      scopes.push(null);
    } else if (char === 125 /* } */ || char === 93 /* ] */) {
      scopes.pop();
    } else if (char === 44 /* , */) {
      expectKey = scopes.length > 0 && scopes[scopes.length - 1] !== null;
    }
  }
  return false;
}
