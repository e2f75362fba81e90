/**
 * Type test: the real Clerk instance from useClerk() fits the shape the adapter accepts, from
 * Clerk's current React SDK (@clerk/react 6) and from the deprecated @clerk/clerk-react 5.
 */

import { useClerk as useClerkLegacy } from "@clerk/clerk-react";
import { useClerk } from "@clerk/react";
import type { LoadedClerk } from "@clerk/react/types";
import { clerkTokenSource } from "@jazz-auth/clerk";
import { useClerkJazzAuth, useClerkTokenSource } from "@jazz-auth/clerk/react";

export const useVanilla = () => clerkTokenSource(useClerk());
export const useReact = () => useClerkJazzAuth(useClerk(), { template: "jazz" });
export const useSource = () => useClerkTokenSource(useClerk(), { organizationId: "org_123" });
export const fromClerkJs = (clerk: LoadedClerk) => clerkTokenSource(clerk, { template: "jazz" });

export const useVanillaLegacy = () => clerkTokenSource(useClerkLegacy());
export const useReactLegacy = () => useClerkJazzAuth(useClerkLegacy(), { template: "jazz" });
