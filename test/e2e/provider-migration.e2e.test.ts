/**
 * A provider migration on a real Better Auth SQLite database (docs/server/multi-issuer.md, "Moving
 * from one provider to another"): users of an old provider (here a local Firebase-shaped issuer)
 * move to Better Auth, both are accepted at once by one bridge, and the old id is kept as the Jazz
 * user id through a row of Better Auth's own `account` table (providerId "legacy-firebase",
 * accountId = the old uid). The `subject` mapping below is the one the page shows.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { betterAuthTokenSource } from "@jazz-auth/better-auth";
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import {
  checkJazzCompatibility,
  createJazzTokenBridge,
  type JazzTokenBridge,
  type SubjectDecision,
  type VerifiedToken,
} from "@jazz-auth/verifier";
import Database from "better-sqlite3";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeAuthClient } from "../../packages/cli/src/demo/auth-client";
import { type AuthServer, startAuthServer } from "../../packages/cli/src/demo/auth-server";

/** The mapping of docs/server/multi-issuer.md, over Better Auth's `account` table. */
function legacySubject(db: Database.Database) {
  const legacyIdsOf = db.prepare<[string], { accountId: string }>(
    "SELECT accountId FROM account WHERE providerId = 'legacy-firebase' AND userId = ?",
  );
  const ownersOf = db.prepare<[string], { userId: string }>(
    "SELECT userId FROM account WHERE providerId = 'legacy-firebase' AND accountId = ?",
  );
  return async (verified: VerifiedToken): Promise<SubjectDecision> => {
    if (verified.issuerName === "firebase") {
      // An old token: its uid is the Jazz id, unless two Better Auth users claim that uid.
      return ownersOf.all(verified.userId).length > 1 ? { refuse: "ERR_SUBJECT_CONFLICT" } : null;
    }
    const legacy = legacyIdsOf.all(verified.userId);
    if (legacy.length > 1) return { refuse: "ERR_SUBJECT_CONFLICT", reason: "several old accounts are linked" };
    const [linked] = legacy;
    if (linked) {
      const owners = ownersOf.all(linked.accountId);
      return owners.length > 1
        ? { refuse: "ERR_SUBJECT_CONFLICT", reason: "the old id is linked twice" }
        : linked.accountId;
    }
    // Unmapped: a new user keeps its Better Auth id, unless that id is someone's old uid.
    return ownersOf.all(verified.userId).length > 0 ? { refuse: "ERR_SUBJECT_CONFLICT" } : null;
  };
}

let dataDir: string;
let server: AuthServer;
let legacy: TestIssuer;
let db: Database.Database;
let bridge: JazzTokenBridge;

const signUpAndToken = async (email: string) => {
  const client = createNodeAuthClient(server.baseURL);
  const signedUp = await client.signUp.email({ email, password: "correct-horse-battery", name: email } as never);
  expect(signedUp.error).toBeNull();
  const source = betterAuthTokenSource(client, { environment: null });
  const token = (await source.getToken()) ?? "";
  source.dispose();
  return { userId: signedUp.data?.user.id ?? "", token };
};
const link = (userId: string, legacyUid: string) =>
  db
    .prepare(
      "INSERT INTO account (id, accountId, providerId, userId, createdAt, updatedAt) VALUES (?, ?, 'legacy-firebase', ?, ?, ?)",
    )
    .run(randomUUID(), legacyUid, userId, Date.now(), Date.now());
const jazzUserOf = async (minted: string) => {
  const verdict = await checkJazzCompatibility(minted, { jwks: bridge.jwks() });
  expect(verdict.outcome).toBe("accepted");
  return verdict.session?.userId;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jazz-auth-migration-"));
  server = await startAuthServer({ dataDir });
  legacy = await createTestIssuer({
    algorithms: ["RS256"],
    issuer: "https://securetoken.google.com/legacy-app",
    audience: "legacy-app",
  });
  db = new Database(join(dataDir, "auth.sqlite"), { timeout: 2000 });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  bridge = createJazzTokenBridge({
    issuers: [
      {
        name: "firebase",
        jwksUrl: legacy.jwksUrl,
        issuer: legacy.issuer,
        audience: "legacy-app",
        algorithms: ["RS256"],
      },
      betterAuth({ baseURL: server.baseURL }),
    ],
    signingKey: { ...(await exportJWK(privateKey)), kid: "bridge-1", alg: "ES256" },
    issuer: "https://app.example.com/jazz-bridge",
    subject: legacySubject(db),
  });
});
afterAll(async () => {
  db?.close();
  await legacy?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("moving from an old provider to Better Auth on SQLite, one Jazz user id throughout", () => {
  it("old token → id A; the same person on Better Auth, linked in `account` → id A", async () => {
    const before = await bridge.exchange(await legacy.mint({ sub: "fbUidAda0000000000000000001" }));
    expect(await jazzUserOf(before.token)).toBe("fbUidAda0000000000000000001");

    const ada = await signUpAndToken("ada@example.com");
    link(ada.userId, "fbUidAda0000000000000000001");
    const after = await bridge.exchange(ada.token);
    expect(await jazzUserOf(after.token)).toBe("fbUidAda0000000000000000001");
  });

  it("an unmapped new user → a new id (its Better Auth id)", async () => {
    const grace = await signUpAndToken("grace@example.com");
    expect(await jazzUserOf((await bridge.exchange(grace.token)).token)).toBe(grace.userId);
  });

  it("a collision is refused with ERR_SUBJECT_CONFLICT: an old uid linked to two Better Auth users", async () => {
    const bob = await signUpAndToken("bob@example.com");
    const eve = await signUpAndToken("eve@example.com");
    link(bob.userId, "fbUidBob0000000000000000002");
    link(eve.userId, "fbUidBob0000000000000000002");
    expect(await outcomeOf(bridge.exchange(bob.token))).toBe("ERR_SUBJECT_CONFLICT");
    expect(await outcomeOf(bridge.exchange(eve.token))).toBe("ERR_SUBJECT_CONFLICT");
    expect(await outcomeOf(bridge.exchange(await legacy.mint({ sub: "fbUidBob0000000000000000002" })))).toBe(
      "ERR_SUBJECT_CONFLICT",
    );
  });

  it("a token of neither provider is ERR_ISSUER_UNKNOWN", async () => {
    const stranger = await createTestIssuer({ algorithms: ["RS256"], audience: "legacy-app" });
    try {
      expect(await outcomeOf(bridge.exchange(await stranger.mint()))).toBe("ERR_ISSUER_UNKNOWN");
    } finally {
      await stranger.close();
    }
  });
});
