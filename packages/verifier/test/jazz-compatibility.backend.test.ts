import { runTables } from "./jazz-compatibility.run";

// The TS backend: garden-co/jazz packages/jazz-tools/src/backend/request-auth.ts at 6a363411a.
runTables("backend");
