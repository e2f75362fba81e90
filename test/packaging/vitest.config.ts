import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "packaging",
    environment: "node",
    // After every other project: its npm install would compete for the two cores with timing-sensitive tests.
    sequence: { groupOrder: 1 },
    hookTimeout: 10 * 60_000,
    testTimeout: 120_000,
  },
});
