import { createTestIssuer, type TestIssuer } from "@jazz-auth/testing";
import { createVerifier, type SignatureChecks } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** node:crypto's `verify` as the verifier sees it, counting checks made on the thread and on the pool. */
function countedNodeCrypto() {
  const builtin = process.getBuiltinModule.bind(process) as (id: string) => unknown;
  const real = builtin("node:crypto") as typeof import("node:crypto");
  const counts = { thread: 0, pool: 0 };
  const counted = {
    ...real,
    verify: (...args: unknown[]) => {
      if (typeof args[4] === "function") counts.pool++;
      else counts.thread++;
      return (real.verify as (...rest: unknown[]) => unknown)(...args);
    },
  };
  const spy = vi
    .spyOn(process, "getBuiltinModule")
    .mockImplementation(((id: string) =>
      id === "node:crypto" ? counted : builtin(id)) as typeof process.getBuiltinModule);
  return { counts, restore: () => spy.mockRestore() };
}

let issuer: TestIssuer;
let tokens: string[];
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ["RS256"] });
  tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => issuer.mint({ sub: `user-${i}` })));
});
afterAll(() => issuer.close());

/** A verifier in `form`, warmed by one token (its key chosen), and node:crypto's counts from then on. */
async function verifierIn(form: SignatureChecks | undefined) {
  const node = countedNodeCrypto();
  try {
    const verifier = createVerifier({
      jwks: issuer.jwks(),
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: ["RS256"],
      tokenCache: false,
      ...(form ? { signatureChecks: form } : {}),
    });
    await verifier.verify(tokens[0] as string);
    node.counts.thread = node.counts.pool = 0;
    return { verifier, counts: node.counts };
  } finally {
    node.restore();
  }
}

const burst = (verifier: { verify(token: string): Promise<{ userId: string }> }) =>
  Promise.all(tokens.map((token) => verifier.verify(token)));

describe("signatureChecks", () => {
  it("checks one verification at a time on the thread, at once, in every form but `pool`", async () => {
    for (const form of [undefined, "auto", "thread"] as const) {
      const { verifier, counts } = await verifierIn(form);
      for (const token of tokens.slice(0, 10)) await verifier.verify(token);
      expect(counts, String(form)).toEqual({ thread: 10, pool: 0 });
    }
  });

  it("`auto` finds a burst, then places its checks as measured (the first trial starts on the pool)", async () => {
    const { verifier, counts } = await verifierIn("auto");
    // The first burst is checked at once (the probe after it finds the overlap)...
    expect((await burst(verifier)).map((result) => result.userId)).toEqual(tokens.map((_, i) => `user-${i}`));
    expect(counts).toEqual({ thread: 64, pool: 0 });
    // ...the next is counted in flight first, and its checks go where the trial says.
    expect((await burst(verifier)).map((result) => result.userId)).toEqual(tokens.map((_, i) => `user-${i}`));
    expect(counts.pool).toBeGreaterThan(0);
    expect(counts.thread + counts.pool).toBe(128);
  });

  it("`thread` never leaves the thread, `pool` always does, with the same results", async () => {
    const thread = await verifierIn("thread");
    const pool = await verifierIn("pool");
    const onThread = await burst(thread.verifier);
    const onPool = await burst(pool.verifier);
    expect(onPool).toEqual(onThread);
    expect(thread.counts).toEqual({ thread: 64, pool: 0 });
    expect(pool.counts).toEqual({ thread: 0, pool: 64 });
  });

  it("refuses an unknown form", () => {
    expect(() =>
      createVerifier({ jwks: issuer.jwks(), issuer: issuer.issuer, signatureChecks: "both" as SignatureChecks }),
    ).toThrow(/signatureChecks/);
  });
});
