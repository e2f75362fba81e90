import { createConformanceHarness, describeTokenSourceConformance } from "@jazz-auth/testing";
import { workosTokenSource } from "@jazz-auth/workos";
import { describe, expect, it } from "vitest";
import { fakeClient } from "./fake-sdk";

describeTokenSourceConformance("workos", ({ provider, engine }) =>
  workosTokenSource(fakeClient(provider), { ...engine, watch: provider.watch }),
);

describe("workosTokenSource quirks", () => {
  it("reads LoginRequiredError as signed out once AuthKit has loaded", async () => {
    const { provider, engine } = createConformanceHarness();
    provider.signOut();
    expect(await workosTokenSource(fakeClient(provider), engine).getToken()).toBeNull();
  });

  it("does not read the loading placeholder's LoginRequiredError as a sign-out", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    let loading = true;
    provider.signOut();
    const source = workosTokenSource(fakeClient(provider), { ...engine, isLoading: () => loading });
    const seen: string[] = [];
    source.subscribe((snapshot) => seen.push(snapshot.status));
    await clock.flush();
    expect(source.getSnapshot().status).toBe("error");
    expect(source.getSnapshot().error?.retryable).toBe(true);
    provider.signIn("user_01HZX3K9V7Q2M8N4P6R5S1T0AB");
    loading = false;
    await clock.advance(5000);
    expect(source.getSnapshot()).toMatchObject({ status: "signed-in", principal: "user_01HZX3K9V7Q2M8N4P6R5S1T0AB" });
    expect(seen).not.toContain("signed-out");
  });

  it("retries a transient RefreshError and asks for forceRefresh when forced", async () => {
    const { provider, engine, clock } = createConformanceHarness();
    const transient = Object.assign(new Error("refresh failed"), { name: "RefreshError", isTransient: true });
    provider.failNext(1, transient);
    const source = workosTokenSource(fakeClient(provider), engine);
    const token = source.getToken();
    await clock.advance(5000);
    expect(await token).toMatch(/^ey/);
    await source.getToken({ forceRefresh: true });
    expect(provider.calls.map((call) => call.forceRefresh)).toEqual([false, false, true]);
  });
});
