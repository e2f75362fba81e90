/**
 * examples/better-auth-svelte (@jazz-auth/svelte) in a real Chromium against a real Better Auth server
 * on SQLite: the scenario in ./framework-example.ts. Screenshots on failure go to .data/screenshots.
 */
import { describeFrameworkExample } from "./framework-example";

describeFrameworkExample("Svelte", "better-auth-svelte");
