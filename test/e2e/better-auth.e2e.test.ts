/**
 * The main job end to end, without a browser: a real Better Auth server on a real SQLite file issues
 * a JWT (jazzJwt), local-first sign-up keeps the Jazz identity, the Better Auth adapter acquires and
 * refreshes the token, the strict verifier checks it against the live JWKS, and the Jazz
 * compatibility check predicts the Jazz server's session.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { connectJazz, decodeJwt } from "@jazz-auth/core";
import { createFakeClock, createFakeJazzDb, localFirstIdentity, mintLocalFirstProof } from "@jazz-auth/testing";
import { checkJazzCompatibility, createVerifier } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeAuthClient } from "../../packages/cli/src/demo/auth-client";
import { type AuthServer, startAuthServer } from "../../packages/cli/src/demo/auth-server";

const AUDIENCE = "betterauth-signup";
const dirs: string[] = [];
const servers: AuthServer[] = [];

async function server(options: { tokenLifetime?: string; requireProof?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "jazz-auth-e2e-"));
  dirs.push(dataDir);
  const started = await startAuthServer({ dataDir, ...options });
  servers.push(started);
  return started;
}

const seed = (n: number) => new Uint8Array(32).fill(n);
const signUp = (baseURL: string, email: string, proofToken?: string) =>
  createNodeAuthClient(baseURL).signUp.email({
    email,
    password: "correct-horse-battery",
    name: email,
    ...(proofToken ? { proofToken } : {}),
  } as never);

let main: AuthServer;
beforeAll(async () => {
  main = await server();
});
afterAll(async () => {
  for (const started of servers) await started.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("Better Auth + SQLite → Jazz, end to end", () => {
  it("signs up with a local-first proof and issues a token Jazz accepts for the proven user id", async () => {
    const identity = await localFirstIdentity(seed(1));
    const client = createNodeAuthClient(main.baseURL);
    const signedUp = await client.signUp.email({
      email: "ada@example.com",
      password: "correct-horse-battery",
      name: "Ada",
      proofToken: await mintLocalFirstProof(seed(1), { audience: AUDIENCE }),
    } as never);
    expect(signedUp.error).toBeNull();
    expect(signedUp.data?.user.id).toBe(identity.userId);

    const source = betterAuthTokenSource(client, { environment: null });
    const token = (await source.getToken()) ?? "";
    const { header, payload } = decodeJwt(token);
    expect(header.alg).toBe("ES256");
    expect(payload).toMatchObject({ sub: identity.userId, iss: main.baseURL, claims: { role: "member" } });
    expect(payload).not.toHaveProperty("email");

    const verified = await createVerifier({ preset: betterAuth({ baseURL: main.baseURL }) }).verify(token);
    expect(verified).toMatchObject({
      userId: identity.userId,
      claims: { role: "member", subject: identity.userId, issuer: main.baseURL },
    });
    const jazz = await checkJazzCompatibility(token, { jwksUrl: main.jwksUrl });
    expect(jazz.outcome).toBe("accepted");
    expect(jazz.session).toEqual({ userId: verified.userId, claims: verified.claims });
    source.dispose();
  });

  it.each([
    ["a garbled proof", async () => "not-a-proof"],
    ["a proof for another audience", async () => mintLocalFirstProof(seed(2), { audience: "another-app" })],
    [
      "an expired proof",
      async () => mintLocalFirstProof(seed(3), { audience: AUDIENCE, now: new Date(Date.now() - 3_600_000) }),
    ],
    ["a proof that lives too long", async () => mintLocalFirstProof(seed(4), { audience: AUDIENCE, ttlSeconds: 3600 })],
  ])("answers 400 for %s and creates nothing", async (_label, proof) => {
    const email = `rejected-${Math.random().toString(36).slice(2)}@example.com`;
    const result = await signUp(main.baseURL, email, await proof());
    expect(result.error?.status).toBe(400);
    const signIn = await createNodeAuthClient(main.baseURL).signIn.email({ email, password: "correct-horse-battery" });
    expect(signIn.error?.status).toBe(401);
  });

  it("refuses a proof whose identity is already linked to an account", async () => {
    const proof = await mintLocalFirstProof(seed(5), { audience: AUDIENCE });
    expect((await signUp(main.baseURL, "first@example.com", proof)).error).toBeNull();
    expect((await signUp(main.baseURL, "second@example.com", proof)).error?.status).toBe(400);
  });

  it("requires a proof when configured to", async () => {
    const strict = await server({ requireProof: true });
    expect((await signUp(strict.baseURL, "noproof@example.com")).error).toMatchObject({
      status: 400,
      message: "proofToken is required",
    });
  });

  it("keeps short-lived tokens fresh for a live Jazz client without reconnecting it, and hands one over when Jazz asks", async () => {
    const short = await server({ tokenLifetime: "4s" });
    const client = createNodeAuthClient(short.baseURL);
    await signUp(short.baseURL, "grace@example.com");
    const signIn = await client.signIn.email({ email: "grace@example.com", password: "correct-horse-battery" });
    expect(signIn.error).toBeNull();
    const source = betterAuthTokenSource(client, { environment: null });
    const first = (await source.getToken()) ?? "";
    const clock = createFakeClock({ start: Date.now() });
    const db = createFakeJazzDb({ token: first, clock });
    await clock.advance(100); // the fake Jazz server accepts the first handshake
    const seen = new Set<string>();
    source.subscribe((snapshot) => snapshot.token && seen.add(snapshot.token));
    const disconnect = connectJazz(source, db, { environment: null });
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const fresh = source.getSnapshot().token ?? "";
    expect(fresh).not.toBe(first);
    expect(Number(decodeJwt(fresh).payload.exp) * 1000).toBeGreaterThan(Date.now());
    expect(seen.size).toBeGreaterThanOrEqual(3); // the source refreshed again and again…
    // …and kept them ready: at most the hand-over at creation, when the source's token was no longer
    // the one the Db was created with (a slow first answer on a busy machine), never one per refresh.
    expect(db.updates.length).toBeLessThanOrEqual(1);
    expect(db.connection.authReconnects).toBeLessThanOrEqual(1);

    await clock.advance(100); // a hand-over at creation, if there was one, is answered
    clock.sleep(Date.now() - clock.serverNow()); // the fake server's clock catches up with real time
    const before = db.handshakes.length;
    db.connection.drop(); // the server restarts: Jazz reconnects with the token it holds, long expired
    const outcomes = () => db.handshakes.slice(before).map((handshake) => handshake.outcome);
    expect(await clock.advanceUntil(() => outcomes().length === 2, 3000)).toBe(true);
    expect(outcomes()).toEqual(["expired", "accepted"]);
    expect(decodeJwt(db.handshakes.at(-1)?.token ?? "").payload.sub).toBe(decodeJwt(first).payload.sub);

    await client.signOut();
    expect(await source.getToken({ forceRefresh: true })).toBeNull();
    disconnect();
    db.shutdown();
    source.dispose();
  }, 20_000);
});
