import { packageBuild } from "../../tsdown.shared";

export default packageBuild(["src/index.ts", "src/preset.ts", "src/react.ts"], ["react"]);
