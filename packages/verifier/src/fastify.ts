import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import { authenticateRequest, checkedRealm, type JazzAuthOptions, type JazzRequestAuth } from "./request-auth";

export type {
  JazzAuthErrorBody,
  JazzAuthErrorCode,
  JazzAuthOptions,
  JazzRequestAuth,
  JazzRequestErrorCode,
} from "./request-auth";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the `jazzAuth` preHandler of `@jazz-auth/verifier/fastify`; `null` on routes it does not guard. */
    jazzAuth: JazzRequestAuth | null;
  }
}

/**
 * A Fastify `preHandler` hook: reads `Authorization: Bearer` as Jazz's backend does, verifies the
 * token with `options.verifier` and sets `request.jazzAuth` (a `JazzRequestAuth`: `userId`,
 * `claims`, `issuer`, `issuerName`, `session`, `expiresAt`), or answers 401/400/503 with a
 * `WWW-Authenticate` header naming the code and a `{ error, code }` body. The token is never logged nor echoed. Declare the property once with
 * `app.decorateRequest("jazzAuth", null)` (the {@link jazzAuthPlugin} does) and guard routes with
 * `{ preHandler: jazzAuth({ verifier }) }`.
 *
 * @throws {TypeError} when `options.realm` cannot be sent in a header.
 */
export function jazzAuth(options: JazzAuthOptions): preHandlerAsyncHookHandler {
  checkedRealm(options);
  return async (request, reply) => {
    const outcome = await authenticateRequest(request.headers.authorization, options);
    if (outcome.ok) {
      request.jazzAuth = outcome.auth;
      return;
    }
    const { status, headers, body } = outcome.refusal;
    return reply.code(status).headers(headers).send(body);
  };
}

/**
 * A Fastify plugin: `decorateRequest("jazzAuth", null)` (unless declared already) and the
 * {@link jazzAuth} `preHandler` for every route of the context it is registered in (not
 * encapsulated, as `fastify-plugin` would make it: register it inside your own `register` to guard a
 * prefix only).
 *
 * @example
 * ```ts
 * const app = Fastify();
 * await app.register(jazzAuthPlugin, { verifier });
 * app.get("/api/me", async (request) => ({ userId: request.jazzAuth?.userId }));
 * ```
 */
export const jazzAuthPlugin: FastifyPluginCallback<JazzAuthOptions> = Object.assign(
  (fastify: Parameters<FastifyPluginCallback<JazzAuthOptions>>[0], options: JazzAuthOptions, done: () => void) => {
    // An app that also guards single routes may have declared it already (decorating twice throws).
    if (!fastify.hasRequestDecorator("jazzAuth")) fastify.decorateRequest("jazzAuth", null);
    fastify.addHook("preHandler", jazzAuth(options));
    done();
  },
  // What fastify-plugin sets: the plugin's decorator and hook apply to the context that registers it
  // (fastify docs/Reference/Plugins.md:235; lib/plugin-utils.js:61-63).
  { [Symbol.for("skip-override")]: true },
);
