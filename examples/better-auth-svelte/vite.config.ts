/**
 * The example's dev server: http://localhost:5173, with /api/auth proxied to the auth server
 * (`pnpm demo --serve --port 3000 --trusted-origin http://localhost:5173`, or AUTH_URL), as in
 * examples/better-auth-react. The workspace packages resolve to their sources (tsconfig "paths").
 */
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [svelte()],
  resolve: { tsconfigPaths: true },
  server: {
    host: "localhost",
    port: 5173,
    strictPort: true,
    proxy: { "/api/auth": { target: process.env.AUTH_URL ?? "http://127.0.0.1:3000" } },
  },
});
