/**
 * The verifier the security suite attacks, in one of two shapes: a single-issuer `createVerifier`
 * (the default), or — after {@link takeVerifierShape}("multi"), as multi-issuer.security.test.ts
 * does before importing the suite — a multi-issuer one where the suite's issuer is the middle of
 * three entries, between two decoy issuers with keys of their own. Every case then runs through
 * routing by `iss` as well, and must get the same refusal (an `iss` that matches no entry is
 * `ERR_ISSUER_UNKNOWN` there, where a single verifier says `ERR_ISSUER_MISMATCH`: see
 * {@link issuerRefusal}).
 */
import { generateKeyPairSync } from "node:crypto";
import type { TestIssuer } from "@jazz-auth/testing";
import {
  createVerifier as createSingleOrMulti,
  type IssuerOptions,
  type MultiIssuerVerifierOptions,
  type SignatureChecks,
  type VerificationErrorCode,
  type Verifier,
  type VerifierOptions,
} from "@jazz-auth/verifier";
import type { JWK } from "jose";

/** Which verifier the suite builds. */
export type VerifierShape = "single" | "multi";

let shape: VerifierShape = "single";
/** How many verifiers of each shape the suite built in this file. */
export const built: Record<VerifierShape, number> = { single: 0, multi: 0 };

/** Makes every verifier built from now on in this test file take `next` shape. */
export function takeVerifierShape(next: VerifierShape): void {
  shape = next;
}

let signatureChecks: SignatureChecks | undefined;

/**
 * Makes every verifier built from now on in this test file check signatures in `form` (its
 * `signatureChecks` option) unless a case gives its own: how node-crypto-pool-path.security.test.ts
 * runs the suite with every node:crypto check on the thread pool.
 */
export function takeSignatureChecks(form: SignatureChecks): void {
  signatureChecks = form;
}

/** The shape of this run. */
export const verifierShape = (): VerifierShape => shape;

/** The code for a token whose `iss` is not the configured one, in this run's shape. */
export const issuerRefusal = (): VerificationErrorCode =>
  shape === "multi" ? "ERR_ISSUER_UNKNOWN" : "ERR_ISSUER_MISMATCH";

/** A decoy issuer: its own ES256 key, its own `iss` and audience. */
function decoy(n: number): IssuerOptions {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...(publicKey.export({ format: "jwk" }) as JWK), kid: `decoy-${n}`, alg: "ES256", use: "sig" };
  return { jwks: { keys: [jwk] }, issuer: `https://decoy-${n}.example`, audience: `decoy-${n}` };
}

let decoys: readonly [IssuerOptions, IssuerOptions] | null = null;

/** `createVerifier(options)` in this run's shape: alone, or as the middle of three issuers. */
export function createVerifier(given: VerifierOptions): Verifier {
  const options = signatureChecks && !given.signatureChecks ? { ...given, signatureChecks } : given;
  if (shape === "single") {
    built.single++;
    return createSingleOrMulti(options);
  }
  decoys ??= [decoy(1), decoy(2)];
  const { tokenCache, maxTokenBytes, clock, onEvent, signatureChecks: form, ...entry } = options;
  const multi: MultiIssuerVerifierOptions = {
    issuers: [decoys[0], entry, decoys[1]],
    ...(form === undefined ? {} : { signatureChecks: form }),
    ...(tokenCache === undefined ? {} : { tokenCache }),
    ...(maxTokenBytes === undefined ? {} : { maxTokenBytes }),
    ...(clock === undefined ? {} : { clock }),
    ...(onEvent === undefined ? {} : { onEvent }),
  };
  built.multi++;
  return createSingleOrMulti(multi);
}

/** A strict verifier pinned to a test issuer (as `verifierFor` of @jazz-auth/testing), in this run's shape. */
export function verifierFor(issuer: TestIssuer, options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    jwksUrl: issuer.jwksUrl,
    issuer: issuer.issuer,
    audience: issuer.audience,
    ...options,
  } as VerifierOptions);
}
