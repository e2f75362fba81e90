/** Runs the rule tables of jazz-compatibility.cases.ts against one target, with a local JWKS server. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkJazzCompatibility, type JazzTarget } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_CASES, type Case, createKit, type Kit, NOW, OCT } from "./jazz-compatibility.cases";

/** A JWKS server on 127.0.0.1: `/jwks`, `/status/<n>`, `/bom`, `/dupkid`, `/redirect/<hops>`, `/huge`. */
export async function startJwksServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify({ keys: [OCT] });
  const server: Server = createServer((request, response) => {
    const [, route, arg] = (request.url ?? "").split("/");
    if (route === "status") return response.writeHead(Number(arg)).end(body);
    if (route === "bom")
      return response.writeHead(200).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
    if (route === "dupkid")
      return response.writeHead(200).end(`{"keys":[{"kty":"oct","kid":"k1","kid":"k1","alg":"HS256","k":"${OCT.k}"}]}`);
    if (route === "huge")
      return response.writeHead(200).end(JSON.stringify({ keys: [OCT], padding: "x".repeat(3 << 20) }));
    if (route === "redirect") {
      const left = Number(arg);
      return response.writeHead(302, { location: left > 1 ? `/redirect/${left - 1}` : "/jwks" }).end();
    }
    return response.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Defines one `describe` per table, each row an `it` that checks the verdict the row expects for `target`. */
export function runTables(target: JazzTarget): void {
  let kit: Kit;
  let jwksServer: Awaited<ReturnType<typeof startJwksServer>>;
  beforeAll(async () => {
    jwksServer = await startJwksServer();
    kit = await createKit(jwksServer.url);
  });
  afterAll(() => jwksServer.close());

  for (const [table, cases] of ALL_CASES) {
    describe(`${target}: ${table}`, () => {
      it.each(cases.map((row) => [row.name, row] as const))("%s", async (_name, row: Case) => {
        const expected = row[target];
        const extra = row.options?.(kit) ?? {};
        const keySet = "jwks" in extra || "jwksUrl" in extra ? {} : { jwks: { keys: [OCT] } };
        const result = await checkJazzCompatibility(await row.token(kit), { now: NOW, target, ...keySet, ...extra });
        const where = `${row.name}: expected per ${expected.source}`;
        expect(result.target).toBe(target);
        expect(result.outcome, where).toBe(expected.outcome);
        if (expected.outcome === "accepted") expect(result.reasonCode, where).toBeUndefined();
        if (expected.code) expect(result.reasonCode, where).toBe(expected.code);
        if (expected.userId !== undefined) expect(result.session?.userId, where).toBe(expected.userId);
        if (expected.claims) expect(result.session?.claims, where).toEqual(expected.claims);
        if (expected.authMode) expect(result.authMode, where).toBe(expected.authMode);
        if (expected.warning)
          expect(
            result.warnings.map((warning) => warning.code),
            where,
          ).toContain(expected.warning);
      });
    });
  }
}
