import { useFirebaseJazzAuth } from "@jazz-auth/firebase/react";
import { describeJazzAuthHook } from "@jazz-auth/testing/react";
import { fakeAuth } from "./fake-sdk";

describeJazzAuthHook("firebase", (harness) => {
  const auth = fakeAuth(harness.provider);
  return () => useFirebaseJazzAuth(auth, harness.engine);
});
