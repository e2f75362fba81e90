/**
 * Checks one numeric option: a finite number of at least `min` (an integer where asked). Misuse is
 * a `TypeError` at construction, never a refresh loop later: `NaN` would make every comparison
 * false, `Infinity` a timer that fires at once, a negative leeway a refresh after expiry.
 */
export function checkedNumber(
  name: string,
  value: number | undefined,
  fallback: number,
  rule: { readonly min: number; readonly integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const ok = typeof value === "number" && Number.isFinite(value) && value >= rule.min;
  if (!ok || (rule.integer && !Number.isInteger(value))) {
    const kind = rule.integer ? "an integer" : "a finite number";
    throw new TypeError(`[jazz-auth] ${name} must be ${kind} of at least ${rule.min}; got ${String(value)}.`);
  }
  return value;
}
