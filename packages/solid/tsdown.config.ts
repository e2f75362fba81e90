import { packageBuild } from "../../tsdown.shared";

export default packageBuild(["src/index.ts"], [/^solid-js(\/|$)/]);
