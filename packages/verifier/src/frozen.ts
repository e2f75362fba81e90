/**
 * Freezes a JSON value and everything in it, and returns it: a verified token's payload, header
 * and claims are shared by every caller the verified-token cache answers, so none may change them
 * for the others. Members are walked with `for…in` (no array of values per object) and only objects
 * are descended into: this runs on every verification.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const name in value) {
      const member = (value as Record<string, unknown>)[name];
      if (typeof member === "object" && member !== null) deepFreeze(member);
    }
  }
  return value;
}
