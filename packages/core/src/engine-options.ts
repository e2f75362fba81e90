/**
 * Checks one numeric option: a finite number of at least `min` (an integer where asked). Misuse is
 * a `TypeError` at construction, never a refresh loop later: `NaN` would make every comparison
 * false, `Infinity` or a delay above 2^31 − 1 ms a timer that fires at once, a negative leeway a
 * refresh after expiry.
 */
export function checkedNumber(
  name: string,
  value: number | undefined,
  fallback: number,
  rule: { readonly min: number; readonly max?: number; readonly integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const max = rule.max ?? Number.MAX_VALUE;
  const ok = typeof value === "number" && Number.isFinite(value) && value >= rule.min && value <= max;
  if (!ok || (rule.integer && !Number.isInteger(value))) {
    const kind = rule.integer ? "an integer" : "a finite number";
    const range = rule.max === undefined ? `of at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    throw new TypeError(`[jazz-auth] ${name} must be ${kind} ${range}; got ${String(value)}.`);
  }
  return value;
}
