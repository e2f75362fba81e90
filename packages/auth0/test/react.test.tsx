import { useAuth0JazzAuth } from "@jazz-auth/auth0/react";
import { describeJazzAuthHook, useScriptedSubject } from "@jazz-auth/testing/react";
import { fakeClient } from "./fake-sdk";

describeJazzAuthHook("auth0", (harness) => {
  const client = fakeClient(harness.provider);
  // auth0-react's useAuth0(): getAccessTokenSilently plus isLoading and user as React state.
  return () => {
    const subject = useScriptedSubject(harness);
    return useAuth0JazzAuth(
      {
        getAccessTokenSilently: client.getTokenSilently,
        isLoading: false,
        user: subject ? { sub: subject } : undefined,
      },
      { ...harness.engine, audience: "https://jazz.example.com" },
    );
  };
});
