import { runTables } from "./jazz-compatibility.run";

// The Rust sync server: garden-co/jazz crates/jazz-tools/src/middleware/auth.rs at 6a363411a.
runTables("server");
