/** Type test: the real Clerk instance from useClerk() fits the shape the adapter accepts. */

import { useClerk } from "@clerk/clerk-react";
import { clerkTokenSource } from "@jazz-auth/clerk";
import { useClerkJazzAuth } from "@jazz-auth/clerk/react";

export const useVanilla = () => clerkTokenSource(useClerk());
export const useReact = () => useClerkJazzAuth(useClerk(), { template: "jazz" });
