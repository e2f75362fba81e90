import type { RequestHandler } from "express";
import { authenticateRequest, checkedRealm, type JazzAuthOptions, type JazzRequestAuth } from "./request-auth";

export type {
  JazzAuthErrorBody,
  JazzAuthErrorCode,
  JazzAuthOptions,
  JazzRequestAuth,
  JazzRequestErrorCode,
} from "./request-auth";

declare global {
  namespace Express {
    /** `res.locals.jazzAuth`: set by `jazzAuth()` from `@jazz-auth/verifier/express` before the handlers after it run. */
    interface Locals {
      jazzAuth?: JazzRequestAuth;
    }
  }
}

/**
 * Express middleware: reads `Authorization: Bearer` as Jazz's backend does, verifies the token with
 * `options.verifier` and sets `res.locals.jazzAuth` (a `JazzRequestAuth`: `userId`, `claims`,
 * `issuer`, `issuerName`, `session`, `expiresAt`; typed on `Express.Locals`), or answers 401/400/503
 * with a `WWW-Authenticate` header naming the code and a `{ error, code }` body. The token is never
 * logged nor echoed; an unexpected error goes to `next`.
 *
 * @throws {TypeError} when `options.realm` cannot be sent in a header.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use("/api", jazzAuth({ verifier }));
 * app.get("/api/me", (_req, res) => { res.json({ userId: res.locals.jazzAuth?.userId }); });
 * ```
 */
export function jazzAuth(options: JazzAuthOptions): RequestHandler {
  checkedRealm(options);
  return (req, res, next) => {
    authenticateRequest(req.headers.authorization, options).then((outcome) => {
      if (outcome.ok) {
        res.locals.jazzAuth = outcome.auth;
        return next();
      }
      const { status, headers, body } = outcome.refusal;
      res.status(status).set(headers).json(body);
    }, next);
  };
}
