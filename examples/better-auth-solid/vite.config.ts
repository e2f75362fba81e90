/**
 * The example's dev server: http://localhost:5173, with /api/auth proxied to the auth server
 * (`pnpm demo --serve --port 3000 --trusted-origin http://localhost:5173`, or AUTH_URL), as in
 * examples/better-auth-react. The workspace packages resolve to their sources (tsconfig "paths").
 */
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  plugins: [solid()],
  resolve: { tsconfigPaths: true },
  server: {
    host: "localhost",
    port: 5173,
    strictPort: true,
    proxy: { "/api/auth": { target: process.env.AUTH_URL ?? "http://127.0.0.1:3000" } },
  },
});
