import { constants, KeyObject, sign } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "@jazz-auth/core";
import { createVerifier, type Verifier, type VerifierOptions } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** How the issuer's JWKS endpoint behaves. */
export type JwksMode = "ok" | "down" | "slow" | "garbage" | "empty" | "error" | "redirect" | "huge";

/** Options of {@link TestIssuer.signRaw} and {@link TestIssuer.signInput}. */
export interface RawSignOptions {
  /** The algorithm whose current key signs (default: the issuer's first). */
  readonly alg?: string;
  /** Sign with an outsider's key of the same algorithm. */
  readonly foreignKey?: boolean;
}

/** Options of {@link TestIssuer.mint}. */
export interface MintOptions {
  /** The algorithm (default: the issuer's first). */
  readonly alg?: string;
  /** Override or remove (`null`) the `kid` header. */
  readonly kid?: string | null;
  /** Extra protected-header members. */
  readonly header?: Record<string, unknown>;
  /** Sign with an outsider's key of the same algorithm (the JWKS does not have it). */
  readonly foreignKey?: boolean;
}

/** A local JWKS issuer for tests; see {@link createTestIssuer}. */
export interface TestIssuer {
  /** `http://127.0.0.1:<port>`: the default `iss`. */
  readonly url: string;
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** How many JWKS requests the endpoint has answered (in any mode). */
  readonly fetches: number;
  /** How the endpoint behaves now (default "ok"). */
  mode: JwksMode;
  /** The delay of mode "slow", in ms (default 10 000). */
  slowMs: number;
  /** The public key set as served in mode "ok". */
  jwks(): { keys: JWK[] };
  /** When set, mode "ok" serves this document instead of {@link TestIssuer.jwks} (for odd key sets). */
  jwksOverride: unknown;
  /**
   * Signs raw header and payload JSON texts as given (duplicate members, `crit`, anything), with
   * the current key of `alg` (or an outsider's): for tokens a well-behaved library would not make.
   */
  signRaw(headerJson: string, payloadJson: string, options?: RawSignOptions): Promise<string>;
  /** Signs an already encoded `header.payload` string as it is (even if not canonical base64url). */
  signInput(signingInput: string, options?: RawSignOptions): Promise<string>;
  /**
   * Signs a token. Defaults: `sub: "user-1"`, `iss`, `aud`, `iat` now, `exp` in 10 minutes;
   * `claims` members override them, and `undefined` removes one.
   */
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Adds a new current key per algorithm; the old ones stay published unless `dropOld`. */
  rotate(options?: { readonly dropOld?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** Signing algorithms, one current key each (default `["ES256"]`). */
  readonly algorithms?: readonly string[];
  /** The `iss` to mint (default: the server's URL). */
  readonly issuer?: string;
  readonly audience?: string;
  /** The clock `iat`/`exp` come from (default `Date.now()`). */
  readonly clock?: Clock;
}

/** A JWS signature over `input`, base64url, with node:crypto (no header rules applied). */
function signWith(alg: string, privateKey: CryptoKey, input: string): string {
  const key = KeyObject.from(privateKey);
  const data = Buffer.from(input);
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith("ES")) return sign(hash, data, { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
  if (alg.startsWith("PS")) {
    return sign(hash, data, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(alg.slice(2)) / 8,
    }).toString("base64url");
  }
  if (alg.startsWith("RS")) return sign(hash, data, key).toString("base64url");
  return sign(null, data, key).toString("base64url");
}

interface SigningKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/**
 * Starts a JWKS server on 127.0.0.1 (an ephemeral port) that mints tokens, rotates keys, counts
 * fetches and fails on demand: `down` (connection reset), `slow`, `garbage` (not JSON), `empty`
 * (`{"keys":[]}`), `error` (HTTP 500), `redirect` (302) and `huge` (a 2 MiB answer). Close it in `afterAll`/`afterEach`.
 *
 * @example
 * ```ts
 * const issuer = await createTestIssuer({ algorithms: ["ES256", "EdDSA"] });
 * const verifier = createVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
 * await verifier.verify(await issuer.mint({ sub: "user-7" }));
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const algorithms = options.algorithms ?? ["ES256"];
  const clock = options.clock ?? { now: () => Date.now() };
  let generation = 0;
  let keys: SigningKey[] = [];
  let fetches = 0;

  async function newKey(alg: string): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `${alg.toLowerCase()}-${++generation}-${crypto.randomUUID().slice(0, 8)}`;
    return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
  }
  keys = await Promise.all(algorithms.map(newKey));

  const respond = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, { "content-type": "application/json", "cache-control": "max-age=300" }).end(body);
  };
  const server = createServer((request, response) => {
    if (request.url !== "/.well-known/jwks.json") return respond(response, 404, "{}");
    fetches += 1;
    switch (issuer.mode) {
      case "down":
        return request.socket.destroy();
      case "garbage":
        return respond(response, 200, "<html>not a key set</html>");
      case "empty":
        return respond(response, 200, JSON.stringify({ keys: [] }));
      case "error":
        return respond(response, 500, "{}");
      case "redirect":
        response.writeHead(302, { location: `${url}/.well-known/jwks.json` }).end();
        return;
      case "huge":
        return respond(response, 200, JSON.stringify({ keys: issuer.jwks().keys, padding: "x".repeat(2 << 20) }));
      case "slow": {
        const timer = setTimeout(() => respond(response, 200, JSON.stringify(issuer.jwks())), issuer.slowMs);
        response.on("close", () => clearTimeout(timer));
        return;
      }
      default:
        return respond(response, 200, JSON.stringify(issuer.jwksOverride ?? issuer.jwks()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const issuer: TestIssuer = {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    issuer: options.issuer ?? url,
    audience: options.audience ?? "jazz-auth-test",
    get fetches() {
      return fetches;
    },
    mode: "ok",
    slowMs: 10_000,
    jwks: () => ({ keys: keys.map((key) => key.publicJwk) }),
    jwksOverride: undefined,
    signRaw(headerJson, payloadJson, rawOptions = {}) {
      const input = `${Buffer.from(headerJson).toString("base64url")}.${Buffer.from(payloadJson).toString("base64url")}`;
      return issuer.signInput(input, rawOptions);
    },
    async signInput(input, rawOptions = {}) {
      const alg = rawOptions.alg ?? algorithms[0] ?? "ES256";
      const current = keys.filter((key) => key.alg === alg).at(-1);
      const signer = rawOptions.foreignKey || !current ? await newKey(alg) : current;
      return `${input}.${signWith(alg, signer.privateKey, input)}`;
    },
    async mint(claims = {}, mintOptions = {}) {
      const alg = mintOptions.alg ?? algorithms[0] ?? "ES256";
      const current = keys.filter((key) => key.alg === alg).at(-1);
      const signer = mintOptions.foreignKey || !current ? await newKey(alg) : current;
      const now = Math.floor(clock.now() / 1000);
      const payload: Record<string, unknown> = {
        sub: "user-1",
        iss: issuer.issuer,
        aud: issuer.audience,
        iat: now,
        exp: now + 600,
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      const kid = mintOptions.kid === undefined ? signer.kid : mintOptions.kid;
      const header = { alg, typ: "JWT", ...(kid === null ? {} : { kid }), ...mintOptions.header };
      return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(signer.privateKey);
    },
    async rotate(rotateOptions = {}) {
      const fresh = await Promise.all(algorithms.map(newKey));
      keys = rotateOptions.dropOld ? fresh : [...keys, ...fresh];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return issuer;
}

/**
 * A strict verifier pinned to a test issuer: its JWKS URL, `iss` and `aud`, plus any other options
 * (a fake clock, cache tuning, an allow-list).
 */
export function verifierFor(issuer: TestIssuer, options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    jwksUrl: issuer.jwksUrl,
    issuer: issuer.issuer,
    audience: issuer.audience,
    ...options,
  } as VerifierOptions);
}
