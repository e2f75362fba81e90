import { packageBuild } from "../../tsdown.shared";

export default packageBuild(["src/index.ts", "src/bin.ts"], [/^better-auth/, "better-sqlite3", "jose"]);
