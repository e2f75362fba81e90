import { useClerkJazzAuth } from "@jazz-auth/clerk/react";
import { describeJazzAuthHook } from "@jazz-auth/testing/react";
import { fakeClerk } from "./fake-sdk";

describeJazzAuthHook("clerk", (harness) => {
  const clerk = fakeClerk(harness.provider);
  return () => useClerkJazzAuth(clerk, harness.engine);
});
