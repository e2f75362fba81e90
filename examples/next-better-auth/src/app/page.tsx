import { headers } from "next/headers";
import { mintInitialToken } from "./initial-token";
import { JazzAuthPanel } from "./jazz-auth-panel";

/**
 * A server component: it reads the request's Better Auth session and mints its JWT before the page
 * renders, so the client component is signed in (or signed out) in the HTML itself. Reading the
 * request's headers makes the page dynamic: rendered per request, never cached, as a token must be.
 */
export default async function Page() {
  const initialToken = await mintInitialToken(await headers());
  return (
    <main>
      <h1>jazz-auth · Better Auth + Next.js (SSR)</h1>
      <p>
        The server minted this request's token and handed it to the browser's token source as <code>initialToken</code>:
        the page is signed in from its first paint, with no <code>/token</code> call on load.
      </p>
      <JazzAuthPanel initialToken={initialToken} />
    </main>
  );
}
