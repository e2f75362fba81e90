/**
 * Server-only: the token the page hands to the browser's token source (`initialToken`). It asks the
 * auth server's `GET /api/auth/token` (Better Auth's jwt() plugin) with the request's own cookies,
 * the same call the browser's auth client makes, so the token is exactly the one the browser would
 * have fetched, minted for this request.
 */

/** Where the auth server answers (the one next.config.ts rewrites /api/auth to). */
const AUTH_URL = process.env.AUTH_URL ?? "http://127.0.0.1:3000";

/** Better Auth's session cookie, plain and with the prefix it uses over https. */
const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

/** How long the page waits for the auth server before it renders without a token. */
const MINT_TIMEOUT_MS = 2_000;

/**
 * Mints this request's JWT: the token when the request carries a Better Auth session, `null` when
 * it has none (no session cookie, or the auth server answers 401), `undefined` when the server could
 * not tell (unreachable, slow, another answer): the browser then loads the token as usual.
 */
export async function mintInitialToken(requestHeaders: Headers): Promise<string | null | undefined> {
  const cookie = requestHeaders.get("cookie") ?? "";
  const names = cookie.split(";").map((pair) => pair.split("=")[0]?.trim());
  if (!SESSION_COOKIES.some((name) => names.includes(name))) return null;
  try {
    const response = await fetch(`${AUTH_URL}/api/auth/token`, {
      headers: { cookie },
      cache: "no-store",
      signal: AbortSignal.timeout(MINT_TIMEOUT_MS),
    });
    if (response.status === 401) return null;
    if (!response.ok) return undefined;
    const body = (await response.json()) as { token?: unknown };
    return typeof body.token === "string" ? body.token : undefined;
  } catch {
    return undefined;
  }
}
