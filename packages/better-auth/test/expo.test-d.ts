/**
 * Type test: a Better Auth client for Expo (`better-auth/react`'s createAuthClient with the
 * `@better-auth/expo` client plugin and `jwtClient()`) fits the shape the adapter accepts.
 */
import { expoClient } from "@better-auth/expo/client";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { useBetterAuthJazzAuth } from "@jazz-auth/better-auth/react";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** expo-secure-store's functions, as `expoClient({ storage })` takes them (SecureStore in an app). */
declare const SecureStore: Parameters<typeof expoClient>[0]["storage"];

const authClient = createAuthClient({
  baseURL: "https://auth.example.com",
  plugins: [expoClient({ scheme: "myapp", storagePrefix: "myapp", storage: SecureStore }), jwtClient()],
});

export const vanilla = betterAuthTokenSource(authClient);
export const useReact = () => useBetterAuthJazzAuth(authClient);
