import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jazzAuth } from "@jazz-auth/verifier/express";
import express from "express";
import { describeMiddlewareContract } from "./contract";

describeMiddlewareContract(
  "Express",
  async ({ verifier, downVerifier }) => {
    const app = express();
    app.use("/api", jazzAuth({ verifier }));
    app.use("/down", jazzAuth({ verifier: downVerifier }));
    app.get(["/api/me", "/down/me"], (_req, res) => {
      res.json({ auth: res.locals.jazzAuth });
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const started = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(started)));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
  "first",
);
