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

/** A refusal as a web `Response`. */
function refusalResponse({ status, headers, body }: JazzAuthRefusal): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * For Next.js `proxy.ts` / `middleware.ts` (and anything else with a web `Request`): the verified
 * `JazzRequestAuth`, or the refusal `Response` to return as it is (401/400/503 with a
 * `WWW-Authenticate` header naming the code and a `{ error, code }` body). The token is never logged
 * nor echoed.
 *
 * @throws {TypeError} when `options.realm` cannot be sent in a header.
 *
 * @example
 * ```ts
 * export async function proxy(request: NextRequest) {
 *   const auth = await requireJazzAuth(request, { verifier });
 *   return auth instanceof Response ? auth : NextResponse.next();
 * }
 * ```
 */
export async function requireJazzAuth(request: Request, options: JazzAuthOptions): Promise<JazzRequestAuth | Response> {
  const outcome = await authenticateRequest(request.headers.get("authorization"), options);
  return outcome.ok ? outcome.auth : refusalResponse(outcome.refusal);
}

/**
 * Wraps a Next.js route handler: the handler runs with the verified `auth` as its third argument
 * only when the request carries a token the verifier accepts; otherwise the refusal `Response` of
 * {@link requireJazzAuth} is returned and the handler does not run.
 *
 * @throws {TypeError} when `options.realm` cannot be sent in a header.
 *
 * @example
 * ```ts
 * export const GET = withJazzAuth(async (_request, _context, auth) => Response.json({ userId: auth.userId }), {
 *   verifier,
 * });
 * ```
 */
export function withJazzAuth<R extends Request, C>(
  handler: (request: R, context: C, auth: JazzRequestAuth) => Response | Promise<Response>,
  options: JazzAuthOptions,
): (request: R, context: C) => Promise<Response> {
  checkedRealm(options);
  return async (request, context) => {
    const auth = await requireJazzAuth(request, options);
    return auth instanceof Response ? auth : handler(request, context, auth);
  };
}
