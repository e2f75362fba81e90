import { scriptedTokenSource } from "@jazz-auth/testing";
import { describeTokenSourceConformance } from "@jazz-auth/testing/conformance";

describeTokenSourceConformance("createTokenSource", (harness) => scriptedTokenSource(harness));
