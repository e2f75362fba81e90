/**
 * `pnpm demo`: the whole chain with real parts and no account anywhere. A Better Auth server on
 * SQLite issues a JWT, the Better Auth adapter acquires and refreshes it, the strict verifier checks
 * it against the live JWKS, and the Jazz-compatibility check says what a Jazz server will do.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { auth0 } from "@jazz-auth/auth0/preset";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { clerk } from "@jazz-auth/clerk/preset";
import { decodeJwt, type ProviderPreset, type TokenSource } from "@jazz-auth/core";
import { firebase } from "@jazz-auth/firebase/preset";
import { checkJazzCompatibility, createVerifier } from "@jazz-auth/verifier";
import { workos } from "@jazz-auth/workos/preset";
import { UsageError } from "../usage-error";
import { createNodeAuthClient } from "./auth-client";
import { type AuthServer, SetupError, startAuthServer } from "./auth-server";

export { SetupError };

/** Help text of `jazz-auth demo`. */
export const DEMO_HELP = `Usage: jazz-auth demo [--serve] [--port <n>] [--trusted-origin <origin>]... [--data-dir <dir>]

The whole chain on your machine, no account anywhere: an embedded Better Auth server on SQLite
issues a JWT, the Better Auth adapter acquires and refreshes it, the verifier checks it against
the live JWKS and predicts what a Jazz server will do.

  --serve                    keep the auth server running for a real Jazz app (15-minute tokens)
  --port <n>                 listen on this port (default: a free one)
  --trusted-origin <origin>  let a browser app on this origin sign up and in (Better Auth's
                             trustedOrigins, and CORS with credentials); repeatable
  --data-dir <dir>           where the SQLite database lives (default: .data/demo)`;

const DEMO_USER = { email: "demo@jazz-auth.dev", password: "jazz-auth-demo-password", name: "Demo User" };
const SHORT_LIFETIME = "6s";
/** The app id the printed `jazz-tools server` command uses: `jazz-tools create app --name jazz-auth-demo`. */
export const DEMO_APP_NAME = "jazz-auth-demo";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Jazz's `AppId::from_name` (garden-co/jazz crates/jazz-tools/src/schema_manager/types.rs:31-36):
 * a UUIDv5 in the DNS namespace. `jazz-tools server` takes only a UUID as its app id (types.rs:40).
 */
export function jazzAppIdFromName(name: string): string {
  const namespace = Buffer.from("6ba7b8109dad11d180b400c04fd430c8", "hex");
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The `jazz-tools server` command for the demo's key set, with the flags the server takes:
 * `server <APP_ID>` (a UUID) and `--jwks-url` (garden-co/jazz crates/jazz-tools/src/main.rs:101-119).
 */
export function demoJazzServerCommand(jwksUrl: string): string {
  return `pnpm dlx jazz-tools@alpha server ${jazzAppIdFromName(DEMO_APP_NAME)} --jwks-url ${jwksUrl}`;
}

/** Ports the fetch standard blocks (https://fetch.spec.whatwg.org/#bad-port): Node's fetch and browsers refuse them. */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** A one-line explanation, with what to do, of an error met after the server started. */
function explain(error: unknown, port: number): Error {
  if (error instanceof SetupError) return error;
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  if (BAD_PORTS.has(port) || cause?.message === "bad port")
    return new SetupError(
      `port ${port} is one that fetch refuses (a blocked port: Node's fetch and every browser will not call it); pass another --port, e.g. --port 3000.`,
    );
  if ((error as Error).message === "fetch failed")
    return new SetupError(
      `the demo could not reach its own server (${cause?.code ?? cause?.message ?? "fetch failed"}); check that nothing blocks 127.0.0.1:${port || "<port>"} and run again.`,
    );
  return error instanceof Error ? error : new Error(String(error));
}

/** An origin as Better Auth and browsers compare them: `scheme://host[:port]`, nothing else. */
function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--trusted-origin must be an origin like http://localhost:5173, got ${JSON.stringify(value)}.`,
    );
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== value.replace(/\/$/, ""))
    throw new UsageError(
      `--trusted-origin must be an origin like http://localhost:5173 (scheme, host, port; no path), got ${JSON.stringify(value)}.`,
    );
  return url.origin;
}

/**
 * The server's URL under the page's host name when both are loopback names: the session cookie is
 * SameSite=Lax, so a page on localhost keeps it only from a same-site server (localhost, not 127.0.0.1).
 */
function sameSiteBaseUrl(origin: string, baseURL: string): string {
  const page = new URL(origin);
  const server = new URL(baseURL);
  if (["localhost", "127.0.0.1", "[::1]"].includes(page.hostname)) server.hostname = page.hostname;
  return server.origin;
}

/** Where the demo writes; injected in tests. */
export type DemoOutput = (text: string) => void;

/** Runs the demo with command-line arguments; a `SetupError` is a one-line problem for the user. */
export async function runDemo(args: string[], out: DemoOutput = (text) => console.log(text)): Promise<void> {
  const line = (text = "") => out(text);
  const step = (n: number, text: string) => line(`\n${n}. ${text}`);
  let values: { serve: boolean; port: string; "data-dir": string; help: boolean; "trusted-origin": string[] };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        serve: { type: "boolean", default: false },
        port: { type: "string", default: "0" },
        "trusted-origin": { type: "string", multiple: true, default: [] },
        "data-dir": { type: "string", default: join(process.cwd(), ".data", "demo") },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return line(DEMO_HELP);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535)
    throw new UsageError(`--port must be a port number (0-65535), got ${JSON.stringify(values.port)}.`);
  const trustedOrigins = values["trusted-origin"].map(parseOrigin);
  const started = performance.now();

  line("jazz-auth demo: Better Auth on SQLite → a JWT for Jazz, verified, refreshed. No account anywhere.");
  const server = await startAuthServer({
    dataDir: values["data-dir"],
    port,
    tokenLifetime: values.serve ? "15m" : SHORT_LIFETIME,
    trustedOrigins,
  });
  let source: TokenSource | undefined;
  try {
    const client = createNodeAuthClient(server.baseURL);
    source = betterAuthTokenSource(client, { environment: null });
    await demonstrate({ server, client, source, serve: values.serve, trustedOrigins, line, step });
  } catch (error) {
    throw explain(error, Number(new URL(server.baseURL).port));
  } finally {
    source?.dispose();
    await server.close();
  }
  if (!values.serve)
    line(
      `\nDone in ${seconds(performance.now() - started)}. To keep the server up for a Jazz app, run \`pnpm demo --serve --port 3000\` in a clone of jazz-auth, or \`npx jazz-auth demo --serve --port 3000\` with @jazz-auth/cli installed.`,
    );
}

interface DemoContext {
  readonly server: AuthServer;
  readonly client: ReturnType<typeof createNodeAuthClient>;
  readonly source: TokenSource;
  readonly serve: boolean;
  readonly trustedOrigins: readonly string[];
  readonly line: (text?: string) => void;
  readonly step: (n: number, text: string) => void;
}

async function demonstrate({ server, client, source, serve, trustedOrigins, line, step }: DemoContext): Promise<void> {
  step(1, `Better Auth is up at ${server.baseURL}, with jwt(jazzJwt({...})): ES256, claims nested.`);
  const signedUp = await client.signUp.email(DEMO_USER);
  if (signedUp.error) {
    const signedIn = await client.signIn.email({ email: DEMO_USER.email, password: DEMO_USER.password });
    if (signedIn.error)
      throw new SetupError(`could not sign the demo user in: ${signedIn.error.message ?? signedIn.error.status}`);
    step(2, `Signed in ${DEMO_USER.email} (already signed up on an earlier run).`);
  } else {
    step(2, `Signed up ${DEMO_USER.email} over HTTP, with the Origin header a browser sends.`);
  }

  const token = (await source.getToken()) ?? "";
  const { header, payload } = decodeJwt(token);
  step(3, "Got a JWT with betterAuthTokenSource(authClient):");
  line(`   header  ${JSON.stringify(header)}`);
  line(`   payload ${JSON.stringify(payload)}`);

  const preset = betterAuth({ baseURL: server.baseURL });
  const verified = await createVerifier({ preset }).verify(token);
  const jazz = await checkJazzCompatibility(token, { jwksUrl: server.jwksUrl });
  step(4, "Checked it against the live JWKS:");
  line(
    `   strict verifier (betterAuth preset): valid for user ${verified.userId}, expires ${verified.expiresAt?.toISOString()}`,
  );
  line(`   Jazz server verdict: ${jazz.outcome}`);
  line(
    `   Jazz session: user_id = ${jazz.session?.userId}, claims.role = ${JSON.stringify(jazz.session?.claims.role)}`,
  );
  for (const warning of jazz.warnings) line(`   note: ${warning.message}`);

  step(5, "Start a Jazz server that trusts these tokens (while this auth server runs, e.g. with --serve):");
  line(`   ${demoJazzServerCommand(server.jwksUrl)}`);
  line(`   (the app id is \`jazz-tools create app --name ${DEMO_APP_NAME}\`; use your own app's id)`);

  if (serve) {
    line(`\nServing at ${server.baseURL}.`);
    if (trustedOrigins.length === 0)
      line(
        "No --trusted-origin given: only this server's own origin may sign up (add --trusted-origin http://localhost:5173 for a Vite app).",
      );
    else {
      line(`Trusted origins (sign-up, sign-in and CORS with credentials): ${trustedOrigins.join(", ")}.`);
      for (const origin of trustedOrigins)
        line(
          `  A page on ${origin}: proxy /api/auth to ${server.baseURL} from its dev server, or createAuthClient({ baseURL: "${sameSiteBaseUrl(origin, server.baseURL)}", plugins: [jwtClient()] }).`,
        );
    }
    line("Sign up with POST /api/auth/sign-up/email. Ctrl-C stops.");
    source.dispose();
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    line("Stopped.");
    return;
  }

  step(6, `Proactive refresh, with ${SHORT_LIFETIME} tokens so you can watch (the default is 15 minutes):`);
  line(
    "   (principal: the signed-in user as Jazz sees it, the token's `sub`; a new principal means a new Jazz client)",
  );
  const t0 = performance.now();
  const principal = source.getSnapshot().principal;
  let handedOut = 0;
  let expired = 0;
  let last = source.getSnapshot().token;
  const stop = source.subscribe((snapshot) => {
    if (snapshot.token && snapshot.token !== last) {
      last = snapshot.token;
      const { exp } = decodeJwt(snapshot.token).payload;
      const same = snapshot.principal === principal ? "same principal" : "ANOTHER principal";
      line(
        `   ${seconds(performance.now() - t0).padStart(6)}  new token before the old one expired (${same}), valid until +${seconds(Number(exp) * 1000 - Date.now())}`,
      );
    }
  });
  while (performance.now() - t0 < 10_500) {
    const current = (await source.getToken()) ?? "";
    handedOut += 1;
    if (Number(decodeJwt(current).payload.exp) * 1000 <= Date.now()) expired += 1;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  line(
    `   getToken() handed out ${handedOut} tokens in ${seconds(performance.now() - t0)}: ${expired} expired, 1 principal.`,
  );

  step(7, "The presets (example options):");
  const presets: [string, ProviderPreset][] = [
    ["betterAuth({ baseURL })", preset],
    ["workos({ clientId })", workos({ clientId: "client_01HZX3K9V7Q2M8N4P6R5S1T0AB" })],
    ["clerk({ publishableKey })", clerk({ publishableKey: `pk_test_${btoa("my-app.clerk.accounts.dev$")}` })],
    ["auth0({ domain, audience })", auth0({ domain: "my-tenant.eu.auth0.com", audience: "https://jazz.example.com" })],
    ["firebase({ projectId })", firebase({ projectId: "my-app-12345" })],
  ];
  const rows = presets.map(([call, p]) => [
    p.displayName,
    call,
    [p.issuer].flat()[0] ?? "",
    p.audience === null ? "(none)" : ([p.audience].flat()[0] ?? ""),
    p.subject.example,
    p.jazzServer.safe ? "yes" : "needs the bridge",
  ]);
  const head = ["provider", "preset", "issuer", "audience", "sub example", "Jazz alone?"];
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  const format = (row: string[]) => `   ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`;
  line(format(head));
  line(format(widths.map((width) => "-".repeat(width))));
  for (const row of rows) line(format(row));
  line(
    '   Jazz alone?: whether a Jazz server pointed at the provider\'s JWKS (--jwks-url) is safe by itself. Jazz checks neither `iss` nor `aud`, so "needs the bridge" means that key set also signs tokens that are not for your app (every Firebase project; every API of an Auth0 tenant): put createJazzTokenBridge (@jazz-auth/verifier) in front.',
  );
}
