import type { MiddlewareHandler } from "hono";
import {
  authenticateRequest,
  checkedRealm,
  type JazzAuthOptions,
  type JazzAuthRefusal,
  type JazzRequestAuth,
} from "./request-auth";

export type {
  JazzAuthErrorBody,
  JazzAuthErrorCode,
  JazzAuthOptions,
  JazzRequestAuth,
  JazzRequestErrorCode,
} from "./request-auth";

/** The Hono variables {@link jazzAuth} sets: `c.get("jazzAuth")` in the handlers after it. */
export interface JazzAuthVariables {
  readonly jazzAuth: JazzRequestAuth;
}

/** A refusal as a web `Response`. */
function refusalResponse({ status, headers, body }: JazzAuthRefusal): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Hono middleware: reads `Authorization: Bearer` as Jazz's backend does, verifies the token with
 * `options.verifier` and sets `c.var.jazzAuth` (a `JazzRequestAuth`: `userId`, `claims`, `issuer`,
 * `issuerName`, `session`, `expiresAt`), or answers 401/400/503 with a `WWW-Authenticate` header
 * naming the code and a `{ error, code }` body. The token is never logged nor echoed.
 *
 * @throws {TypeError} when `options.realm` cannot be sent in a header.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: JazzAuthVariables }>();
 * app.use("/api/*", jazzAuth({ verifier }));
 * app.get("/api/me", (c) => c.json({ userId: c.var.jazzAuth.userId }));
 * ```
 */
export function jazzAuth(options: JazzAuthOptions): MiddlewareHandler<{ Variables: JazzAuthVariables }> {
  checkedRealm(options);
  return async (c, next) => {
    const outcome = await authenticateRequest(c.req.header("authorization"), options);
    if (!outcome.ok) return refusalResponse(outcome.refusal);
    c.set("jazzAuth", outcome.auth);
    await next();
  };
}
