/** The 24 h simulation run through each real adapter, over a fake of its SDK with the provider's quirks. */
import { auth0TokenSource } from "@jazz-auth/auth0";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { clerkTokenSource } from "@jazz-auth/clerk";
import { firebaseTokenSource } from "@jazz-auth/firebase";
import { workosTokenSource } from "@jazz-auth/workos";
import { fakeClient as fakeAuth0 } from "../packages/auth0/test/fake-sdk";
import { fakeClient as fakeBetterAuth } from "../packages/better-auth/test/fake-sdk";
import { fakeClerk } from "../packages/clerk/test/fake-sdk";
import { fakeAuth as fakeFirebase } from "../packages/firebase/test/fake-sdk";
import { fakeClient as fakeWorkOS } from "../packages/workos/test/fake-sdk";
import { DAY, type SourceFactory, simulateSession, type Timeline } from "./session-simulation";

const ADAPTERS: readonly { name: string; lifetimeSeconds: number; make: SourceFactory }[] = [
  { name: "Clerk", lifetimeSeconds: 60, make: (p, engine) => clerkTokenSource(fakeClerk(p), engine) },
  {
    name: "WorkOS",
    lifetimeSeconds: 300,
    make: (p, engine) => workosTokenSource(fakeWorkOS(p), { ...engine, watch: p.watch }),
  },
  { name: "Better Auth", lifetimeSeconds: 900, make: (p, engine) => betterAuthTokenSource(fakeBetterAuth(p), engine) },
  { name: "Firebase", lifetimeSeconds: 3600, make: (p, engine) => firebaseTokenSource(fakeFirebase(p), engine) },
  {
    name: "Auth0",
    lifetimeSeconds: 86_400,
    make: (p, engine) =>
      auth0TokenSource(fakeAuth0(p), { ...engine, audience: "https://jazz.example.com", watch: p.watch }),
  },
];

/** One row per adapter: provider calls per hour and expired handshakes over the simulated day. */
export async function simulateAdapters(timeline: Timeline = DAY) {
  const rows = [];
  for (const { name, lifetimeSeconds, make } of ADAPTERS) {
    rows.push({ name, lifetimeSeconds, result: await simulateSession(lifetimeSeconds, "jazz-auth", timeline, make) });
  }
  return rows;
}
