/**
 * The part of `node:crypto` the verifier and the bridge use, looked up at run time with
 * `process.getBuiltinModule` (Node ≥ 20.16, Deno, Bun) and never imported statically, so edge
 * bundles that have no `node:crypto` load this package unchanged.
 */
export interface NodeCrypto {
  createPublicKey(options: { key: JsonWebKey; format: "jwk" } | string): NodeKeyObject;
  createPrivateKey(options: { key: JsonWebKey; format: "jwk" }): NodeKeyObject;
  sign(algorithm: string | null, data: Uint8Array, key: unknown): Uint8Array;
  verify(algorithm: string | null, data: Uint8Array, key: unknown, signature: Uint8Array): boolean;
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key: unknown,
    signature: Uint8Array,
    callback: (error: Error | null, valid: boolean) => void,
  ): void;
  createHash(algorithm: string): { update(data: string): { digest(encoding: "base64"): string } };
  hash?: (algorithm: string, data: string, encoding: "base64") => string;
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

/** A `node:crypto` `KeyObject`, as far as this package reads it. */
export interface NodeKeyObject {
  readonly asymmetricKeyType?: string;
  export(options: { format: "jwk" }): JsonWebKey;
}

/**
 * `node:crypto` where the runtime has it, else `undefined` (browsers, Cloudflare Workers without
 * `nodejs_compat`, Vercel Edge). Looked up on every call, at construction time of a verifier or a
 * bridge, so a test can take it away by stubbing `process.getBuiltinModule`.
 */
export function nodeCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const module = runtime?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  return typeof module?.verify === "function" && typeof module.createPublicKey === "function" ? module : undefined;
}
