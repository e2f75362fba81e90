import { configDefaults, defineProject } from "vitest/config";

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: "repo", environment: "node", exclude: [...configDefaults.exclude, "packaging/**"] },
});
