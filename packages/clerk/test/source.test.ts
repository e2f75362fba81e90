import { type ClerkEmission, type ClerkLike, clerkTokenSource } from "@jazz-auth/clerk";
import { createConformanceHarness } from "@jazz-auth/testing";
import { describeTabSharing, describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { fakeClerk } from "./fake-sdk";

describeTokenSourceConformance("clerk", ({ provider, engine }) => clerkTokenSource(fakeClerk(provider), engine));
describeTabSharing("clerk", ({ provider, engine }) => clerkTokenSource(fakeClerk(provider), engine));

describe("clerkTokenSource quirks", () => {
  it("passes skipCache on a forced refresh, and the template and organization", async () => {
    const { provider, engine } = createConformanceHarness();
    const seen: unknown[] = [];
    const clerk = fakeClerk(provider);
    const session = clerk.session;
    const spy: ClerkLike = {
      ...clerk,
      loaded: true,
      session: session && {
        getToken: (options) => {
          seen.push(options);
          return session.getToken(options);
        },
      },
      addListener: clerk.addListener,
    };
    const source = clerkTokenSource(spy, { ...engine, template: "jazz", organizationId: "org_1" });
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    expect(seen).toEqual([
      { template: "jazz", organizationId: "org_1" },
      { template: "jazz", organizationId: "org_1", skipCache: true },
    ]);
  });

  it("never reads null from getToken while a session exists (Clerk 5 offline) as a sign-out", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    provider.answerNext(null);
    const source = clerkTokenSource(fakeClerk(provider), engine);
    const statuses: string[] = [];
    source.subscribe((snapshot) => statuses.push(snapshot.status));
    await clock.advance(5000);
    expect(statuses).not.toContain("signed-out");
    expect(source.getSnapshot().status).toBe("signed-in");
  });

  it("waits for Clerk to load instead of saying signed out", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    let loaded = false;
    const base = fakeClerk(provider);
    const clerk: ClerkLike = {
      get loaded() {
        return loaded;
      },
      get session() {
        return loaded ? base.session : undefined;
      },
      addListener: base.addListener,
    };
    const source = clerkTokenSource(clerk, engine);
    const token = source.getToken();
    await clock.advance(500);
    loaded = true;
    await clock.advance(5000);
    expect(await token).toMatch(/^ey/);
  });

  it("turns a getToken that never settles (clerk-js failed to load) into a retryable timeout", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const clerk = fakeClerk(provider, { session: { getToken: () => new Promise<string | null>(() => {}) } });
    const source = clerkTokenSource(clerk, { ...engine, fetchTimeoutMs: 10_000, retry: { attempts: 1 } });
    const error = source.getToken().catch((e: unknown) => e);
    await clock.advance(10_000);
    expect(await error).toMatchObject({ code: "ERR_TIMEOUT", retryable: true, provider: "clerk" });
  });

  it("ignores listener emissions that do not change the session, user or organization", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    let emit: (emission: ClerkEmission) => void = () => {};
    const clerk = fakeClerk(provider, {
      addListener(callback) {
        emit = callback;
        callback({ session: { id: "sess_1" }, user: { id: "user-1" } });
        return () => {};
      },
    });
    const source = clerkTokenSource(clerk, engine);
    source.subscribe(() => {});
    await clock.flush();
    emit({ session: { id: "sess_1" }, user: { id: "user-1" } });
    await clock.flush();
    expect(provider.calls).toHaveLength(1);
    emit({ session: { id: "sess_1" }, user: { id: "user-1" }, organization: { id: "org_2" } });
    await clock.flush();
    expect(provider.calls).toHaveLength(2);
  });
});
