import { packageBuild } from "../../tsdown.shared";

export default packageBuild(
  ["src/index.ts", "src/conformance.ts", "src/react.tsx"],
  ["react", "vitest", /^@testing-library\//],
);
