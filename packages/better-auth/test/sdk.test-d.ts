/** Type test: the real Better Auth client fits the shape the adapter accepts (checked by `pnpm typecheck`). */
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { useBetterAuthJazzAuth } from "@jazz-auth/better-auth/react";
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient as createReactAuthClient } from "better-auth/react";

export const vanilla = betterAuthTokenSource(createAuthClient({ plugins: [jwtClient()] }));
export const useReact = () => useBetterAuthJazzAuth(createReactAuthClient({ plugins: [jwtClient()] }));
