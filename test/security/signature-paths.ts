/**
 * Runs the security suite on one signature path: node:crypto (the default on Node) or WebCrypto
 * (what edge runtimes and browsers take). The path is chosen the way a runtime chooses it: by
 * what `process.getBuiltinModule("node:crypto")` answers when a verifier or a bridge is created.
 * Each path counts the signature checks it made, so a runner can prove which path ran.
 */
import { vi } from "vitest";

/** Signature checks made on each path since {@link takeSignaturePath}. */
export interface PathCounts {
  /** node:crypto checks, in either form. */
  nodeVerify: number;
  /** Of those, the checks made with a callback (on libuv's thread pool). */
  nodeVerifyOnPool: number;
  subtleVerify: number;
}

/**
 * Makes every verifier and bridge created from now on in this test file take `path`: for
 * `"webcrypto"`, `node:crypto` is absent (as on an edge runtime); for `"node:crypto"`, it is the
 * real module with its `verify` counted. WebCrypto's `verify` is counted on both.
 */
export function takeSignaturePath(path: "node:crypto" | "webcrypto"): PathCounts {
  const counts: PathCounts = { nodeVerify: 0, nodeVerifyOnPool: 0, subtleVerify: 0 };
  const builtin = process.getBuiltinModule.bind(process) as (id: string) => unknown;
  const real = builtin("node:crypto") as typeof import("node:crypto");
  const counted = {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      counts.nodeVerify++;
      if (typeof args[4] === "function") counts.nodeVerifyOnPool++;
      return (real.verify as (...rest: unknown[]) => unknown)(...args);
    },
  };
  vi.spyOn(process, "getBuiltinModule").mockImplementation(((id: string) => {
    if (id === "node:crypto" || id === "crypto") return path === "webcrypto" ? undefined : counted;
    return builtin(id);
  }) as typeof process.getBuiltinModule);
  const subtle = globalThis.crypto.subtle;
  const subtleVerify = subtle.verify.bind(subtle);
  vi.spyOn(subtle, "verify").mockImplementation((...args: Parameters<SubtleCrypto["verify"]>) => {
    counts.subtleVerify++;
    return subtleVerify(...args);
  });
  return counts;
}
