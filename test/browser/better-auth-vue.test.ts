/**
 * examples/better-auth-vue (@jazz-auth/vue) in a real Chromium against a real Better Auth server
 * on SQLite: the scenario in ./framework-example.ts. Screenshots on failure go to .data/screenshots.
 */
import { describeFrameworkExample } from "./framework-example";

describeFrameworkExample("Vue", "better-auth-vue");
