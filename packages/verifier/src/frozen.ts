/**
 * Freezes a JSON value and everything in it, and returns it: a verified token's payload, header
 * and claims are shared by every caller the verified-token cache answers, so none may change them
 * for the others.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
