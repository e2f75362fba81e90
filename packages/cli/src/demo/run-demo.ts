/**
 * `pnpm demo`: the whole chain with real parts and no account anywhere. A Better Auth server on
 * SQLite issues a JWT, the Better Auth adapter acquires and refreshes it, the strict verifier checks
 * it against the live JWKS, and the Jazz-compatibility check says what a Jazz server will do.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { auth0 } from "@jazz-auth/auth0/preset";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { clerk } from "@jazz-auth/clerk/preset";
import { decodeJwt, type ProviderPreset } from "@jazz-auth/core";
import { firebase } from "@jazz-auth/firebase/preset";
import { checkJazzCompatibility, createVerifier } from "@jazz-auth/verifier";
import { workos } from "@jazz-auth/workos/preset";
import { createNodeAuthClient } from "./auth-client";
import { SetupError, startAuthServer } from "./auth-server";

export { SetupError };

/** Help text of `jazz-auth demo`. */
export const DEMO_HELP = `Usage: jazz-auth demo [--serve] [--port <n>] [--data-dir <dir>]

The whole chain on your machine, no account anywhere: an embedded Better Auth server on SQLite
issues a JWT, the Better Auth adapter acquires and refreshes it, the verifier checks it against
the live JWKS and predicts what a Jazz server will do.


  --serve           keep the auth server running for a real Jazz app (15-minute tokens)
  --port <n>        listen on this port (default: a free one)
  --data-dir <dir>  where the SQLite database lives (default: .data/demo)`;

const DEMO_USER = { email: "demo@jazz-auth.dev", password: "jazz-auth-demo-password", name: "Demo User" };
const SHORT_LIFETIME = "6s";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const line = (text = "") => console.log(text);
const step = (n: number, text: string) => line(`\n${n}. ${text}`);

/** Runs the demo with command-line arguments; a `SetupError` is a one-line problem for the user. */
export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      serve: { type: "boolean", default: false },
      port: { type: "string", default: "0" },
      "data-dir": { type: "string", default: join(process.cwd(), ".data", "demo") },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return line(DEMO_HELP);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SetupError(`--port must be a port number, got ${values.port}.`);
  const started = performance.now();

  line("jazz-auth demo: Better Auth on SQLite → a JWT for Jazz, verified, refreshed. No account anywhere.");
  const server = await startAuthServer({
    dataDir: values["data-dir"],
    port,
    tokenLifetime: values.serve ? "15m" : SHORT_LIFETIME,
  });
  step(
    1,
    `Better Auth is up at ${server.baseURL} (SQLite in ${values["data-dir"]}), with jwt(jazzJwt({...})): ES256, claims nested.`,
  );

  const client = createNodeAuthClient(server.baseURL);
  const signedUp = await client.signUp.email(DEMO_USER);
  if (signedUp.error) {
    const signedIn = await client.signIn.email({ email: DEMO_USER.email, password: DEMO_USER.password });
    if (signedIn.error)
      throw new SetupError(`could not sign the demo user in: ${signedIn.error.message ?? signedIn.error.status}`);
    step(2, `Signed in ${DEMO_USER.email} (already signed up on an earlier run).`);
  } else {
    step(2, `Signed up ${DEMO_USER.email} over HTTP, with the Origin header a browser sends.`);
  }

  const source = betterAuthTokenSource(client, { environment: null });
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

  step(5, "Start a Jazz server that trusts these tokens:");
  line(`   pnpm dlx jazz-tools@alpha server <APP_ID> --jwks-url ${server.jwksUrl}`);

  if (values.serve) {
    line(
      `\nServing. Point a Jazz app's auth client at ${server.baseURL} (createAuthClient({ baseURL, plugins: [jwtClient()] }))`,
    );
    line("and its Jazz server at the JWKS above; sign up with POST /api/auth/sign-up/email. Ctrl-C stops.");
    source.dispose();
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    await server.close();
    return;
  }

  step(6, `Proactive refresh, with ${SHORT_LIFETIME} tokens so you can watch (the default is 15 minutes):`);
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
  source.dispose();
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

  await server.close();
  line(
    `\nDone in ${seconds(performance.now() - started)}. Run \`jazz-auth demo --serve\` (or \`pnpm demo --serve\`) to keep the server up for a Jazz app.`,
  );
}
