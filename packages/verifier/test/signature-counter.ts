/** Counts node:crypto signature checks made by verifiers created after {@link countSignatureChecks}. */
import { vi } from "vitest";

/**
 * Makes `process.getBuiltinModule("node:crypto")` answer the real module with `verify` counted,
 * for every verifier created from now on (restore with `vi.restoreAllMocks()`), and returns the count.
 */
export function countSignatureChecks(): { readonly count: number } {
  const counter = { count: 0 };
  const builtin = process.getBuiltinModule.bind(process) as (id: string) => unknown;
  const real = builtin("node:crypto") as typeof import("node:crypto");
  const counted = {
    ...real,
    verify: (...args: unknown[]) => {
      counter.count++;
      return (real.verify as (...rest: unknown[]) => unknown)(...args);
    },
  };
  vi.spyOn(process, "getBuiltinModule").mockImplementation(((id: string) =>
    id === "node:crypto" ? counted : builtin(id)) as typeof process.getBuiltinModule);
  return counter;
}
