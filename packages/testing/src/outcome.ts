/**
 * `"accepted"` when the promise resolves, otherwise the rejection's `code` (a `VerificationError`'s
 * or a `JazzAuthError`'s), or `"untyped: …"` for an error without one. For tables of refusal cases.
 *
 * @example
 * ```ts
 * expect(await outcomeOf(verifier.verify(token))).toBe("ERR_EXPIRED");
 * ```
 */
export function outcomeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "accepted",
    (error: unknown) => (error as { code?: unknown } | null)?.code?.toString() ?? `untyped: ${String(error)}`,
  );
}
