import { defineProject } from "vitest/config";

/**
 * DOM tests run Solid's browser build (`isServer` false): the `browser` condition, with solid-js
 * inlined so Vite resolves it rather than Node. Files marked `@vitest-environment node` run in
 * Vite's SSR environment and get Solid's server build, as server rendering does.
 */
export default defineProject({
  resolve: { tsconfigPaths: true, conditions: ["browser", "development"] },
  test: { name: "solid", environment: "happy-dom", server: { deps: { inline: [/solid-js/] } } },
});
