/**
 * An embedded Better Auth server on SQLite, configured for Jazz with jazz-auth's server helpers.
 * The demo, the end-to-end test and the browser test all start it.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { jazzJwt, jazzLocalFirstSignUp } from "@jazz-auth/better-auth/server";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { jwt } from "better-auth/plugins";
import Database from "better-sqlite3";

/** Options of {@link startAuthServer}. */
export interface AuthServerOptions {
  /** Where the SQLite database and the secret live; created if missing. */
  readonly dataDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Token lifetime, as Better Auth's `expirationTime` (default "15m"). */
  readonly tokenLifetime?: string;
  /** The audience of local-first sign-up proofs (default "betterauth-signup"). */
  readonly proofAudience?: string;
  /** Refuse sign-ups without a local-first proof (default false). */
  readonly requireProof?: boolean;
  /**
   * More origins allowed to call the API (a Vite dev page, say): Better Auth's `trustedOrigins`,
   * and CORS with credentials for exactly these origins (preflights answered).
   */
  readonly trustedOrigins?: readonly string[];
}

/** A running auth server. */
export interface AuthServer {
  /** `http://127.0.0.1:<port>`: also the tokens' `iss` and `aud`. */
  readonly baseURL: string;
  readonly jwksUrl: string;
  close(): Promise<void>;
}

/** A one-line problem the demo prints instead of a stack trace. */
export class SetupError extends Error {
  override name = "SetupError";
}

function prepareDataDir(dataDir: string): string {
  try {
    if (existsSync(dataDir) && !statSync(dataDir).isDirectory())
      throw new SetupError(`${dataDir} is a file, not a directory.`);
    mkdirSync(dataDir, { recursive: true });
    const secretFile = join(dataDir, "secret");
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
    return readFileSync(secretFile, "utf8").trim();
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(`cannot use the data directory ${dataDir}: ${(error as Error).message}`);
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" ? new SetupError(`port ${port} is in use; pass --port 0 for a free one.`) : error,
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * CORS for the trusted origins: a preflight (`OPTIONS` with `Access-Control-Request-Method`) is
 * answered 204 here, and every answer to a trusted origin allows it with credentials (the session
 * cookie). Other origins get no CORS headers, so a browser keeps their pages out.
 */
function withCors(handler: Handler, origins: ReadonlySet<string>): Handler {
  return (request, response) => {
    const origin = request.headers.origin;
    const trusted = typeof origin === "string" && origins.has(origin);
    response.setHeader("vary", "Origin");
    if (trusted) {
      response.setHeader("access-control-allow-origin", origin);
      response.setHeader("access-control-allow-credentials", "true");
      response.setHeader("access-control-expose-headers", "set-auth-jwt, set-auth-token");
    }
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"]) {
      if (trusted) {
        response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
        const asked = request.headers["access-control-request-headers"];
        response.setHeader("access-control-allow-headers", typeof asked === "string" ? asked : "content-type");
        response.setHeader("access-control-max-age", "600");
      }
      response.statusCode = trusted ? 204 : 403;
      response.end();
      return;
    }
    return handler(request, response);
  };
}

/** Starts Better Auth with `jwt(jazzJwt(...))` and local-first sign-up on 127.0.0.1, migrations included. */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const secret = prepareDataDir(options.dataDir);
  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const baseURL = `http://127.0.0.1:${port}`;
  let database: Database.Database;
  try {
    database = new Database(join(options.dataDir, "auth.sqlite"), { timeout: 2000 });
    database.pragma("journal_mode = WAL");
  } catch (error) {
    server.close();
    throw new SetupError(`cannot open the database in ${options.dataDir}: ${(error as Error).message}`);
  }
  const auth = betterAuth({
    baseURL,
    secret,
    database,
    emailAndPassword: { enabled: true },
    user: { additionalFields: { role: { type: "string", defaultValue: "member", input: false } } },
    trustedOrigins: [baseURL, ...(options.trustedOrigins ?? [])],
    // Better Auth skips the origin check when NODE_ENV is "test"; the demo checks origins everywhere.
    advanced: { disableOriginCheck: false, disableCSRFCheck: false },
    plugins: [
      jwt(
        jazzJwt({
          issuer: baseURL,
          expirationTime: options.tokenLifetime ?? "15m",
          claims: ({ user }) => ({ role: user.role }),
        }),
      ),
      jazzLocalFirstSignUp({
        audience: options.proofAudience ?? "betterauth-signup",
        required: options.requireProof ?? false,
      }),
    ],
  });
  try {
    const { runMigrations } = await getMigrations(auth.options);
    await runMigrations();
  } catch (error) {
    server.close();
    database.close();
    const locked = /SQLITE_BUSY|database is locked/i.test(String((error as Error).message));
    throw new SetupError(
      locked
        ? `the database in ${options.dataDir} is locked by another process.`
        : `migrations failed: ${(error as Error).message}`,
    );
  }
  server.on("request", withCors(toNodeHandler(auth), new Set(options.trustedOrigins ?? [])));
  return {
    baseURL,
    jwksUrl: `${baseURL}/api/auth/jwks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          database.close();
          resolve();
        });
      }),
  };
}
