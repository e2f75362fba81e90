import { createFakeClock, createFakeJazzDb, createScriptedProvider, sessionFromJwt } from "@jazz-auth/testing";
import { describe, expect, it } from "vitest";

function setup() {
  const clock = createFakeClock();
  const provider = createScriptedProvider({ clock, lifetimeSeconds: 60 });
  const db = createFakeJazzDb({ token: provider.mint("user-1"), clock });
  return { clock, provider, db };
}

describe("createFakeJazzDb (jazz-contract.md §3)", () => {
  it("derives the session like Jazz: trimmed sub, nested claims plus subject and issuer", () => {
    const { provider } = setup();
    const token = provider.mint(" user-1 ", {
      iss: "https://idp.example",
      role: "top-level",
      claims: { role: "admin" },
    });
    expect(sessionFromJwt(token)).toEqual({
      user_id: "user-1",
      claims: { role: "admin", subject: "user-1", issuer: "https://idp.example" },
    });
    expect(sessionFromJwt("opaque")).toBeNull();
  });

  it("throws on a principal change, including null", () => {
    const { db, provider } = setup();
    expect(() => db.updateAuthToken(provider.mint("user-2"))).toThrow(/Recreate the Db/);
    expect(() => db.updateAuthToken(null)).toThrow(/Recreate the Db/);
  });

  it("stays paused after a rejection until a new token arrives", async () => {
    const { db, clock, provider } = setup();
    expect(db.connected).toBe(true);
    db.disconnect();
    clock.sleep(120_000);
    const states: unknown[] = [];
    db.onAuthChanged((state) => states.push(state.error));
    db.reconnect();
    expect(db.paused).toBe(true);
    expect(db.getAuthState().error).toBe("expired");
    db.reconnect();
    expect(db.handshakes).toHaveLength(2);
    db.updateAuthToken(provider.mint("user-1"));
    expect(db.connected).toBe(true);
    expect(states).toEqual([undefined, "expired", undefined]);
  });

  it("treats the same token without an error as a no-op, and resends it after an error", () => {
    const { db } = setup();
    db.updateAuthToken(db.token);
    expect(db.updates).toHaveLength(0);
    db.verdict = () => "invalid";
    db.reconnect();
    db.verdict = () => "accepted";
    db.updateAuthToken(db.token);
    expect(db.updates).toHaveLength(1);
    expect(db.connected).toBe(true);
  });

  it("stores a token received while disconnected and uses it on reconnect", () => {
    const { db, provider } = setup();
    db.disconnect();
    const next = provider.mint("user-1");
    db.updateAuthToken(next);
    expect(db.handshakes).toHaveLength(1);
    db.reconnect();
    expect(db.handshakes.at(-1)).toMatchObject({ token: next, outcome: "accepted" });
  });
});
