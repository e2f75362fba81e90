import { VerificationError } from "./errors";
import type { VerifierEvent } from "./telemetry";

/**
 * Runs `work` and gives its answer as a promise: an answer given at once is settled at once (no
 * turn of the microtask queue on the way), and a refusal, thrown at once or later, goes through
 * `report`, which tells of it and throws it on.
 */
export function settle<T>(work: () => T | Promise<T>, report: (error: unknown) => never): Promise<T> {
  let answered: T | Promise<T>;
  try {
    answered = work();
  } catch (error) {
    return Promise.reject(error).catch(report);
  }
  return answered instanceof Promise ? answered.catch(report) : Promise.resolve(answered);
}

/**
 * Tells `emit` (when there is a listener) of a refusal with its code and the issuer it was routed
 * to, never its message or the token, then throws the error on. Anything else is thrown on as it is.
 */
export function reportRefusal(
  emit: ((event: VerifierEvent) => void) | null,
  error: unknown,
  issuer: string | null,
): never {
  if (emit && error instanceof VerificationError) emit({ type: "verification-refused", issuer, code: error.code });
  throw error;
}
