import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineProject } from "vitest/config";

/**
 * The tests are `.svelte.test.ts` modules (runes: `$effect.root`, `$derived`), compiled by the
 * Svelte plugin, on Svelte's client runtime (the `browser` condition; inlined so Vite resolves it).
 */
export default defineProject({
  plugins: [svelte({ configFile: false })],
  resolve: { tsconfigPaths: true, conditions: ["browser"] },
  test: { name: "svelte", environment: "happy-dom", server: { deps: { inline: [/svelte/] } } },
});
