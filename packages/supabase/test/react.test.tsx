import { useSupabaseJazzAuth } from "@jazz-auth/supabase/react";
import { describeJazzAuthHook } from "@jazz-auth/testing/react";
import { fakeSupabaseAuth } from "./fake-sdk";

describeJazzAuthHook("supabase", (harness) => {
  const auth = fakeSupabaseAuth(harness.provider);
  return () => useSupabaseJazzAuth(auth, harness.engine);
});
