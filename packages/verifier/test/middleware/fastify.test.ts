import { jazzAuth, jazzAuthPlugin } from "@jazz-auth/verifier/fastify";
import Fastify from "fastify";
import { describeMiddlewareContract } from "./contract";

describeMiddlewareContract(
  "Fastify",
  async ({ verifier, downVerifier }) => {
    const app = Fastify({ forceCloseConnections: true });
    // Declared at the root for the single guarded route below; the plugin does not declare it again.
    app.decorateRequest("jazzAuth", null);
    // The plugin guards every route of the context that registers it: here, the /api prefix only.
    await app.register(
      async (api) => {
        await api.register(jazzAuthPlugin, { verifier });
        api.get("/me", async (request) => ({ auth: request.jazzAuth }));
      },
      { prefix: "/api" },
    );
    // The bare preHandler on one route.
    app.get("/down/me", { preHandler: jazzAuth({ verifier: downVerifier }) }, async (request) => ({
      auth: request.jazzAuth,
    }));
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    return { url, close: () => app.close() };
  },
  "first",
);
