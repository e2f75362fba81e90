// @vitest-environment node
/**
 * jazzLocalFirstSignUpClient with the real Better Auth client against a real Better Auth server
 * (memory adapter, jazzLocalFirstSignUp, requests through its fetch handler): the proof typed on
 * `signUp.email` reaches the server, and the new user has the proven Jazz user id.
 */
import { jazzLocalFirstSignUpClient } from "@jazz-auth/better-auth/client";
import { jazzLocalFirstSignUp } from "@jazz-auth/better-auth/server";
import { localFirstIdentity, mintLocalFirstProof } from "@jazz-auth/testing";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { createAuthClient } from "better-auth/client";
import { describe, expect, it } from "vitest";

const AUDIENCE = "betterauth-signup";
const BASE_URL = "http://127.0.0.1:3000";

function setup() {
  const auth = betterAuth({
    baseURL: BASE_URL,
    secret: "a-test-secret-that-is-long-enough-for-better-auth",
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    plugins: [jazzLocalFirstSignUp({ audience: AUDIENCE, required: true })],
    logger: { disabled: true },
  });
  return createAuthClient({
    baseURL: BASE_URL,
    plugins: [jazzLocalFirstSignUpClient()],
    fetchOptions: {
      customFetchImpl: (input, init) => auth.handler(new Request(input, init)),
    },
  });
}

const seed = (n: number) => new Uint8Array(32).fill(n);

describe("jazzLocalFirstSignUpClient", () => {
  it("is a Better Auth client plugin with the server plugin's id, and adds no runtime behaviour", () => {
    expect(jazzLocalFirstSignUpClient()).toEqual({ id: "jazz-local-first-sign-up", $InferServerPlugin: {} });
  });

  it("sends the proofToken of signUp.email, and the user gets the proven Jazz user id", async () => {
    const authClient = setup();
    const proofToken = await mintLocalFirstProof(seed(7), { audience: AUDIENCE });
    const { data, error } = await authClient.signUp.email({
      email: "ada@example.com",
      password: "correct-horse-battery",
      name: "Ada",
      proofToken,
    });
    expect(error).toBeNull();
    expect(data?.user.id).toBe((await localFirstIdentity(seed(7))).userId);
    expect(data?.user).not.toHaveProperty("proofToken");
  });

  it("gets the server's 400 for a proof of another audience, and for none when one is required", async () => {
    const authClient = setup();
    const credentials = { email: "bob@example.com", password: "correct-horse-battery", name: "Bob" };
    const foreign = await authClient.signUp.email({
      ...credentials,
      proofToken: await mintLocalFirstProof(seed(8), { audience: "my-app" }),
    });
    expect(foreign.error).toMatchObject({ status: 400 });
    const missing = await authClient.signUp.email(credentials);
    expect(missing.error).toMatchObject({ status: 400, message: "proofToken is required" });
  });
});
