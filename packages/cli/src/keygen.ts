import { existsSync, writeFileSync } from "node:fs";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { UsageError } from "./usage-error";

const ALGORITHMS = ["ES256", "ES384", "EdDSA", "RS256", "PS256"];

/** A new private signing JWK (with `kid`, `alg`, `use`) for the token bridge, and its public set. */
export async function generateBridgeKey(alg = "ES256"): Promise<{ privateKey: JWK; jwks: { keys: JWK[] } }> {
  if (!ALGORITHMS.includes(alg))
    throw new UsageError(`--alg must be one of ${ALGORITHMS.join(", ")} (algorithms Jazz verifies).`);
  const pair = await generateKeyPair(alg, { extractable: true });
  const kid = `jazz-bridge-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const privateKey = { ...(await exportJWK(pair.privateKey)), kid, alg, use: "sig" };
  const publicKey = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" };
  return { privateKey, jwks: { keys: [publicKey] } };
}

/** `jazz-auth keygen`: writes the private key (mode 600, never over an existing file) and returns the public set. */
export async function keygen(out: string, alg: string | undefined, force: boolean): Promise<{ keys: JWK[] }> {
  if (existsSync(out) && !force) throw new UsageError(`${out} exists; pass --force to replace it, or --out <file>.`);
  const { privateKey, jwks } = await generateBridgeKey(alg);
  writeFileSync(out, `${JSON.stringify(privateKey, null, 2)}\n`, { mode: 0o600 });
  return jwks;
}
