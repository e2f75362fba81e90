import { useOidcJazzAuth } from "@jazz-auth/oidc/react";
import { describeJazzAuthHook } from "@jazz-auth/testing/react";
import { fakeUserManager } from "./fake-sdk";

describeJazzAuthHook("oidc", (harness) => {
  const manager = fakeUserManager(harness.provider);
  return () => useOidcJazzAuth(manager, harness.engine);
});
