// @vitest-environment node
/**
 * jazzLocalFirstSignUp inside a real Better Auth (memory adapter): the proven id reaches the new
 * user, the clock is the injected one, and a flood of sign-ups that never create their user leaves
 * a bounded number of pending entries (measured as entries, not heap).
 */
import { jazzLocalFirstSignUp } from "@jazz-auth/better-auth/server";
import { createFakeClock, localFirstIdentity, mintLocalFirstProof } from "@jazz-auth/testing";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { describe, expect, it } from "vitest";

const AUDIENCE = "betterauth-signup";
const START = Date.UTC(2026, 10, 29, 12);

function setup(options: { maxPendingSignUps?: number } = {}) {
  const clock = createFakeClock({ start: START });
  const plugin = jazzLocalFirstSignUp({ audience: AUDIENCE, clock, ...options });
  const auth = betterAuth({
    baseURL: "http://127.0.0.1:3000",
    secret: "a-test-secret-that-is-long-enough-for-better-auth",
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    plugins: [plugin],
    logger: { disabled: true },
  });
  const signUp = (email: string, password: string, proofToken?: string) =>
    auth.api
      .signUpEmail({ body: { email, password, name: email, ...(proofToken ? { proofToken } : {}) } as never })
      .then(
        (result) => ({ ok: true as const, userId: (result as { user: { id: string } }).user.id }),
        (error: unknown) => ({ ok: false as const, message: String((error as Error).message) }),
      );
  return { clock, plugin, signUp };
}

const seed = (n: number) => {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, n + 1);
  return bytes;
};

describe("jazzLocalFirstSignUp in Better Auth", () => {
  it("creates the user with the proven Jazz user id, checked against the injected clock", async () => {
    const { clock, signUp } = setup();
    const proof = await mintLocalFirstProof(seed(1), { audience: AUDIENCE, now: new Date(clock.now()) });
    const created = await signUp("ada@example.com", "correct-horse-battery", proof);
    expect(created).toEqual({ ok: true, userId: (await localFirstIdentity(seed(1))).userId });

    const late = await mintLocalFirstProof(seed(2), { audience: AUDIENCE, now: new Date(clock.now()) });
    clock.sleep(120_000);
    expect(await signUp("bob@example.com", "correct-horse-battery", late)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ERR_EXPIRED/),
    });
  });

  it("keeps memory flat under a flood of sign-ups with distinct e-mails, with and without valid proofs", async () => {
    const { clock, plugin, signUp } = setup({ maxPendingSignUps: 25 });
    const now = () => new Date(clock.now());
    let attempts = 0;
    for (let i = 0; i < 60; i++) {
      // A valid proof whose sign-up then fails (a refused password): its proven id waits for a user that never comes.
      const proof = await mintLocalFirstProof(seed(100 + i), { audience: AUDIENCE, now: now() });
      expect((await signUp(`valid-${i}@example.com`, "short", proof)).ok).toBe(false);
      // A forged proof, and no proof at all: refused or ignored before anything is kept.
      expect((await signUp(`forged-${i}@example.com`, "short", `${proof.slice(0, -4)}AAAA`)).ok).toBe(false);
      expect((await signUp(`none-${i}@example.com`, "short")).ok).toBe(false);
      attempts += 3;
      expect(plugin.pendingSignUps()).toBeLessThanOrEqual(25);
    }
    expect(attempts).toBe(180);
    expect(plugin.pendingSignUps()).toBe(25);
    clock.sleep(30_000);
    expect(plugin.pendingSignUps()).toBe(0);

    const proof = await mintLocalFirstProof(seed(999), { audience: AUDIENCE, now: now() });
    expect(await signUp("after@example.com", "correct-horse-battery", proof)).toEqual({
      ok: true,
      userId: (await localFirstIdentity(seed(999))).userId,
    });
    expect(plugin.pendingSignUps()).toBe(0);
  }, 60_000);

  it("refuses a bound that is not a positive integer", () => {
    expect(() => jazzLocalFirstSignUp({ audience: AUDIENCE, maxPendingSignUps: 0 })).toThrow(TypeError);
  });
});
