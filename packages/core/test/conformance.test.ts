import { describeTokenSourceConformance, scriptedTokenSource } from "@jazz-auth/testing";

describeTokenSourceConformance("createTokenSource", (harness) => scriptedTokenSource(harness));
