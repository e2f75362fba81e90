/**
 * Type test (checked by `pnpm typecheck`): with `jazzLocalFirstSignUpClient()`, the real Better Auth
 * client's `signUp.email` accepts `proofToken`; without it, it does not; the user it returns has no
 * `proofToken`.
 */
import { jazzLocalFirstSignUpClient } from "@jazz-auth/better-auth/client";
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient as createReactAuthClient } from "better-auth/react";

const credentials = { email: "ada@example.com", password: "correct-horse-battery", name: "Ada" };
declare const proofToken: string;

const authClient = createAuthClient({ plugins: [jwtClient(), jazzLocalFirstSignUpClient()] });
export const typed = authClient.signUp.email({ ...credentials, proofToken });
export const withoutProof = authClient.signUp.email(credentials);

export const react = createReactAuthClient({ plugins: [jazzLocalFirstSignUpClient()] }).signUp.email({
  ...credentials,
  proofToken,
});

// @ts-expect-error a number is not a proof
export const wrongType = authClient.signUp.email({ ...credentials, proofToken: 42 });

const plain = createAuthClient({ plugins: [jwtClient()] });
// @ts-expect-error without the plugin, proofToken is not a known property
export const untyped = plain.signUp.email({ ...credentials, proofToken });

export async function neverReturned(): Promise<void> {
  const { data } = await authClient.signUp.email({ ...credentials, proofToken });
  // @ts-expect-error proofToken is an input only: the user does not carry it
  data?.user.proofToken;
}
