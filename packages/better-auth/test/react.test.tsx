import { useBetterAuthJazzAuth } from "@jazz-auth/better-auth/react";
import { describeJazzAuthHook } from "@jazz-auth/testing/react";
import { fakeClient } from "./fake-sdk";

describeJazzAuthHook("better-auth", (harness) => {
  const client = fakeClient(harness.provider);
  return () => useBetterAuthJazzAuth(client, harness.engine);
});
