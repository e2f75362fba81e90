import { type BetterAuthClientLike, betterAuthTokenSource } from "@jazz-auth/better-auth";
import { type ConformanceHarness, createConformanceHarness } from "@jazz-auth/testing";
import { describeTabSharing, describeTokenSourceConformance } from "@jazz-auth/testing/conformance";
import { describe, expect, it } from "vitest";
import { fakeClient } from "./fake-sdk";

const sourceFor = ({ provider, engine }: ConformanceHarness, answer?: BetterAuthClientLike["token"]) =>
  betterAuthTokenSource(fakeClient(provider, answer), engine);

describeTokenSourceConformance("better-auth", (harness) => sourceFor(harness));
describeTabSharing("better-auth", (harness) => sourceFor(harness));

describe("betterAuthTokenSource quirks", () => {
  it("treats a 401 from /token as signed out", async () => {
    const harness = createConformanceHarness();
    harness.provider.signOut();
    expect(await sourceFor(harness).getToken()).toBeNull();
  });

  it("reports a 404 (no jwt() plugin on the server) as ERR_PROVIDER_CONFIG, without retrying", async () => {
    const harness = createConformanceHarness();
    let calls = 0;
    const source = sourceFor(harness, async () => {
      calls += 1;
      return { data: null, error: { status: 404, message: "Not Found" } };
    });
    await expect(source.getToken()).rejects.toMatchObject({
      code: "ERR_PROVIDER_CONFIG",
      retryable: false,
      message: expect.stringMatching(/jwt\(\) plugin/),
    });
    expect(calls).toBe(1);
  });

  it("retries a 500 instead of signing out", async () => {
    const harness = createConformanceHarness();
    let calls = 0;
    const source = sourceFor(harness, async () => {
      calls += 1;
      if (calls < 3) return { data: null, error: { status: 500, message: "Failed to decrypt private key" } };
      return { data: { token: harness.provider.mint("user-1") }, error: null };
    });
    const token = source.getToken();
    await harness.clock.advance(10_000);
    expect(await token).toMatch(/^ey/);
    expect(calls).toBe(3);
  });

  it("refetches when the session signal flips (sign-in, sign-out, user update)", async () => {
    const harness = createConformanceHarness();
    const source = sourceFor(harness);
    source.subscribe(() => {});
    await harness.clock.flush();
    harness.provider.signIn("user-2");
    await harness.clock.flush();
    expect(source.getSnapshot().principal).toBe("user-2");
  });
});
