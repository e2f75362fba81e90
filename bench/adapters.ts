/** The 24 h simulation run through each real adapter, over a fake of its SDK with the provider's quirks. */
import { auth0TokenSource } from "@jazz-auth/auth0";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { clerkTokenSource } from "@jazz-auth/clerk";
import { firebaseTokenSource } from "@jazz-auth/firebase";
import { oidcTokenSource } from "@jazz-auth/oidc";
import { supabaseTokenSource } from "@jazz-auth/supabase";
import { workosTokenSource } from "@jazz-auth/workos";
import { fakeClient as fakeAuth0 } from "../packages/auth0/test/fake-sdk";
import { fakeClient as fakeBetterAuth } from "../packages/better-auth/test/fake-sdk";
import { fakeClerk } from "../packages/clerk/test/fake-sdk";
import { fakeAuth as fakeFirebase } from "../packages/firebase/test/fake-sdk";
import { fakeUserManager as fakeOidc } from "../packages/oidc/test/fake-sdk";
import { fakeSupabaseAuth } from "../packages/supabase/test/fake-sdk";
import { fakeClient as fakeWorkOS } from "../packages/workos/test/fake-sdk";
import { providerPackages } from "../test/workspace-packages";
import { DAY, type SourceFactory, simulateSession, type Timeline } from "./session-simulation";

/** How the bench runs one provider package's adapter. */
export interface BenchAdapter {
  readonly name: string;
  readonly lifetimeSeconds: number;
  readonly make: SourceFactory;
}

/** The bench's adapters, by the provider package's folder name, in the order of the table. */
export const ADAPTERS: Readonly<Record<string, BenchAdapter>> = {
  clerk: { name: "Clerk", lifetimeSeconds: 60, make: (p, engine) => clerkTokenSource(fakeClerk(p), engine) },
  workos: {
    name: "WorkOS",
    lifetimeSeconds: 300,
    make: (p, engine) => workosTokenSource(fakeWorkOS(p), { ...engine, watch: p.watch }),
  },
  "better-auth": {
    name: "Better Auth",
    lifetimeSeconds: 900,
    make: (p, engine) => betterAuthTokenSource(fakeBetterAuth(p), engine),
  },
  firebase: {
    name: "Firebase",
    lifetimeSeconds: 3600,
    make: (p, engine) => firebaseTokenSource(fakeFirebase(p), engine),
  },
  supabase: {
    name: "Supabase",
    lifetimeSeconds: 3600,
    make: (p, engine) => supabaseTokenSource(fakeSupabaseAuth(p), engine),
  },
  auth0: {
    name: "Auth0",
    lifetimeSeconds: 86_400,
    make: (p, engine) =>
      auth0TokenSource(fakeAuth0(p), { ...engine, audience: "https://jazz.example.com", watch: p.watch }),
  },
  // Keycloak's default access-token lifespan (the ID token's follows it); other providers differ.
  oidc: { name: "OpenID Connect", lifetimeSeconds: 300, make: (p, engine) => oidcTokenSource(fakeOidc(p), engine) },
};

/**
 * The adapters of every provider package in packages/, in the table's order; a provider package
 * the bench does not know stops the bench instead of leaving it out of the table.
 */
export function benchAdapters(providers: readonly string[] = providerPackages().map((pkg) => pkg.dir)): BenchAdapter[] {
  const missing = providers.filter((dir) => !(dir in ADAPTERS));
  if (missing.length > 0)
    throw new Error(`bench/adapters.ts has no adapter for packages/${missing.join(", packages/")}`);
  return Object.entries(ADAPTERS)
    .filter(([dir]) => providers.includes(dir))
    .map(([, adapter]) => adapter);
}

/** One row per adapter: provider calls per hour and expired handshakes over the simulated day. */
export async function simulateAdapters(timeline: Timeline = DAY) {
  const rows = [];
  for (const { name, lifetimeSeconds, make } of benchAdapters()) {
    rows.push({ name, lifetimeSeconds, result: await simulateSession(lifetimeSeconds, "jazz-auth", timeline, make) });
  }
  return rows;
}
