/**
 * Type test: Clerk's Expo SDK (@clerk/clerk-expo 2) fits the existing shapes as it is. Its
 * `useClerk` is @clerk/clerk-react's (dist/hooks/index.d.ts re-exports it), and
 * `getClerkInstance()` (dist/provider/singleton) hands out the same clerk-js object outside React,
 * so no Expo-specific adapter is needed.
 */

import { getClerkInstance, useAuth, useClerk } from "@clerk/clerk-expo";
import { clerkTokenSource } from "@jazz-auth/clerk";
import { useClerkJazzAuth, useClerkTokenSource } from "@jazz-auth/clerk/react";

export const useReact = () => useClerkJazzAuth(useClerk(), { template: "jazz" });
export const useSource = () => useClerkTokenSource(useClerk(), { organizationId: "org_123" });
export const outsideReact = () =>
  clerkTokenSource(getClerkInstance({ publishableKey: "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k" }));

// useAuth() has getToken but no listener: it is not a Clerk instance, and the adapter says so.
// @ts-expect-error useAuth() lacks `loaded`, `session` and `addListener`
export const fromUseAuth = () => clerkTokenSource(useAuth());
