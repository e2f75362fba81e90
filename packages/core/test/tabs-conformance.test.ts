import { scriptedTokenSource } from "@jazz-auth/testing";
import { describeTabSharing } from "@jazz-auth/testing/conformance";

describeTabSharing("createTokenSource with shareAcrossTabs", (harness) =>
  scriptedTokenSource(harness, { shareAcrossTabs: { key: "conformance" } }),
);
