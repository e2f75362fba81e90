/**
 * examples/better-auth-solid (@jazz-auth/solid) in a real Chromium against a real Better Auth server
 * on SQLite: the scenario in ./framework-example.ts. Screenshots on failure go to .data/screenshots.
 */
import { describeFrameworkExample } from "./framework-example";

// Solid runs the page's effects synchronously inside the source's notification: on sign-out the Db
// goes before its connection hears of it, and the connection's stop reports the change then.
describeFrameworkExample("Solid", "better-auth-solid");
