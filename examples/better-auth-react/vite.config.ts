/**
 * The example's dev server: http://localhost:5173, with /api/auth proxied to the auth server
 * (`pnpm demo --serve --port 3000 --trusted-origin http://localhost:5173`, or AUTH_URL). The page
 * and its auth client share one origin, so the session cookie is first-party; the proxy keeps the
 * page's Origin header, which is why the auth server must trust http://localhost:5173.
 * The workspace packages resolve to their sources (tsconfig "paths"): no build needed.
 */
import { defineConfig } from "vite";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  server: {
    host: "localhost",
    port: 5173,
    strictPort: true,
    proxy: { "/api/auth": { target: process.env.AUTH_URL ?? "http://127.0.0.1:3000" } },
  },
});
