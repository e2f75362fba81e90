import { packageBuild } from "../../tsdown.shared";

export default packageBuild(
  ["src/index.ts", "src/hono.ts", "src/express.ts", "src/fastify.ts", "src/next.ts"],
  ["hono", "express", "fastify", /^next($|\/)/],
);
