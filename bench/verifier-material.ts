/** The keys and tokens every contender of the verifier bench checks: made once, shared by all threads. */
import { generateKeyPairSync, sign } from "node:crypto";
import type { JWK } from "jose";

/** The algorithms the bench measures. */
export const BENCH_ALGORITHMS = ["ES256", "RS256", "EdDSA"] as const;
/** One of {@link BENCH_ALGORITHMS}. */
export type BenchAlgorithm = (typeof BENCH_ALGORITHMS)[number];

/** One algorithm's public key in the forms the contenders take, and tokens signed by its private key. */
export interface AlgorithmMaterial {
  readonly alg: BenchAlgorithm;
  readonly jwk: JWK;
  readonly pem: string;
  readonly issuer: string;
  readonly audience: string;
  /** 1,000 distinct valid tokens (a different `sub` each); the first is the "one token repeated". */
  readonly tokens: readonly string[];
}

const KEY_PAIRS: Record<BenchAlgorithm, Parameters<typeof generateKeyPairSync>> = {
  ES256: ["ec", { namedCurve: "P-256" }] as never,
  RS256: ["rsa", { modulusLength: 2048 }] as never,
  EdDSA: ["ed25519", {}] as never,
};

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");

/** Keys and `count` tokens per algorithm, valid for a day from now. */
export function benchMaterial(count = 1000): AlgorithmMaterial[] {
  const issuer = "https://issuer.bench.example";
  const audience = "jazz-bench";
  const now = Math.floor(Date.now() / 1000);
  return BENCH_ALGORITHMS.map((alg) => {
    const { publicKey, privateKey } = generateKeyPairSync(...(KEY_PAIRS[alg] as [never, never])) as unknown as {
      publicKey: import("node:crypto").KeyObject;
      privateKey: import("node:crypto").KeyObject;
    };
    const kid = `bench-${alg}`;
    const jwk = { ...(publicKey.export({ format: "jwk" }) as JWK), kid, alg, use: "sig" };
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const header = b64(JSON.stringify({ alg, typ: "JWT", kid }));
    const tokens = Array.from({ length: count }, (_, i) => {
      const payload = {
        sub: `user-${i}`,
        iss: issuer,
        aud: audience,
        iat: now,
        exp: now + 86_400,
        claims: { role: "member" },
      };
      const input = `${header}.${b64(JSON.stringify(payload))}`;
      const digest = alg === "EdDSA" ? null : "sha256";
      const key = alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" as const } : privateKey;
      return `${input}.${b64(sign(digest, Buffer.from(input), key))}`;
    });
    return { alg, jwk, pem, issuer, audience, tokens };
  });
}
