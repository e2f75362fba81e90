/** A Better Auth client for Node: the browser's cookie jar and Origin header, done by hand. */
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";

/** A `fetch` that keeps cookies between calls and sends the app's Origin, as a browser would. */
function browserLikeFetch(origin: string): typeof fetch {
  const jar = new Map<string, string>();
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("origin", origin);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(input, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1);
      if (/max-age=0/i.test(cookie) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
}

/** `createAuthClient({ plugins: [jwtClient()] })` against `baseURL`, usable from Node. */
export function createNodeAuthClient(baseURL: string) {
  return createAuthClient({
    baseURL,
    plugins: [jwtClient()],
    fetchOptions: { customFetchImpl: browserLikeFetch(baseURL) },
  });
}
