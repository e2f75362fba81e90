import { describeJazzAuthHook, useScriptedSubject } from "@jazz-auth/testing/react";
import { useWorkOSJazzAuth } from "@jazz-auth/workos/react";
import { fakeClient } from "./fake-sdk";

describeJazzAuthHook("workos", (harness) => {
  const client = fakeClient(harness.provider);
  // authkit-react's useAuth(): the client's getAccessToken plus isLoading and user as React state.
  return () => {
    const subject = useScriptedSubject(harness);
    return useWorkOSJazzAuth(
      { getAccessToken: client.getAccessToken, isLoading: false, user: subject ? { id: subject } : null },
      harness.engine,
    );
  };
});
