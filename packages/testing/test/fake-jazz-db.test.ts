// Each test names the garden-co/jazz source (commit 6a363411a) whose behaviour it pins.
import {
  createFakeClock,
  createFakeJazzConnection,
  createFakeJazzDb,
  type FakeJazzAuthState,
  JAZZ_SERVER_MESSAGES,
  jazzServerVerdict,
  mapAuthReason,
  mintUnsignedJwt,
  sessionFromJwt,
  unauthenticatedMessage,
  workerAuthReason,
} from "@jazz-auth/testing";
import { jazzClientSession } from "@jazz-auth/verifier";
import { describe, expect, it } from "vitest";

const LATENCY = 50;

function setup(options: { claims?: Record<string, unknown> } = {}) {
  const clock = createFakeClock();
  let minted = 0;
  const mint = (sub = "user-1", lifetimeSeconds = 600, extra: Record<string, unknown> = {}) => {
    const iat = Math.floor(clock.serverNow() / 1000);
    minted += 1;
    return mintUnsignedJwt({ sub, iat, exp: iat + lifetimeSeconds, jti: `t${minted}`, ...options.claims, ...extra });
  };
  const db = createFakeJazzDb({ token: mint(), clock });
  const states: FakeJazzAuthState[] = [];
  db.onAuthChanged((state) => states.push(state));
  return { clock, mint, db, states };
}

describe("createFakeJazzDb: the session (runtime/client-session.ts:101-132)", () => {
  it("derives it with the verifier's jazzClientSession, not a copy of the rule", () => {
    const payload = { sub: " user-1 ", iss: "urn:jazz:local-first", role: "top", claims: { role: "admin" } };
    const token = mintUnsignedJwt(payload);
    expect(sessionFromJwt(token)).toEqual(jazzClientSession(payload));
    expect(sessionFromJwt(token)).toEqual({
      user_id: "user-1",
      claims: { role: "admin", subject: "user-1", issuer: "urn:jazz:local-first" },
      authMode: "local-first",
    });
    expect(sessionFromJwt("opaque-access-token")).toBeNull();
  });
});

describe("createFakeJazzDb: handing a token over (db.ts:868-884, transport_manager.rs:884-1037)", () => {
  it("closes a live socket and handshakes again for a changed token, and counts it (ConnectedExit::UpdateAuth, 983-991)", async () => {
    const { clock, mint, db } = setup();
    await clock.advance(LATENCY);
    expect(db.connected).toBe(true);
    db.updateAuthToken(mint());
    expect(db.connected).toBe(false);
    await clock.advance(LATENCY);
    expect(db.connection.authReconnects).toBe(1);
    expect(db.handshakes.map((handshake) => handshake.trigger)).toEqual(["initial", "auth-reconnect"]);
    expect(db.connected).toBe(true);
  });

  it("while backing off, stores the token and connects at once, not counted as a reconnect (918-922, 1029-1033)", async () => {
    const { clock, mint, db } = setup();
    await clock.advance(LATENCY);
    db.connection.drop();
    expect(db.connection.phase).toMatchObject({ kind: "backing-off", delayMs: 400 });
    const next = mint();
    db.updateAuthToken(next);
    await clock.advance(LATENCY);
    expect(db.handshakes.at(-1)).toMatchObject({ token: next, trigger: "auth-update", outcome: "accepted" });
    expect(db.connection.authReconnects).toBe(0);
  });

  it("reconnects by itself after a drop the page cannot see, with the token it holds, after 300 ms · 2^n + jitter (408-428)", async () => {
    const { clock, db } = setup();
    await clock.advance(LATENCY);
    db.connection.drop();
    await clock.advance(399);
    expect(db.handshakes).toHaveLength(1);
    await clock.advance(1 + LATENCY);
    expect(db.handshakes.at(-1)).toMatchObject({ trigger: "retry", token: db.token, outcome: "accepted" });
  });

  it("keeps failing while offline, backing off up to 9.6 s + jitter, and retries when the backoff runs out, not on `online`", async () => {
    const { clock, db } = setup();
    await clock.advance(LATENCY);
    db.connection.setOnline(false);
    await clock.advance(60_000);
    expect(db.connection.phase).toMatchObject({ kind: "backing-off", delayMs: 9700 });
    db.connection.setOnline(true);
    expect(db.handshakes).toHaveLength(1);
    await clock.advance(9700 + LATENCY);
    expect(db.handshakes.at(-1)).toMatchObject({ trigger: "retry", outcome: "accepted" });
  });

  it("is a no-op for the same token without an error (applyAuthUpdate returns false, db.ts:875-877)", async () => {
    const { clock, db, states } = setup();
    await clock.advance(LATENCY);
    db.updateAuthToken(db.token);
    await clock.advance(LATENCY);
    expect(db.updates).toHaveLength(0);
    expect(db.handshakes).toHaveLength(1);
    expect(states).toHaveLength(1);
  });

  it("does not re-emit an equal state: a new token with the same claims reconnects silently (auth-state.ts:28-36, 110)", async () => {
    const { clock, mint, db, states } = setup();
    await clock.advance(LATENCY);
    db.updateAuthToken(mint());
    await clock.advance(LATENCY);
    expect(db.updates).toHaveLength(1);
    expect(states).toHaveLength(1);
    db.updateAuthToken(mint("user-1", 600, { claims: { role: "writer" } }));
    expect(states.map((state) => state.session?.claims.role)).toEqual([undefined, "writer"]);
  });

  it("retries the handshake for the same token after a rejection: clearing the error changes the state (auth-state.ts:106-113)", async () => {
    const { clock, db, states } = setup();
    db.verdict = () => "invalid";
    await clock.advance(LATENCY);
    expect(db.paused).toBe(true);
    db.verdict = () => "accepted";
    db.updateAuthToken(db.token);
    await clock.advance(LATENCY);
    expect(db.connected).toBe(true);
    expect(states.map((state) => state.error)).toEqual([undefined, "invalid", undefined]);
    expect(db.handshakes.map((handshake) => handshake.trigger)).toEqual(["initial", "auth-update"]);
  });

  it("stays suspended after a rejection until a token is handed over (995-1011), but db.reconnect() handshakes again", async () => {
    const { clock, db } = setup();
    db.verdict = () => "invalid";
    await clock.advance(60_000);
    expect(db.handshakes).toHaveLength(1);
    db.reconnect();
    await clock.advance(LATENCY);
    expect(db.handshakes.map((handshake) => handshake.trigger)).toEqual(["initial", "app-reconnect"]);
  });

  it("rejects asynchronously: the server's verdict arrives after the handshake, not inside updateAuthToken", async () => {
    const { clock, mint, db, states } = setup();
    await clock.advance(LATENCY);
    clock.sleep(3_600_000);
    db.updateAuthToken(mint("user-1", 600, { iat: 0, exp: 1 }));
    expect(db.getAuthState().error).toBeUndefined();
    await clock.advance(LATENCY - 1);
    expect(db.getAuthState().error).toBeUndefined();
    await clock.advance(1);
    expect(states.map((state) => state.error)).toEqual([undefined, "expired"]);
  });
});

describe("createFakeJazzDb: the four reasons (auth-state.ts:7-13, client.ts:644-648; auth.rs, websocket.rs)", () => {
  const reasonFor = async (token: string, verdict = jazzServerVerdict()) => {
    const clock = createFakeClock();
    const db = createFakeJazzDb({ token, clock, verdict });
    await clock.advance(LATENCY);
    return { reason: db.getAuthState().error, handshake: db.handshakes[0] };
  };

  it("maps the real server's texts: expired, missing (a missing sub), disabled, invalid", async () => {
    const expired = await reasonFor(mintUnsignedJwt({ sub: "u", exp: 1 }));
    expect(expired).toMatchObject({ reason: "expired", handshake: { message: JAZZ_SERVER_MESSAGES.expired } });
    const noSub = await reasonFor(mintUnsignedJwt({ name: "no sub" }));
    expect(noSub).toMatchObject({ reason: "missing", handshake: { code: "invalid" } });
    expect(noSub.handshake?.message).toContain("missing field `sub`");
    const disabled = await reasonFor(mintUnsignedJwt({ sub: "u" }), jazzServerVerdict({ externalAuth: false }));
    expect(disabled).toMatchObject({ reason: "disabled", handshake: { message: JAZZ_SERVER_MESSAGES.jwtDisabled } });
    expect((await reasonFor(mintUnsignedJwt({ sub: "   " }))).reason).toBe("invalid");
    expect((await reasonFor("opaque")).reason).toBe("invalid");
  });

  it("classifies by lower-cased substring in that order: anything containing 'expired' is expired", () => {
    expect(mapAuthReason(unauthenticatedMessage("invalid", "no JWKS key matched token kid 'EXPIRED-2025'"))).toBe(
      "expired",
    );
    expect(mapAuthReason("Token Missing and disabled")).toBe("missing");
    expect(mapAuthReason("Auth Disabled")).toBe("disabled");
    expect(mapAuthReason(JAZZ_SERVER_MESSAGES.sessionRequired)).toBe("invalid");
  });

  it("in a browser, the worker's exact match turns every JSON text into invalid (worker_host.rs:1126-1133)", () => {
    expect(workerAuthReason(JAZZ_SERVER_MESSAGES.expired)).toBe("invalid");
    expect(workerAuthReason(JAZZ_SERVER_MESSAGES.jwtDisabled)).toBe("invalid");
    expect(["Unauthorized", "expired", "Missing token", "Auth disabled"].map(workerAuthReason)).toEqual([
      "expired",
      "expired",
      "missing",
      "disabled",
    ]);
  });

  it("judges local-first tokens by their own rules (auth.rs:1011-1041)", () => {
    const verdict = jazzServerVerdict({ localFirstAuth: false });
    const proof = mintUnsignedJwt({ sub: "u", iss: "urn:jazz:local-first", exp: 10 }, { alg: "EdDSA" });
    expect(verdict(proof, 0)).toBe(JAZZ_SERVER_MESSAGES.localFirstDisabled);
    expect(jazzServerVerdict()(proof, 10_000)).toBe(JAZZ_SERVER_MESSAGES.expired);
    expect(jazzServerVerdict({ externalAuth: false })(proof, 0)).toBe("accepted");
    expect(jazzServerVerdict()(null, 0)).toBe(JAZZ_SERVER_MESSAGES.sessionRequired);
  });
});

describe("createFakeJazzDb: principal changes (auth-state.ts:98-104)", () => {
  it("throws the real message on another sub or on null, and hands nothing over", () => {
    const { db, mint } = setup();
    expect(() => db.updateAuthToken(mint("user-2"))).toThrow(
      "Changing auth principal on a live client is not supported. Recreate the Db.",
    );
    expect(() => db.updateAuthToken(null)).toThrow(/Recreate the Db/);
    expect(() => db.updateAuthToken("opaque")).toThrow(/Recreate the Db/);
    expect(db.updates).toHaveLength(0);
  });

  it("compares user ids with null on both sides: a sessionless Db takes null or another opaque token, never a session", async () => {
    const clock = createFakeClock();
    const db = createFakeJazzDb({ token: "opaque-1", clock });
    db.updateAuthToken("opaque-2");
    db.updateAuthToken(null);
    expect(db.updates).toEqual(["opaque-2"]);
    expect(db.token).toBe("");
    expect(() => db.updateAuthToken(mintUnsignedJwt({ sub: "user-1" }))).toThrow(/Recreate the Db/);
    await clock.advance(LATENCY);
    expect(db.handshakes.at(-1)).toMatchObject({ token: null, message: JAZZ_SERVER_MESSAGES.sessionRequired });
  });
});

describe("createFakeJazzDb: a local-first secret (db.ts:817-849, 1834-1875)", () => {
  it("mints its token and refreshes it at 80 % of the 3600 s TTL on running time, reconnecting each time", async () => {
    const clock = createFakeClock();
    const minted: number[] = [];
    const mint = (nowMs: number, ttlSeconds: number) => {
      minted.push(nowMs);
      const iat = Math.floor(nowMs / 1000);
      return mintUnsignedJwt({ sub: "lf-user", iss: "urn:jazz:local-first", iat, exp: iat + ttlSeconds });
    };
    const db = createFakeJazzDb({ clock, localFirst: { mint } });
    expect(db.getAuthState().authMode).toBe("local-first");
    await clock.advance(2_880_000 - 1);
    expect(minted).toHaveLength(1);
    await clock.advance(1 + LATENCY);
    expect(minted).toHaveLength(2);
    expect(db.connection.authReconnects).toBe(1);
    await clock.advance(2_880_000);
    expect(minted).toHaveLength(3);
    expect(db.handshakes.every((handshake) => handshake.outcome === "accepted")).toBe(true);
    expect(() => createFakeJazzDb({ clock, token: "t", localFirst: { mint } })).toThrow(/mutually exclusive/);
  });
});

describe("createFakeJazzConnection: tabs sharing the leader's socket (browser-connection-manager.ts, connection-roles/*)", () => {
  function tabs(count: number) {
    const clock = createFakeClock();
    const connection = createFakeJazzConnection({ clock });
    const iat = Math.floor(clock.serverNow() / 1000);
    let minted = 0;
    const mint = () => {
      minted += 1;
      return mintUnsignedJwt({ sub: "user-1", iat, exp: iat + 600, jti: minted });
    };
    const dbs = Array.from({ length: count }, () => createFakeJazzDb({ token: mint(), clock, connection }));
    return { clock, connection, mint, dbs };
  }

  it("sends every tab's updateAuth to the one transport: three tabs' refreshes are three reconnects", async () => {
    const { clock, connection, mint, dbs } = tabs(3);
    await clock.advance(LATENCY);
    expect(dbs.map((db) => db.role)).toEqual(["leader", "follower", "follower"]);
    for (const db of dbs) {
      db.updateAuthToken(mint());
      await clock.advance(LATENCY);
    }
    expect(connection.authReconnects).toBe(3);
    expect(connection.auth).toBe(dbs[2]?.token);
  });

  it("posts a rejection to every tab's store, as the worker's reason (worker_host.rs:991-995)", async () => {
    const { clock, connection, dbs } = tabs(3);
    connection.verdict = () => JAZZ_SERVER_MESSAGES.expired;
    await clock.advance(LATENCY);
    expect(dbs.map((db) => db.getAuthState().error)).toEqual(["invalid", "invalid", "invalid"]);
    expect(connection.handshakes[0]).toMatchObject({ outcome: "invalid", code: "expired" });
  });

  it("shuts the transport down with its last tab, leaving no timer behind", async () => {
    const { clock, connection, dbs } = tabs(2);
    dbs[0]?.shutdown();
    expect(connection.phase.kind).toBe("handshaking");
    dbs[1]?.shutdown();
    expect(connection.phase.kind).toBe("stopped");
    expect(clock.pending()).toHaveLength(0);
  });

  it("lets only the leader disconnect and reconnect (follower-port-connection-role.ts:57-63)", () => {
    const { dbs } = tabs(2);
    expect(() => dbs[1]?.disconnect()).toThrow("Db.disconnect() is only supported on the browser leader tab.");
    expect(() => dbs[0]?.disconnect()).not.toThrow();
    expect(dbs[0]?.connection.phase.kind).toBe("stopped");
  });
});
