/**
 * A provider migration through the bridge: both issuers are accepted at once, and the `subject`
 * mapping keeps the Jazz user id of people who move from the old provider to the new one.
 */
import { createTestIssuer, outcomeOf, type TestIssuer } from "@jazz-auth/testing";
import { type BridgeEvent, createJazzTokenBridge, type SubjectDecision, type VerifiedToken } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let oldProvider: TestIssuer;
let newProvider: TestIssuer;
let signingKey: JWK;

beforeAll(async () => {
  oldProvider = await createTestIssuer({ algorithms: ["RS256"], audience: "old-app" });
  newProvider = await createTestIssuer({ algorithms: ["EdDSA"], audience: "new-app" });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  signingKey = { ...(await exportJWK(privateKey)), kid: "bridge-1", alg: "ES256" };
});
afterAll(async () => {
  await oldProvider.close();
  await newProvider.close();
});

/** The alias table: a new provider's `sub` → the Jazz id its owner had with the old one. */
const aliases = new Map<string, string>([["new-ada", "old-ada"]]);

async function subject(verified: VerifiedToken): Promise<SubjectDecision> {
  if (verified.issuerName === "old") return null; // the old provider's ids are the Jazz ids
  const alias = aliases.get(verified.userId);
  if (alias === undefined) {
    // Unmapped: a new user, unless its own id is an old user's id.
    const taken = [...aliases.values()].includes(verified.userId);
    return taken ? { refuse: "ERR_SUBJECT_CONFLICT", reason: "this id belongs to a migrated user" } : null;
  }
  const owners = [...aliases].filter(([, old]) => old === alias);
  return owners.length > 1 ? { refuse: "ERR_SUBJECT_CONFLICT", reason: "two accounts claim one old id" } : alias;
}

function bridge(events: BridgeEvent[] = [], extra: { onlyMapped?: boolean } = {}) {
  return createJazzTokenBridge({
    issuers: [
      { name: "old", jwksUrl: oldProvider.jwksUrl, issuer: oldProvider.issuer, audience: "old-app" },
      { name: "new", jwksUrl: newProvider.jwksUrl, issuer: newProvider.issuer, audience: "new-app" },
    ],
    signingKey,
    issuer: "https://app.example.com/jazz-bridge",
    subject: extra.onlyMapped
      ? async (verified) => {
          const decision = await subject(verified);
          return decision === null && verified.issuerName === "new" ? { refuse: "ERR_SUBJECT_NOT_MAPPED" } : decision;
        }
      : subject,
    onEvent: (event) => events.push(event),
  });
}

const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }).sub;

describe("a user moves from the old provider to the new one", () => {
  it("old token → id A, new token → id A", async () => {
    const exchange = bridge();
    const before = await exchange.exchange(await oldProvider.mint({ sub: "old-ada" }));
    const after = await exchange.exchange(await newProvider.mint({ sub: "new-ada" }));
    expect(subOf(before.token)).toBe("old-ada");
    expect(subOf(after.token)).toBe("old-ada");
  });

  it("an unmapped new user → a new id (its own sub)", async () => {
    const { token } = await bridge().exchange(await newProvider.mint({ sub: "new-grace" }));
    expect(subOf(token)).toBe("new-grace");
  });

  it("a collision is refused with ERR_SUBJECT_CONFLICT (two accounts on one old id, or a new id that is an old one)", async () => {
    const exchange = bridge();
    // Two new accounts linked to the same old id: a collision to refuse, never to settle silently.
    aliases.set("new-imposter", "old-ada");
    expect(await outcomeOf(exchange.exchange(await newProvider.mint({ sub: "new-imposter" })))).toBe(
      "ERR_SUBJECT_CONFLICT",
    );
    expect(await outcomeOf(exchange.exchange(await newProvider.mint({ sub: "new-ada" })))).toBe("ERR_SUBJECT_CONFLICT");
    aliases.delete("new-imposter");
    expect(subOf((await exchange.exchange(await newProvider.mint({ sub: "new-ada" }))).token)).toBe("old-ada");
    // A new provider's user whose own sub is an old user's id must not become that user.
    expect(await outcomeOf(exchange.exchange(await newProvider.mint({ sub: "old-ada" })))).toBe("ERR_SUBJECT_CONFLICT");
  });

  it("a policy that admits only mapped users refuses the others with ERR_SUBJECT_NOT_MAPPED, and the handler answers 403", async () => {
    const exchange = bridge([], { onlyMapped: true });
    const token = await newProvider.mint({ sub: "new-grace" });
    expect(await outcomeOf(exchange.exchange(token))).toBe("ERR_SUBJECT_NOT_MAPPED");
    const response = await exchange.handler(
      new Request("http://127.0.0.1/token", { method: "POST", headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "ERR_SUBJECT_NOT_MAPPED" });
  });

  it("a token of neither provider is ERR_ISSUER_UNKNOWN, and a mapped id with white space is still refused", async () => {
    const stranger = await createTestIssuer({ algorithms: ["EdDSA"], audience: "new-app" });
    try {
      expect(await outcomeOf(bridge().exchange(await stranger.mint()))).toBe("ERR_ISSUER_UNKNOWN");
    } finally {
      await stranger.close();
    }
    const spaced = createJazzTokenBridge({
      issuers: [{ jwksUrl: newProvider.jwksUrl, issuer: newProvider.issuer, audience: "new-app" }],
      signingKey,
      issuer: "https://app.example.com/jazz-bridge",
      subject: async () => "old-ada ",
    });
    expect(await outcomeOf(spaced.exchange(await newProvider.mint()))).toBe("ERR_SUBJECT_WHITESPACE");
  });

  it("reports exchanges and refusals with the issuer's name and no token, sub or claim", async () => {
    const events: BridgeEvent[] = [];
    const exchange = bridge(events);
    const tokens = [
      await oldProvider.mint({ sub: "old-ada", secret: "s3cr3t-claim" }),
      await newProvider.mint({ sub: "new-ada" }),
      await newProvider.mint({ sub: "old-ada" }),
    ];
    const minted: string[] = [];
    for (const token of tokens)
      await exchange.exchange(token).then(
        (m) => minted.push(m.token),
        () => undefined,
      );
    expect(
      events.map(({ type, issuer, ...rest }) => ({ type, issuer, mapped: "mapped" in rest ? rest.mapped : null })),
    ).toEqual([
      { type: "bridge-exchanged", issuer: "old", mapped: false },
      { type: "bridge-exchanged", issuer: "new", mapped: true },
      { type: "bridge-refused", issuer: "new", mapped: null },
    ]);
    expect(events[2]).toMatchObject({ code: "ERR_SUBJECT_CONFLICT" });
    const text = JSON.stringify(events);
    const parts = [...tokens, ...minted].flatMap((token) => [token, ...token.split(".")]);
    for (const secret of ["old-ada", "new-ada", "s3cr3t-claim", ...parts]) expect(text).not.toContain(secret);
  });

  it("refuses both `verifier` and `issuers`, and neither", () => {
    const options = { signingKey, issuer: "https://app.example.com/jazz-bridge" };
    expect(() => createJazzTokenBridge(options as never)).toThrow(TypeError);
    expect(() =>
      createJazzTokenBridge({
        ...options,
        verifier: { verify: async () => ({}) as never },
        issuers: [{ jwksUrl: newProvider.jwksUrl, issuer: newProvider.issuer }],
      }),
    ).toThrow(/not both/);
  });

  it("refuses several issuers without a subject mapping: one could sign another's sub and be minted as that user", () => {
    expect(() =>
      createJazzTokenBridge({
        signingKey,
        issuer: "https://app.example.com/jazz-bridge",
        issuers: [
          { name: "old", jwksUrl: oldProvider.jwksUrl, issuer: oldProvider.issuer, audience: "old-app" },
          { name: "new", jwksUrl: newProvider.jwksUrl, issuer: newProvider.issuer, audience: "new-app" },
        ],
      }),
    ).toThrow(/subject/);
  });
});
