import { createTokenSource } from "@jazz-auth/core";
import { describeTokenSourceConformance } from "@jazz-auth/testing";

describeTokenSourceConformance("createTokenSource", ({ provider, engine }) =>
  createTokenSource({ provider: "scripted", fetchToken: provider.fetchToken, watch: provider.watch, ...engine }),
);
