/**
 * Freezes a value and everything in it, and returns it: presets (`definePreset`), and a verified
 * token's payload, header and claims, which the verifier's cache shares between callers, so none
 * may change them for the others. An object already frozen is taken as frozen throughout (as
 * everything this function freezes is), which makes a second call cheap. A `RegExp` is left as it
 * is (its `lastIndex` stays writable, so a global pattern still works).
 *
 * Children are frozen before their parent, arrays walked by index and objects with `for…in`, so the
 * walk never meets a frozen object's changed shape or an array's string keys: this runs on every
 * verification.
 *
 * @example
 * ```ts
 * const payload = deepFreeze(JSON.parse('{"sub":"user-1","claims":{"roles":["admin"]}}'));
 * Object.isFrozen(payload.claims.roles); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value) || value instanceof RegExp) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) deepFreeze(item);
    }
  } else {
    for (const name in value) {
      const member = (value as Record<string, unknown>)[name];
      if (typeof member === "object" && member !== null) deepFreeze(member);
    }
  }
  return Object.freeze(value);
}
