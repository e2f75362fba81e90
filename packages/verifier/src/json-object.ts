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
  if (typeof value !== "object" || value === null || Array.isArray(value) || hasDuplicateMembers(text)) return null;
  return value as Record<string, unknown>;
}

/** True when any object in this (already valid) JSON text repeats a member name. */
export function hasDuplicateMembers(text: string): boolean {
  const scopes: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const scope = scopes.at(-1);
      if (expectKey && scope) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (scope.has(name)) return true;
        scope.add(name);
      }
      expectKey = false;
      i = end;
    } else if (char === "{") {
      scopes.push(new Set());
      expectKey = true;
    } else if (char === "[") {
      scopes.push(null);
    } else if (char === "}" || char === "]") {
      scopes.pop();
    } else if (char === ",") {
      expectKey = scopes.at(-1) !== null && scopes.length > 0;
    }
  }
  return false;
}
