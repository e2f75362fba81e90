/**
 * A real OpenID provider for the browser tests: panva's oidc-provider (certified) on 127.0.0.1, with
 * one public test client (PKCE, refresh tokens, short-lived tokens), one API (a resource indicator
 * whose access tokens are RS256 JWTs with `aud` = the API), and a one-button login page the test
 * clicks in Chromium. `flavor: "auth0"` serves Auth0's endpoint paths (/authorize, /oauth/token,
 * /.well-known/jwks.json, /v2/logout with `returnTo`), an issuer with Auth0's trailing slash, and
 * Auth0's `audience` parameter in place of `resource`, and the web_message response mode of its
 * silent authentication in an iframe, so that @auth0/auth0-spa-js runs against it.
 * Started and stopped by the test file; nothing reaches the internet.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { freePort } from "@jazz-auth/testing";
import Provider, { errors } from "oidc-provider";

/** The API whose access tokens Jazz gets (the resource indicator, or Auth0's `audience`). */
export const API_AUDIENCE = "https://jazz.test/api";
/** The test client's id (the ID tokens' `aud`). */
export const CLIENT_ID = "jazz-web";
/** The one account; its id is every token's `sub`. */
export const ACCOUNT = "ada";

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  /** The test page's origin: the client's redirect URIs and the only CORS origin allowed. */
  readonly appOrigin: string;
  /** `oidc` (oidc-provider's own paths) or `auth0` (Auth0's paths, issuer and parameters). */
  readonly flavor?: "oidc" | "auth0";
  /** Lifetime of access and ID tokens, in seconds (default 20). */
  readonly tokenSeconds?: number;
}

/** One request the provider answered. */
export interface ProviderRequest {
  readonly method: string;
  readonly path: string;
  /** The token grant (`authorization_code`, `refresh_token`), for POSTs to the token endpoint. */
  readonly grant?: string;
  /** The `response_mode` parameter (`web_message` for Auth0's silent authentication in an iframe). */
  readonly responseMode?: string;
}

/** The running provider. */
export interface OidcProviderServer {
  /** The origin, `http://127.0.0.1:<port>` (Auth0's SDK takes it as its `domain`). */
  readonly origin: string;
  /** The exact `issuer` (and tokens' `iss`): the origin, with a trailing slash for Auth0. */
  readonly issuer: string;
  /** The token endpoint's path. */
  readonly tokenPath: string;
  /** Every request, in order. */
  readonly requests: ProviderRequest[];
  /** How many token grants of `grant` it served. */
  grants(grant: string): number;
  close(): Promise<void>;
}

/** Starts the provider on a free port of 127.0.0.1; `close()` it in `afterAll`. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProviderServer> {
  const auth0 = options.flavor === "auth0";
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const issuer = auth0 ? `${origin}/` : origin;
  const ttl = options.tokenSeconds ?? 20;
  const routes = auth0
    ? { authorization: "/authorize", token: "/oauth/token", jwks: "/.well-known/jwks.json", end_session: "/v2/logout" }
    : {};
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };
  const requested = (ctx: { oidc: { params?: Record<string, unknown> } }) => ctx.oidc.params?.audience;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: [`${options.appOrigin}/`, `${options.appOrigin}/callback`],
        post_logout_redirect_uris: [`${options.appOrigin}/`],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    scopes: ["openid", "offline_access", "profile", "email"],
    ttl: { AccessToken: ttl, IdToken: ttl, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 300 },
    routes,
    ...(auth0 ? { extraParams: ["audience"] } : {}),
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    // Refresh tokens for the test client whether or not offline_access survived (oidc-provider
    // drops it without prompt=consent, OpenID Connect Core 1.0 §11), as Auth0 does with rotation.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(grant: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    clientBasedCORS: (_ctx: unknown, requestOrigin: string) => requestOrigin === options.appOrigin,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // Auth0's silent authentication: a hidden iframe, prompt=none, the answer posted to the page.
      webMessageResponseMode: { enabled: auth0, ack: "individual-draft-01" },
      rpInitiatedLogout: {
        enabled: true,
        // No confirmation page: the form submits itself (Auth0's /v2/logout asks nothing either).
        logoutSource: async (ctx: { body: string }, form: string) => {
          const yes = '<input type="hidden" name="logout" value="yes"/></form>';
          ctx.body = `<!doctype html><body>${form.replace("</form>", yes)}<script>document.forms[0].submit()</script></body>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        // oidc-client-ts sends `resource`; Auth0's SDK sends `audience` (no audience: an opaque token).
        defaultResource: async (ctx: never, _client: unknown, oneOf?: string) =>
          oneOf ?? (auth0 ? (requested(ctx) === API_AUDIENCE ? API_AUDIENCE : undefined) : undefined),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== API_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: "api",
            audience: API_AUDIENCE,
            accessTokenTTL: ttl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
  });

  const requests: ProviderRequest[] = [];
  const tokenPath = auth0 ? "/oauth/token" : "/token";
  const callback = provider.callback();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    const entry: { method: string; path: string; grant?: string; responseMode?: string } = {
      method: request.method ?? "GET",
      path: url.pathname,
      ...(url.searchParams.has("response_mode") ? { responseMode: url.searchParams.get("response_mode") ?? "" } : {}),
    };
    requests.push(entry);
    if (entry.method === "POST" && url.pathname === tokenPath) {
      // Peek at the grant type without consuming the body oidc-provider reads.
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        entry.grant = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("grant_type") ?? "";
      });
    }
    if (auth0 && url.pathname === "/v2/logout" && url.searchParams.has("returnTo")) {
      // Auth0's logout names its return address returnTo; OpenID's names it post_logout_redirect_uri.
      url.searchParams.set("post_logout_redirect_uri", url.searchParams.get("returnTo") ?? "");
      url.searchParams.delete("returnTo");
      request.url = `${url.pathname}${url.search}`;
    }
    if (url.pathname.startsWith("/interaction/")) {
      interact(provider, request, response, url).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
      return;
    }
    callback(request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin,
    issuer,
    tokenPath,
    requests,
    grants: (grant) => requests.filter((request) => request.grant === grant).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The login and consent steps: a page with one "Sign in as Ada" button (the test clicks it), and
 * consent granted at once to everything asked (the OpenID scopes and the API).
 */
async function interact(provider: Provider, request: IncomingMessage, response: ServerResponse, url: URL) {
  const details = await provider.interactionDetails(request, response);
  if (request.method === "POST" && url.pathname.endsWith("/login")) {
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: ACCOUNT } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (details.prompt.name === "login") {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(
      `<!doctype html><title>Test provider</title><form method="post" action="/interaction/${details.uid}/login"><button type="submit">Sign in as Ada</button></form>`,
    );
    return;
  }
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId: CLIENT_ID });
  grant.addOIDCScope(String(details.params.scope ?? "openid"));
  grant.addResourceScope(API_AUDIENCE, "api");
  const grantId = await grant.save();
  await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
