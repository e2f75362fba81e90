import { request as httpRequest } from "node:http";
import { createTestIssuer, type TestIssuer, verifierFor } from "@jazz-auth/testing";
import { jazzClientSession, jazzSessionClaims, type Verifier } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** The verifiers a framework's test app guards its two routes with. */
export interface ContractRoutes {
  /** Guards `GET /api/me`, which answers `{ auth }` (the attached value as JSON). */
  readonly verifier: Verifier;
  /** Guards `GET /down/me`: its issuer's JWKS endpoint resets every connection. */
  readonly downVerifier: Verifier;
  /** The issuers behind them, for a server that builds its verifiers itself (in another process). */
  readonly issuer: TestIssuer;
  readonly down: TestIssuer;
}

/** A running server of the framework under test, on 127.0.0.1. */
export interface RunningServer {
  readonly url: string;
  /** What a server in another process wrote to its stdout and stderr so far. */
  output?(): string;
  close(): Promise<void>;
}

/** How the framework hands two `Authorization` headers to the middleware. */
export type DuplicateHeaders =
  /** Node's `IncomingMessage.headers` keeps the first and discards the rest (Node docs, message.headers). */
  | "first"
  /** A web `Headers` object joins them with ", " (Fetch standard), which no token survives. */
  | "joined";

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A request with one `Authorization` line per value (so two can be sent), bounded in time. */
function send(url: string, authorization: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "GET", timeout: 10_000 }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
    if (authorization.length > 0) request.setHeader("authorization", authorization);
    request.end();
  });
}

/** Everything written to the console and to stdout/stderr while `run` runs. */
async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; written: string }> {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(" "));
  };
  const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(record),
  );
  const writes = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      record(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return true;
    }),
  );
  try {
    const result = await run();
    return { result, written: chunks.join("\n") };
  } finally {
    for (const spy of [...spies, ...writes]) spy.mockRestore();
  }
}

/**
 * The middleware contract, run against a real server of one framework: the bearer rules of
 * Jazz's backend, what is attached, the RFC 6750 answers, and the token never echoed or logged.
 */
export function describeMiddlewareContract(
  framework: string,
  start: (routes: ContractRoutes) => Promise<RunningServer>,
  duplicates: DuplicateHeaders,
  startTimeoutMs = 60_000,
  more?: (running: () => { server: RunningServer; issuer: TestIssuer }) => void,
): void {
  describe(`${framework} middleware on a real server`, () => {
    let issuer: TestIssuer;
    let down: TestIssuer;
    let server: RunningServer;

    beforeAll(async () => {
      issuer = await createTestIssuer();
      down = await createTestIssuer();
      down.mode = "down";
      server = await start({ verifier: verifierFor(issuer), downVerifier: verifierFor(down), issuer, down });
    }, startTimeoutMs);

    afterAll(async () => {
      await server?.close();
      await issuer?.close();
      await down?.close();
    }, 30_000);

    const get = (path: string, ...authorization: string[]) => send(`${server.url}${path}`, authorization);

    const challenge = (answer: Answer) => answer.headers["www-authenticate"];

    it("attaches userId, claims, issuer and Jazz's session for a token the verifier accepts", async () => {
      const claims = { role: "admin", teams: ["a"] };
      const token = await issuer.mint({ sub: "user-42", claims });
      const answer = await get("/api/me", `Bearer ${token}`);
      expect(answer.status).toBe(200);
      const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
      expect(JSON.parse(answer.text)).toEqual({
        auth: {
          userId: "user-42",
          issuer: issuer.issuer,
          issuerName: issuer.issuer,
          claims: jazzSessionClaims(payload, "user-42"),
          session: jazzClientSession(payload),
          expiresAt: new Date(payload.exp * 1000).toISOString(),
        },
      });
      expect(JSON.parse(answer.text).auth.session).toEqual({
        user_id: "user-42",
        claims: { role: "admin", teams: ["a"], subject: "user-42", issuer: issuer.issuer },
        authMode: "external",
      });
    });

    it("trims the token with trim() after `Bearer ` (request-auth.ts:68)", async () => {
      const token = await issuer.mint();
      const answer = await get("/api/me", `Bearer    ${token}`);
      expect(answer.status).toBe(200);
    });

    it("answers a request without Authorization with 401 and a bare challenge (RFC 6750 §3.1)", async () => {
      const answer = await get("/api/me");
      expect(answer.status).toBe(401);
      expect(challenge(answer)).toBe('Bearer realm="jazz"');
      expect(JSON.parse(answer.text)).toEqual({ error: "unauthorized", code: "ERR_NO_CREDENTIALS" });
    });

    it("answers another scheme as no credentials", async () => {
      const answer = await get("/api/me", "Basic dXNlcjpwYXNz");
      expect(answer.status).toBe(401);
      expect(challenge(answer)).toBe('Bearer realm="jazz"');
      expect(JSON.parse(answer.text).code).toBe("ERR_NO_CREDENTIALS");
    });

    it("refuses the scheme in another case, as Jazz does (startsWith, request-auth.ts:64), with 400 invalid_request", async () => {
      const token = await issuer.mint();
      for (const value of [`bearer ${token}`, `BEARER ${token}`]) {
        const answer = await get("/api/me", value);
        expect(answer.status).toBe(400);
        expect(challenge(answer)).toBe(
          'Bearer realm="jazz", error="invalid_request", error_description="ERR_BEARER_SCHEME"',
        );
        expect(JSON.parse(answer.text)).toEqual({ error: "invalid_request", code: "ERR_BEARER_SCHEME" });
      }
    });

    it("refuses `Bearer` with no token (request-auth.ts:69-71) with 400 invalid_request", async () => {
      const answer = await get("/api/me", "Bearer   ");
      expect(answer.status).toBe(400);
      expect(challenge(answer)).toBe(
        'Bearer realm="jazz", error="invalid_request", error_description="ERR_EMPTY_TOKEN"',
      );
      expect(JSON.parse(answer.text)).toEqual({ error: "invalid_request", code: "ERR_EMPTY_TOKEN" });
    });

    it("answers a refused token with 401 invalid_token naming the verifier's code", async () => {
      const cases: [string, string][] = [
        [await issuer.mint({ exp: Math.floor(Date.now() / 1000) - 3600 }), "ERR_EXPIRED"],
        [await issuer.mint({ aud: "someone-else" }), "ERR_AUDIENCE_MISMATCH"],
        [await issuer.mint({}, { foreignKey: true, kid: null }), "ERR_SIGNATURE_INVALID"],
        ["not-a-jwt", "ERR_MALFORMED"],
      ];
      for (const [token, code] of cases) {
        const answer = await get("/api/me", `Bearer ${token}`);
        expect(answer.status).toBe(401);
        expect(challenge(answer)).toBe(`Bearer realm="jazz", error="invalid_token", error_description="${code}"`);
        expect(JSON.parse(answer.text)).toEqual({ error: "invalid_token", code });
        expect(answer.headers["cache-control"]).toBe("no-store");
      }
    });

    it("refuses a sub that Jazz's backend and server read as two users (U+FEFF: trim() drops it, Rust's trim keeps it)", async () => {
      const answer = await get("/api/me", `Bearer ${await issuer.mint({ sub: "\uFEFFuser-1" })}`);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toEqual({ error: "invalid_token", code: "ERR_CLAIM_INVALID" });
    });

    it("answers 503 without a challenge, saying when to retry, while the key set cannot be loaded", async () => {
      const answer = await get("/down/me", `Bearer ${await down.mint()}`);
      expect(answer.status).toBe(503);
      expect(challenge(answer)).toBeUndefined();
      // The verifier asks the endpoint again after its cooldown (10 s by default), counted from the failure.
      const retryAfter = Number(answer.headers["retry-after"]);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 10).toBe(true);
      expect(JSON.parse(answer.text)).toEqual({ error: "temporarily_unavailable", code: "ERR_JWKS_UNAVAILABLE" });
    });

    it(`reads two Authorization headers as the framework hands them over (${duplicates})`, async () => {
      const token = await issuer.mint();
      const answer = await get("/api/me", `Bearer ${token}`, "Bearer second");
      if (duplicates === "first") {
        expect(answer.status).toBe(200);
      } else {
        expect(answer.status).toBe(401);
        expect(JSON.parse(answer.text).code).toBe("ERR_MALFORMED");
      }
    });

    it("never echoes or logs the token, accepted or refused", async () => {
      const accepted = await issuer.mint({ sub: "user-9" });
      const expired = await issuer.mint({ sub: "user-9", exp: Math.floor(Date.now() / 1000) - 60 });
      const recognizable = "jazz-secret-RECOGNIZABLE-0123456789";
      const forged = `${accepted.slice(0, accepted.lastIndexOf("."))}.${recognizable}`;
      const { result, written } = await captureOutput(() =>
        Promise.all([
          get("/api/me", `Bearer ${accepted}`),
          get("/api/me", `Bearer ${expired}`),
          get("/api/me", `Bearer ${recognizable}`),
          get("/api/me", `Bearer ${forged}`),
          get("/api/me", `bearer ${recognizable}`),
          get("/down/me", `Bearer ${recognizable}`),
        ]),
      );
      expect(result.map((answer) => answer.status)).toEqual([200, 401, 401, 401, 400, 401]);
      const everything = [
        written,
        server.output?.() ?? "",
        ...result.map((answer) => `${JSON.stringify(answer.headers)}\n${answer.text}`),
      ];
      for (const secret of [
        accepted,
        expired,
        recognizable,
        accepted.split(".")[2] ?? "",
        expired.split(".")[2] ?? "",
      ]) {
        for (const text of everything) expect(text).not.toContain(secret);
      }
    });

    more?.(() => ({ server, issuer }));
  });
}
