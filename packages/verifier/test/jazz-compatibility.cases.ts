/**
 * The rule tables both target suites run (jazz-compatibility.server.test.ts and
 * .backend.test.ts). Every row names the Jazz source line (garden-co/jazz at 6a363411a, or the
 * library it leaves the behaviour to) next to the verdict it expects from each verifier.
 * a = crates/jazz-tools/src/middleware/auth.rs, r = packages/jazz-tools/src/backend/request-auth.ts,
 * c = packages/jazz-tools/src/runtime/client-session.ts; jwt = jsonwebtoken 9.3.1 src/, sj = serde_json
 * 1.0.149 src/, jose = jose 6.2.17 dist/webapi/.
 */
import { createHmac, KeyObject, sign } from "node:crypto";
import { mintLocalFirstProof } from "@jazz-auth/testing";
import type { JazzCompatibilityOptions, JazzReasonCode, JazzWarningCode } from "@jazz-auth/verifier";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/** What one verifier should say, and where in its source that comes from. */
export interface Expected {
  readonly outcome: "accepted" | "expired" | "invalid";
  readonly code?: JazzReasonCode;
  readonly userId?: string;
  readonly claims?: Record<string, unknown>;
  readonly authMode?: "external" | "local-first" | "anonymous";
  readonly warning?: JazzWarningCode;
  /** The Jazz (or library) source line the verdict follows. */
  readonly source: string;
}

/** One row: a token, the key set (default the oct key `k1`), and both verdicts. */
export interface Case {
  readonly name: string;
  readonly token: (kit: Kit) => Promise<string> | string;
  readonly options?: (kit: Kit) => Partial<JazzCompatibilityOptions>;
  readonly server: Expected;
  readonly backend: Expected;
}

export const NOW = new Date("2026-07-24T12:00:00Z");
export const NOW_S = Math.floor(NOW.getTime() / 1000);
const FUTURE = NOW_S + 3600;
const b64 = (input: string | Uint8Array) => Buffer.from(input).toString("base64url");
const SECRET = Buffer.from("jazz-compat-test-secret-0123456789abcdef");
/** The HMAC key every HS256 row is signed with, as the key set publishes it. */
export const OCT: JWK = { kty: "oct", kid: "k1", alg: "HS256", k: b64(SECRET) };
const H = '{"alg":"HS256","kid":"k1"}';
export const APP_ID = "6a3c4a2e-1b8f-4f8e-9a52-4c2d7e1f0a11";

/** `header.payload.HS256(signature)` over the literal input. */
export const hsInput = (input: string, key: Uint8Array = SECRET): string =>
  `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
/** An HS256 token over raw JSON texts (duplicates, escapes, anything). */
export const hs = (payload: string | Uint8Array, header = H, key: Uint8Array = SECRET): string =>
  hsInput(`${b64(header)}.${b64(payload)}`, key);
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));
/** A payload segment holding `_` or `-`, rewritten in the standard alphabet (`/`, `+`) and signed as it is. */
function standardAlphabetPayload(): string {
  for (let pad = ""; ; pad += "?") {
    const segment = b64(`{"sub":"alice","p":"${pad}","exp":${FUTURE}}`);
    if (/[-_]/.test(segment)) return hsInput(`${b64(H)}.${segment.replace(/-/g, "+").replace(/_/g, "/")}`);
  }
}
const nest = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Keys and servers a row may use; built once per suite by {@link createKit}. */
export interface Kit {
  readonly es256: { readonly jwk: JWK; readonly privateJwk: JWK; sign(header: object, payload: object): string };
  readonly ed25519: { readonly jwk: JWK; sign(header: object, payload: object): string };
  readonly es512: { readonly jwk: JWK; sign(header: object, payload: object): string };
  readonly rsa1024: { readonly jwk: JWK; sign(header: object, payload: object): string };
  readonly rsa2047: { readonly jwk: JWK; sign(header: object, payload: object): string };
  readonly rsa2048: { readonly jwk: JWK; sign(header: object, payload: object): string };
  /** A JWKS served at `${url}/<path>` (see jazz-compatibility.server.test.ts). */
  readonly url: string;
}

async function signer(alg: string, options: Record<string, unknown> = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...options });
  const key = KeyObject.from(privateKey);
  const jwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  return {
    jwk,
    privateJwk,
    sign(header: object, payload: object) {
      const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
      const data = Buffer.from(input);
      const signature = alg.startsWith("ES")
        ? sign(`sha${alg.slice(2)}`, data, { key, dsaEncoding: "ieee-p1363" })
        : alg.startsWith("RS")
          ? sign(`sha${alg.slice(2)}`, data, key)
          : sign(null, data, key);
      return `${input}.${signature.toString("base64url")}`;
    },
  };
}

/** Generates the kit's keys (the RSA ones with node's own generator: jose refuses small ones). */
export async function createKit(url: string): Promise<Kit> {
  const [es256, ed25519, es512] = await Promise.all([signer("ES256"), signer("EdDSA"), signer("ES512")]);
  const { generateKeyPairSync } = await import("node:crypto");
  const rsa = (modulusLength: number) => {
    const pair = generateKeyPairSync("rsa", { modulusLength });
    return {
      jwk: pair.publicKey.export({ format: "jwk" }) as JWK,
      sign(header: object, payload: object) {
        const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
        return `${input}.${sign("sha256", Buffer.from(input), pair.privateKey).toString("base64url")}`;
      },
    };
  };
  const [rsa1024, rsa2047, rsa2048] = [rsa(1024), rsa(2047), rsa(2048)];
  return { es256, ed25519, es512, rsa1024, rsa2047, rsa2048, url };
}

const ok = (source: string, extra: Partial<Expected> = {}): Expected => ({ outcome: "accepted", source, ...extra });
const bad = (code: JazzReasonCode, source: string, extra: Partial<Expected> = {}): Expected => ({
  outcome: "invalid",
  code,
  source,
  ...extra,
});
const keys = (...list: unknown[]) => ({ jwks: { keys: list } });

/** Claims, JSON and `sub` rules (HS256 against the oct key `k1`). */
export const CLAIM_CASES: readonly Case[] = [
  {
    name: "a plain token",
    token: () => hs(`{"sub":"alice","exp":${FUTURE},"claims":{"role":"admin"}}`),
    server: ok("a:895-925", { userId: "alice", claims: { role: "admin", subject: "alice" }, authMode: "external" }),
    backend: ok("r:380-381, c:101-126", {
      userId: "alice",
      claims: { role: "admin", subject: "alice" },
      authMode: "external",
    }),
  },
  {
    name: "exp: null",
    token: () => hs('{"sub":"alice","exp":null}'),
    server: ok("a:188 (Option<u64>: null is None), a:773-775", { warning: "no-exp" }),
    backend: bad("payload-invalid", "r:298-302 (null is not undefined, not a number)"),
  },
  {
    name: "exp written N.0",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}.0}`),
    server: bad("payload-invalid", "a:188 u64; sj de.rs parse_number: `.` makes an f64"),
    backend: ok("r:301 (JSON.parse gives an integer)"),
  },
  {
    name: "exp in exponent form",
    token: () => hs('{"sub":"alice","exp":9e9}'),
    server: bad("payload-invalid", "a:188 u64; sj de.rs parse_number: `e` makes an f64"),
    backend: ok("r:301"),
  },
  {
    name: "exp: -0",
    token: () => hs('{"sub":"alice","exp":-0}'),
    server: bad("payload-invalid", "a:188 u64; sj de.rs parse_number: -0 is an f64"),
    backend: { outcome: "expired", code: "expired", source: "r:301 (-0 is a non-negative integer), r:306-307" },
  },
  {
    name: "exp above u64",
    token: () => hs('{"sub":"alice","exp":18446744073709551616}'),
    server: bad("payload-invalid", "a:188 u64; sj de.rs parse_integer overflows to f64"),
    backend: ok("r:301 (1.8e19 is an integer)"),
  },
  {
    name: "an expired token",
    token: () => hs(`{"sub":"alice","exp":${NOW_S - 60}}`),
    server: { outcome: "expired", code: "expired", userId: "alice", source: "a:777-779 (exp <= now)" },
    backend: { outcome: "expired", code: "expired", userId: "alice", source: "r:306-307" },
  },
  {
    name: "exp equal to now",
    token: () => hs(`{"sub":"alice","exp":${NOW_S}}`),
    server: { outcome: "expired", code: "expired", source: "a:777 (<=, no leeway)" },
    backend: { outcome: "expired", code: "expired", source: "r:306 (<=, no leeway)" },
  },
  {
    name: "an expired token with a blank sub",
    token: () => hs(`{"sub":"  ","exp":${NOW_S - 60}}`),
    server: { outcome: "expired", code: "expired", source: "a:809 (exp) runs before a:1053 → 895-898 (sub)" },
    backend: bad("subject-invalid", "r:363 (sub) runs before r:348 (exp); c:102-103"),
  },
  {
    name: "a numeric sub",
    token: () => hs(`{"sub":42,"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:179 (sub: String)"),
    backend: bad("subject-invalid", "c:36-38, c:102-103; r:289-295"),
  },
  {
    name: "no sub",
    token: () => hs(`{"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:179 (missing field `sub`)"),
    backend: bad("subject-invalid", "c:102-103"),
  },
  {
    name: "a numeric iss",
    token: () => hs(`{"sub":"alice","iss":7,"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:182 (iss: Option<String>)"),
    backend: ok("c:105 (a non-string iss is no issuer)", { claims: { subject: "alice" } }),
  },
  {
    name: "iat as a string",
    token: () => hs(`{"sub":"alice","iat":"now","exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:191 (iat: Option<u64>)"),
    backend: ok("r:297-309 (iat is never read)", { warning: "time-claims-ignored" }),
  },
  {
    name: "iat as a float",
    token: () => hs(`{"sub":"alice","iat":1.5,"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:191 u64"),
    backend: ok("r:297-309"),
  },
  {
    name: "iat: null",
    token: () => hs(`{"sub":"alice","iat":null,"exp":${FUTURE}}`),
    server: ok("a:191 (Option<u64>: null is None)"),
    backend: ok("r:297-309"),
  },
  {
    name: "a negative iat",
    token: () => hs(`{"sub":"alice","iat":-5,"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:191 u64 (sj: a negative integer is an i64)"),
    backend: ok("r:297-309"),
  },
  {
    name: "iss: null",
    token: () => hs(`{"sub":"alice","iss":null,"exp":${FUTURE}}`),
    server: ok("a:182 (None), a:914-917", { claims: { subject: "alice", issuer: null } }),
    backend: ok("c:105", { claims: { subject: "alice" } }),
  },
  {
    name: "iss as an array",
    token: () => hs(`{"sub":"alice","iss":["a","b"],"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:182 (Option<String>)"),
    backend: ok("c:105 (not a string: no issuer)", { claims: { subject: "alice" } }),
  },
  {
    name: "a blank iss",
    token: () => hs(`{"sub":"alice","iss":"  ","claims":{"role":"r"},"exp":${FUTURE}}`),
    server: ok("a:900-904 (an empty trimmed iss is none), a:906-912", { claims: { role: "r", subject: "alice" } }),
    backend: ok("c:105, c:110", { claims: { role: "r", subject: "alice" } }),
  },
  {
    name: "nbf: {}",
    token: () => hs(`{"sub":"alice","nbf":{},"exp":${FUTURE}}`),
    server: ok("jwt validation.rs:334 numeric_type (an empty object is consumed whole)"),
    backend: ok("r:297-309"),
  },
  {
    name: "nbf as a non-empty object",
    token: () => hs(`{"sub":"alice","nbf":{"t":1},"exp":${FUTURE}}`),
    server: bad("payload-invalid", "jwt validation.rs:334 numeric_type + sj end_map: the stream breaks"),
    backend: ok("r:297-309"),
  },
  {
    name: "nbf in the future",
    token: () => hs(`{"sub":"alice","nbf":${FUTURE},"exp":${FUTURE}}`),
    server: ok("a:692 (validate_nbf = false)", { warning: "time-claims-ignored" }),
    backend: ok("r:297-309 (nbf is never read)", { warning: "time-claims-ignored" }),
  },
  {
    name: "nbf as a string",
    token: () => hs(`{"sub":"alice","nbf":"soon","exp":${FUTURE}}`),
    server: ok("jwt validation.rs:187-190 numeric_type: FailedToParse, no error"),
    backend: ok("r:297-309"),
  },
  {
    name: "nbf as a non-empty array",
    token: () => hs(`{"sub":"alice","nbf":[1],"exp":${FUTURE}}`),
    server: bad(
      "payload-invalid",
      "jwt validation.rs:189 numeric_type + sj deserialize_any/end_seq: the stream breaks",
    ),
    backend: ok("r:297-309"),
  },
  {
    name: "nbf ending in a lone leading surrogate",
    token: () => hs(`{"sub":"alice","nbf":"x\\ud800","exp":${FUTURE}}`),
    server: ok(
      "jwt validation.rs:334 numeric_type; sj read.rs:926-933 consumes the closing quote, the stream stays whole",
    ),
    backend: ok("r:297-309"),
  },
  {
    name: "nbf with a lone surrogate inside",
    token: () => hs(`{"sub":"alice","nbf":"\\ud800x","exp":${FUTURE}}`),
    server: bad(
      "payload-invalid",
      'sj read.rs:926-933 stops inside the string; the struct reads `x"` as the next token',
    ),
    backend: ok("r:297-309"),
  },
  {
    name: "aud ending with a value serde_json cannot read",
    token: () => hs(`{"sub":"alice","aud":["a",1e400],"exp":${FUTURE}}`),
    server: ok("jwt validation.rs:221-226 untagged Audience; sj de.rs deserialize_any still calls end_seq"),
    backend: ok("c:94"),
  },
  {
    name: "aud with a value serde_json cannot read before the end",
    token: () => hs(`{"sub":"alice","aud":[1e400,"a"],"exp":${FUTURE}}`),
    server: bad("payload-invalid", "sj de.rs deserialize_any: end_seq meets the next element"),
    backend: ok("c:94"),
  },
  {
    name: "a duplicate sub",
    token: () => hs(`{"sub":"alice","sub":"mallory","exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:176-192 derive: duplicate field `sub`"),
    backend: ok("c:94 (JSON.parse: the last one wins)", { userId: "mallory" }),
  },
  {
    name: "a duplicate sub spelled with an escape",
    token: () => hs(`{"sub":"alice","\\u0073ub":"mallory","exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:176-192 derive compares unescaped names"),
    backend: ok("c:94", { userId: "mallory" }),
  },
  {
    name: "a duplicate aud (read only by jsonwebtoken)",
    token: () => hs(`{"sub":"alice","aud":"a","aud":"b","exp":${FUTURE}}`),
    server: bad("payload-invalid", "jwt validation.rs:186-197 ClaimsForValidation, decoding.rs:267"),
    backend: ok("c:94"),
  },
  {
    name: "a duplicate unknown member",
    token: () => hs(`{"sub":"alice","org":1,"org":2,"exp":${FUTURE}}`),
    server: ok("a:176-192 (unknown members are skipped)", { warning: "top-level-claims-dropped" }),
    backend: ok("c:94", { warning: "top-level-claims-dropped" }),
  },
  {
    name: "a duplicate member inside claims",
    token: () => hs(`{"sub":"alice","claims":{"role":"a","role":"b"},"exp":${FUTURE}}`),
    server: ok("a:185 Value; sj value/de.rs visit_map (insert: last wins)", {
      claims: { role: "b", subject: "alice" },
    }),
    backend: ok("c:94, c:108", { claims: { role: "b", subject: "alice" } }),
  },
  {
    name: "a byte-order mark before the payload",
    token: () => hs(bytes([0xef, 0xbb, 0xbf], `{"sub":"alice","exp":${FUTURE}}`)),
    server: bad("payload-invalid", "jwt serialization.rs:32-34 serde_json::from_slice (no BOM)"),
    backend: bad("payload-invalid", "c:59 Buffer keeps U+FEFF, c:94 JSON.parse refuses it"),
  },
  {
    name: "a byte-order mark before the header",
    token: () => hsInput(`${b64(bytes([0xef, 0xbb, 0xbf], H))}.${b64(`{"sub":"alice","exp":${FUTURE}}`)}`),
    server: bad("header-invalid", "jwt header.rs:87-90; a:728-729"),
    backend: ok("jose lib/validate.js:49 (TextDecoder drops the BOM)"),
  },
  {
    name: "a lone surrogate in sub",
    token: () => hs(`{"sub":"alice\\ud800","exp":${FUTURE}}`),
    server: bad("payload-invalid", "sj read.rs parse_unicode_escape (validate)"),
    backend: ok("c:94 (JSON.parse keeps it)", { userId: "alice\ud800" }),
  },
  {
    name: "a lone surrogate in a skipped member",
    token: () => hs(`{"sub":"alice","note":"\\udc00","exp":${FUTURE}}`),
    server: ok("sj read.rs ignore_escape (no surrogate check)"),
    backend: ok("c:94"),
  },
  {
    name: "a lone surrogate inside claims",
    token: () => hs(`{"sub":"alice","claims":{"role":"\\ud800"},"exp":${FUTURE}}`),
    server: bad("payload-invalid", "a:185 Value parses every string; sj read.rs parse_unicode_escape"),
    backend: ok("c:94"),
  },
  {
    name: "invalid UTF-8 in a skipped member",
    token: () => hs(bytes('{"sub":"alice","note":"', [0xff], `","exp":${FUTURE}}`)),
    server: ok("sj read.rs ignore_str (bytes not checked)"),
    backend: ok("c:59 (U+FFFD)"),
  },
  {
    name: "invalid UTF-8 in sub",
    token: () => hs(bytes('{"sub":"alice', [0xff], `","exp":${FUTURE}}`)),
    server: bad("payload-invalid", "sj read.rs as_str (invalid unicode code point)"),
    backend: ok("c:59 (U+FFFD)", { userId: "alice\ufffd" }),
  },
  {
    name: "claims nested to depth 127 (with the payload)",
    token: () => hs(`{"sub":"alice","claims":{"n":${nest(125)}},"exp":${FUTURE}}`),
    server: ok("sj de.rs check_recursion (remaining_depth 128)"),
    backend: ok("c:94"),
  },
  {
    name: "claims nested to depth 128 (with the payload)",
    token: () => hs(`{"sub":"alice","claims":{"n":${nest(126)}},"exp":${FUTURE}}`),
    server: bad("payload-invalid", "sj de.rs:63 remaining_depth 128, check_recursion"),
    backend: ok("c:94 (no depth limit)"),
  },
  {
    name: "a skipped member nested 300 deep",
    token: () => hs(`{"sub":"alice","deep":${nest(300)},"exp":${FUTURE}}`),
    server: ok("sj de.rs ignore_value (iterative, no limit)"),
    backend: ok("c:94"),
  },
  {
    name: "a payload that is an array",
    token: () => hs('["alice",null,null,null,null]'),
    server: ok("a:176-192 and jwt validation.rs:186-197 derive visit_seq (fields in order)", {
      userId: "alice",
      claims: { subject: "alice", issuer: null },
      warning: "no-exp",
    }),
    backend: bad("payload-invalid", "c:95 (isRecord)"),
  },
  {
    name: "sub with surrounding spaces",
    token: () => hs(`{"sub":"  alice ","exp":${FUTURE}}`),
    server: ok("a:895 str::trim", { userId: "alice", warning: "sub-trimmed" }),
    backend: ok("c:30-34 trim()", { userId: "alice", warning: "sub-trimmed" }),
  },
  {
    name: "sub led by U+0085 (Rust trims it, JavaScript does not)",
    token: () => hs(`{"sub":"\\u0085alice","exp":${FUTURE}}`),
    server: ok("a:895 str::trim (White_Space)", { userId: "alice", warning: "trim-differs" }),
    backend: ok("c:32 trim()", { userId: "\u0085alice", warning: "trim-differs" }),
  },
  {
    name: "sub led by U+FEFF (JavaScript trims it, Rust does not)",
    token: () => hs(`{"sub":"\\ufeffalice","exp":${FUTURE}}`),
    server: ok("a:895 str::trim", { userId: "\ufeffalice" }),
    backend: ok("c:32 trim()", { userId: "alice" }),
  },
  {
    name: "sub that is only U+0085",
    token: () => hs(`{"sub":"\\u0085","exp":${FUTURE}}`),
    server: bad("subject-invalid", "a:895-898"),
    backend: ok("c:32", { userId: "\u0085" }),
  },
  {
    name: "no iss and no nested claims",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    server: ok("a:914-917 (issuer: null)", { claims: { subject: "alice", issuer: null } }),
    backend: ok("c:108-110 (no issuer)", { claims: { subject: "alice" } }),
  },
  {
    name: "no iss and a nested claims.issuer",
    token: () => hs(`{"sub":"alice","claims":{"issuer":"forged"},"exp":${FUTURE}}`),
    server: ok("a:906-912 (only a non-empty iss overwrites)", { claims: { issuer: "forged", subject: "alice" } }),
    backend: ok("c:108-110", { claims: { issuer: "forged", subject: "alice" } }),
  },
  {
    name: "an iss spelled like the local-first issuer with a space",
    token: () => hs(`{"sub":"alice","iss":" urn:jazz:local-first","exp":${FUTURE}}`),
    server: ok("a:942-945 (exact match), a:900-904", {
      authMode: "external",
      claims: { subject: "alice", issuer: "urn:jazz:local-first" },
    }),
    backend: ok("r:366 (exact), c:105, c:113-114 (trimmed)", {
      authMode: "local-first",
      warning: "self-signed-iss-spelling",
    }),
  },
];

/** Header members (HS256 against `k1`). */
export const HEADER_CASES: readonly Case[] = [
  ...(
    [
      ["typ", "1"],
      ["cty", "{}"],
      ["jku", "5"],
      ["x5u", "true"],
      ["x5t", "[]"],
      ["x5c", '"MII"'],
      ["x5c", "[1]"],
      ["jwk", '{"kty":"oct"}'],
    ] as const
  ).map(
    ([member, value]): Case => ({
      name: `header ${member}: ${value}`,
      token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, `{"alg":"HS256","kid":"k1","${member}":${value}}`),
      server: bad("header-invalid", `jwt header.rs:13-67 (${member} is typed), a:728-729`),
      backend: ok("jose lib/jws_verify.js:44-73 reads only alg, crit, b64"),
    }),
  ),
  {
    name: 'header crit: ["exp"]',
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":"HS256","kid":"k1","crit":["exp"]}'),
    server: ok("jwt header.rs:13-67 (no crit field: skipped)", { warning: "header-ignored" }),
    backend: bad("signature-invalid", "jose lib/validate.js:68-85 validateCrit; r:181-191"),
  },
  {
    name: 'kid ""',
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":"HS256","kid":""}'),
    server: bad("no-matching-key", 'a:701-705 (Some("") never equals k1)'),
    backend: ok("r:137-139, 145, 153 (an empty kid filters nothing)", { warning: "kid-not-matched" }),
  },
  {
    name: "kid: 7",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":"HS256","kid":7}'),
    server: bad("header-invalid", "jwt header.rs:43 (kid: Option<String>)"),
    backend: ok("r:145 readString (no kid filter)", { warning: "kid-not-matched" }),
  },
  {
    name: "kid: null",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":"HS256","kid":null}'),
    server: ok("jwt header.rs:43 (null is None), a:701"),
    backend: ok("r:145"),
  },
  {
    name: "a duplicate alg",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":"HS256","alg":"HS256","kid":"k1"}'),
    server: bad("header-invalid", "jwt header.rs derive: duplicate field `alg`"),
    backend: ok("jose lib/validate.js:49 JSON.parse"),
  },
  {
    name: "alg in map form",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, '{"alg":{"HS256":null},"kid":"k1"}'),
    server: ok('jwt header.rs:23 (an enum: serde_json reads {"HS256":null} as the unit variant)'),
    backend: bad("header-invalid", "r:170-173 (alg is not a string)"),
  },
  {
    name: "alg none",
    token: () => `${b64('{"alg":"none"}')}.${b64(`{"sub":"alice","exp":${FUTURE}}`)}.`,
    server: bad("alg-unsupported", "jwt algorithms.rs:16-46, header.rs:23"),
    backend: bad("no-matching-key", "r:157-158 (the key's alg HS256 is not none)"),
  },
  {
    name: "alg ES512 against a P-521 key",
    token: (kit) => kit.es512.sign({ alg: "ES512", kid: "p521" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.es512.jwk, kid: "p521" }),
    server: bad("alg-unsupported", "jwt algorithms.rs:16-46 (no ES512)"),
    backend: ok("jose lib/jws_algorithms.js:58 (ES512)"),
  },
  {
    name: "four segments",
    token: () => `${hs(`{"sub":"alice","exp":${FUTURE}}`)}.x`,
    server: bad("header-invalid", "jwt decoding.rs:284-288 rsplitn leaves a dot in the header"),
    backend: bad("header-invalid", "jose util/decode_protected_header.js:5-6 (3 or 5 parts), r:163-168"),
  },
  {
    name: "a padded payload segment",
    token: () => hsInput(`${b64(H)}.${b64(`{"sub":"alice","exp":${FUTURE}}`)}=`),
    server: bad("payload-invalid", "jwt serialization.rs:10-12, 28-30 (URL_SAFE_NO_PAD)"),
    backend: ok("c:48-59 Buffer; jose lib/buffer_utils.js:55 atob accepts padding"),
  },
  {
    name: "a standard-alphabet payload segment",
    token: standardAlphabetPayload,
    server: bad("payload-invalid", "jwt serialization.rs:10-12 (URL_SAFE_NO_PAD)"),
    backend: bad(
      "signature-invalid",
      "c:48-59 Buffer reads it; jose lib/jws_verify.js:71 then lib/buffer_utils.js:50-53 refuse `+`/`/`",
    ),
  },
];

/** Key-set rules (the token is HS256 with kid `k1` unless a row says otherwise). */
export const JWKS_CASES: readonly Case[] = [
  {
    name: "another key with an unknown alg",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(OCT, { ...OCT, kid: "x", alg: "ES512" }),
    server: bad("jwks-unavailable", "jwt jwk.rs:151-191 KeyAlgorithm; a:480-483, 802-805"),
    backend: ok("r:151-159 (not a candidate)"),
  },
  {
    name: "another key with a numeric kid",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(OCT, { ...OCT, kid: 5 }),
    server: bad("jwks-unavailable", "jwt jwk.rs:251-252 (kid: Option<String>)"),
    backend: ok("r:152 readString"),
  },
  {
    name: "another key of an unknown kty",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(OCT, { kty: "XYZ", kid: "x" }),
    server: bad("jwks-unavailable", "jwt jwk.rs:396-403 untagged AlgorithmParameters"),
    backend: ok("r:151-159"),
  },
  {
    name: "another key on an unknown curve",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(OCT, { kty: "EC", crv: "secp256k1", kid: "x", x: "AA", y: "AA" }),
    server: bad("jwks-unavailable", "jwt jwk.rs:291-305 EllipticCurve"),
    backend: ok("r:151-159"),
  },
  {
    name: "alg: null on the key",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys({ ...OCT, alg: null }),
    server: ok("jwt jwk.rs:247-248 (null is None), a:707"),
    backend: ok("r:157-158 readString"),
  },
  {
    name: "a non-object entry",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(OCT, 5),
    server: bad("jwks-unavailable", "jwt jwk.rs:423-425 (Vec<Jwk>)"),
    backend: ok("r:116-118 (entries filtered)"),
  },
  {
    name: "no keys",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys(),
    server: bad("jwks-unavailable", "a:485-487"),
    backend: bad("jwks-unavailable", "r:112-114"),
  },
  {
    name: "a padded k",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys({ ...OCT, k: `${OCT.k}==` }),
    server: bad("signature-invalid", "jwt decoding.rs:186-192 b64_decode; a:744-749 (the key is skipped)", {
      warning: "key-skipped",
    }),
    backend: ok("jose key/import.js:29-32 (decodeBase64URL → atob accepts padding)"),
  },
  {
    name: "a standard-alphabet k",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, H, Buffer.alloc(32, 0xfb)),
    options: () => keys({ ...OCT, k: Buffer.alloc(32, 0xfb).toString("base64").replace(/=+$/, "") }),
    server: bad("signature-invalid", "jwt serialization.rs:10-12 (URL_SAFE alphabet)", { warning: "key-skipped" }),
    backend: bad("signature-invalid", "jose lib/buffer_utils.js:50-53 (`+`/`/` refused on Node 20)"),
  },
  {
    name: "an empty k",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`, H, new Uint8Array(0)),
    options: () => keys({ ...OCT, k: "" }),
    server: ok("jwt decoding.rs:186-192, crypto/mod.rs:75-79 (ring HMAC takes an empty key)", {
      warning: "hmac-token",
    }),
    backend: bad(
      "signature-invalid",
      "jose key/import.js:29-32, lib/key.js rawKey: WebCrypto refuses an empty HMAC key",
    ),
  },
  {
    name: "use: 5",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys({ ...OCT, use: 5 }),
    server: bad("jwks-unavailable", "jwt jwk.rs:40-66 (use read as a string)"),
    backend: ok("jose lib/key.js:135 (use deleted before import)"),
  },
  {
    name: 'use: "enc"',
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys({ ...OCT, use: "enc" }),
    server: ok("jwt jwk.rs:57-61 (never consulted)"),
    backend: ok("jose key/import.js:29-32 (the oct branch reads only k)"),
  },
  {
    name: 'key_ops: "verify" (not an array)',
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: () => keys({ ...OCT, key_ops: "verify" }),
    server: bad("jwks-unavailable", "jwt jwk.rs:243-244 (Option<Vec<KeyOperations>>)"),
    backend: bad("signature-invalid", "jose lib/key.js:114-125 normalizeJwk"),
  },
  {
    name: 'key_ops: ["encrypt"] on an EC key',
    token: (kit) => kit.es256.sign({ alg: "ES256", kid: "e1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.es256.jwk, kid: "e1", key_ops: ["encrypt"] }),
    server: ok("jwt jwk.rs:243-244 (never consulted)"),
    backend: bad("signature-invalid", "jose lib/key.js:135 (key_ops become the import usages)"),
  },
  {
    name: "an EC key carrying its private d",
    token: (kit) => kit.es256.sign({ alg: "ES256", kid: "e1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.es256.privateJwk, kid: "e1" }),
    server: ok("jwt jwk.rs:405-412 (d is an unknown member)"),
    backend: bad("signature-invalid", "jose lib/key.js:134-135 (imported as a private key), lib/key.js:38-40"),
  },
  {
    name: "an EC key labelled P-384 holding a P-256 point",
    token: (kit) => kit.es256.sign({ alg: "ES256", kid: "e1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.es256.jwk, kid: "e1", crv: "P-384" }),
    server: ok("jwt decoding.rs:116-129 (crv unused), crypto/ecdsa.rs:8-16"),
    backend: bad("signature-invalid", "jose lib/jws_algorithms.js:18-26 (P-256 import of a P-384 JWK)"),
  },
  {
    name: "an OKP key labelled P-256 holding an Ed25519 key",
    token: (kit) => kit.ed25519.sign({ alg: "EdDSA", kid: "d1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.ed25519.jwk, kid: "d1", crv: "P-256" }),
    server: ok("jwt decoding.rs:168-174, crypto/eddsa.rs:8-15 (crv unused)"),
    backend: bad("signature-invalid", "jose lib/key.js:131-135 (WebCrypto refuses the crv)"),
  },
  {
    name: "a 1024-bit RSA key",
    token: (kit) => kit.rsa1024.sign({ alg: "RS256", kid: "r1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.rsa1024.jwk, kid: "r1" }),
    server: bad("signature-invalid", "jwt crypto/rsa.rs:8-18 RSA_PKCS1_2048_8192 (ring refuses < 2048)", {
      warning: "key-skipped",
    }),
    backend: bad("signature-invalid", "jose lib/key.js:94-98 checkModulusLength", { warning: "key-skipped" }),
  },
  {
    name: "a 2047-bit RSA key",
    token: (kit) => kit.rsa2047.sign({ alg: "RS256", kid: "r1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.rsa2047.jwk, kid: "r1" }),
    server: ok("ring 0.17.14 src/rsa/public_modulus.rs:63-67 (the minimum is compared in whole bytes: 2041 bits pass)"),
    backend: bad("signature-invalid", "jose lib/key.js:94-98 checkModulusLength (2048 bits exactly)"),
  },
  {
    name: "an RSA modulus written with a leading zero byte",
    token: (kit) => kit.rsa2048.sign({ alg: "RS256", kid: "r1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) =>
      keys({
        ...kit.rsa2048.jwk,
        kid: "r1",
        n: b64(Buffer.concat([Buffer.from([0]), Buffer.from(kit.rsa2048.jwk.n ?? "", "base64url")])),
      }),
    server: bad("signature-invalid", "ring src/arithmetic/bigint/modulusvalue.rs:53-56 (leading zeros refused)", {
      warning: "key-skipped",
    }),
    backend: ok("WebCrypto reads the JWK's n as an integer"),
  },
  {
    name: "an RSA exponent written with a leading zero byte",
    token: (kit) => kit.rsa2048.sign({ alg: "RS256", kid: "r1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.rsa2048.jwk, kid: "r1", e: "AAEAAQ" }),
    server: bad("signature-invalid", "ring src/rsa/public_exponent.rs from_be_bytes (leading zeros refused)", {
      warning: "key-skipped",
    }),
    backend: ok("WebCrypto reads the JWK's e as an integer"),
  },
  {
    name: "an Ed25519 key",
    token: (kit) => kit.ed25519.sign({ alg: "EdDSA", kid: "d1" }, { sub: "alice", exp: FUTURE }),
    options: (kit) => keys({ ...kit.ed25519.jwk, kid: "d1" }),
    server: ok("jwt crypto/eddsa.rs:8-15"),
    backend: ok("jose lib/jws_algorithms.js:27-36"),
  },
];

/** Fetching the key set over HTTP (the suite's own server on 127.0.0.1). */
export const FETCH_CASES: readonly Case[] = [
  {
    name: "a 203 answer",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/status/203` }),
    server: ok("a:475-478 is_success (any 2xx)"),
    backend: ok("r:101-103 response.ok (any 2xx)"),
  },
  {
    name: "a 500 answer",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/status/500` }),
    server: bad("jwks-unavailable", "a:475-478"),
    backend: bad("jwks-unavailable", "r:101-103"),
  },
  {
    name: "a body led by a byte-order mark",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/bom` }),
    server: bad("jwks-unavailable", "a:480-483 reqwest json → serde_json::from_slice (no BOM)"),
    backend: ok("r:107 response.json (UTF-8 decode drops the BOM)"),
  },
  {
    name: "one redirect",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/redirect/1` }),
    server: ok("builder.rs:345-348 (reqwest's default policy follows)"),
    backend: ok("r:95 fetch (redirect: follow)"),
  },
  {
    name: "nine redirects",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/redirect/9` }),
    server: ok("builder.rs:345-348; reqwest redirect::Policy::default() = limited(10), the first URL counted"),
    backend: ok("r:95 fetch follows up to 20"),
  },
  {
    name: "ten redirects",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/redirect/10` }),
    server: bad(
      "jwks-unavailable",
      "reqwest redirect.rs `previous.len() >= max` after async_impl/client.rs `urls.push`",
    ),
    backend: ok("r:95 fetch follows up to 20"),
  },
  {
    name: "twenty-one redirects",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/redirect/21` }),
    server: bad("jwks-unavailable", "reqwest limited(10)"),
    backend: bad(
      "jwks-unavailable",
      "r:95 fetch: a network error after 20 redirects (Fetch standard, HTTP-redirect fetch)",
    ),
  },
  {
    name: "a key that repeats its kid",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/dupkid` }),
    server: bad("jwks-unavailable", "jwt jwk.rs:230-277 derive (through flatten): duplicate field `kid`"),
    backend: ok("r:107 JSON.parse (last wins)"),
  },
  {
    name: "a 3 MiB body",
    token: () => hs(`{"sub":"alice","exp":${FUTURE}}`),
    options: (kit) => ({ jwksUrl: `${kit.url}/huge` }),
    server: ok("a:480-483 (no size limit)"),
    backend: ok("r:105-110 (no size limit)"),
  },
];

/** Self-signed tokens (local-first and anonymous proofs). */
export const SELF_SIGNED_CASES: readonly Case[] = [
  {
    name: "a local-first proof",
    token: () => mintLocalFirstProof(new Uint8Array(32).fill(1), { audience: APP_ID, now: NOW }),
    options: () => ({ appId: APP_ID }),
    server: ok("a:1019-1039 (claims {})", { authMode: "local-first", claims: {} }),
    backend: ok("r:366-377, c:101-126", { authMode: "local-first" }),
  },
  {
    name: "a local-first proof while local-first auth is off",
    token: () => mintLocalFirstProof(new Uint8Array(32).fill(1), { audience: APP_ID, now: NOW }),
    options: () => ({ appId: APP_ID, allowLocalFirstAuth: false }),
    server: bad("local-first-disabled", "a:1020-1024"),
    backend: bad("local-first-disabled", "r:367-371"),
  },
  {
    name: "an anonymous proof",
    token: () =>
      mintLocalFirstProof(new Uint8Array(32).fill(2), { audience: APP_ID, now: NOW, issuer: "urn:jazz:anonymous" }),
    options: () => ({ appId: APP_ID }),
    server: ok("a:1019, 1031-1033 (always accepted at transport)", { authMode: "anonymous", claims: {} }),
    backend: bad("no-matching-key", "r:366 only local-first is self-signed; r:380 → JWKS", {
      warning: "anonymous-as-external",
    }),
  },
  {
    name: "an expired local-first proof",
    token: () =>
      mintLocalFirstProof(new Uint8Array(32).fill(1), { audience: APP_ID, now: new Date(NOW.getTime() - 3_600_000) }),
    options: () => ({ appId: APP_ID }),
    server: { outcome: "expired", code: "expired", source: "a:506-512 local_first_auth_error" },
    backend: bad("self-signed-invalid", "r:313-316 (every failure is invalid)"),
  },
  {
    name: "a local-first proof without the app id",
    token: () => mintLocalFirstProof(new Uint8Array(32).fill(1), { audience: APP_ID, now: NOW }),
    server: bad("app-id-required", "a:1025-1029 (checked against the app id)", { warning: "undetermined" }),
    backend: bad("app-id-required", "r:373", { warning: "undetermined" }),
  },
];

/** Every table. */
export const ALL_CASES: readonly (readonly [string, readonly Case[]])[] = [
  ["claims, JSON and sub", CLAIM_CASES],
  ["header members", HEADER_CASES],
  ["key sets", JWKS_CASES],
  ["fetching the key set", FETCH_CASES],
  ["self-signed tokens", SELF_SIGNED_CASES],
];
