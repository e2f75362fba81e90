import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type JazzAuthVariables, jazzAuth } from "@jazz-auth/verifier/hono";
import { Hono } from "hono";
import { describeMiddlewareContract } from "./contract";

describeMiddlewareContract(
  "Hono (@hono/node-server)",
  async ({ verifier, downVerifier }) => {
    const app = new Hono<{ Variables: JazzAuthVariables }>();
    app.use("/api/*", jazzAuth({ verifier }));
    app.use("/down/*", jazzAuth({ verifier: downVerifier }));
    app.get("/api/me", (c) => c.json({ auth: c.var.jazzAuth }));
    app.get("/down/me", (c) => c.json({ auth: c.get("jazzAuth") }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
  "joined",
);
