/**
 * The example's Next.js config. `/api/auth/*` is rewritten to the auth server (AUTH_URL, default
 * `pnpm demo --serve --port 3000`'s http://127.0.0.1:3000), so the browser's auth client calls the
 * page's own origin and the Better Auth session cookie is first-party; the server component asks the
 * same server for the request's token (src/app/initial-token.ts). Rewrites are read when the app is
 * built (`next build` writes them into its manifest): build with the AUTH_URL you start it with.
 * The workspace packages resolve to their sources through tsconfig "paths": no `pnpm build` needed.
 */
import { resolve } from "node:path";
import type { NextConfig } from "next";

const authUrl = process.env.AUTH_URL ?? "http://127.0.0.1:3000";
const workspaceRoot = resolve(import.meta.dirname, "..", "..");

const config: NextConfig = {
  // The browser test builds into a folder of its own (NEXT_DIST_DIR), so a build of yours is left alone.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // The workspace's `pnpm typecheck` checks these files; the build does not type-check them again.
  typescript: { ignoreBuildErrors: true },
  async rewrites() {
    return [{ source: "/api/auth/:path*", destination: `${authUrl}/api/auth/:path*` }];
  },
};

export default config;
