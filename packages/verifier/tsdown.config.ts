import { packageBuild } from "../../tsdown.shared";

export default packageBuild(
  [
    "src/index.ts",
    "src/middleware/hono.ts",
    "src/middleware/express.ts",
    "src/middleware/fastify.ts",
    "src/middleware/next.ts",
  ],
  ["hono", "express", "fastify", /^next($|\/)/],
);
