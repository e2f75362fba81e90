import { predictBackend } from "./backend";
import { differences } from "./compare";
import { predictServer } from "./server";
import type { JazzCompatibility, JazzCompatibilityOptions, JazzVerifierComparison } from "./types";

export type {
  JazzCompatibility,
  JazzCompatibilityOptions,
  JazzDifference,
  JazzReasonCode,
  JazzTarget,
  JazzVerifierComparison,
  JazzWarning,
  JazzWarningCode,
} from "./types";

/**
 * Predicts what one Jazz verifier does with a token, by that verifier's own rules at garden-co/jazz
 * 6a363411a: `target: "server"` (default) is the Rust sync server (auth.rs with jsonwebtoken 9.3.1),
 * `"backend"` the TS backend's `createJazzContext().forRequest` (request-auth.ts with jose 6.2).
 * Both are much looser than {@link createVerifier}: no `iss`/`aud`/`nbf` checks, HMAC keys accepted,
 * keys chosen by exact `kid` and JWK `alg`. The verdict carries a stable `reasonCode`, the session
 * Jazz builds, and warnings with stable codes (`undetermined` marks what the source does not settle).
 * Never throws for a token or a key set; docs/server/jazz-compatibility.md lists every rule.
 *
 * @example
 * ```ts
 * const { outcome, reasonCode, session } = await checkJazzCompatibility(token, { jwksUrl, target: "backend" });
 * ```
 */
export async function checkJazzCompatibility(
  token: string,
  options: JazzCompatibilityOptions,
): Promise<JazzCompatibility> {
  const text = typeof token === "string" ? token : "";
  const target = options?.target ?? "server";
  if (target !== "server" && target !== "backend")
    throw new TypeError(`target must be "server" or "backend", not ${String(target)}.`);
  try {
    return target === "server" ? await predictServer(text, options) : await predictBackend(text, options);
  } catch (error) {
    return {
      target,
      outcome: "invalid",
      reasonCode: "payload-invalid",
      reason: `The predictor could not read this token: ${(error as Error)?.message ?? String(error)}`,
      warnings: [
        {
          code: "undetermined",
          message: "An unexpected input stopped the prediction; the verdict is not from Jazz's rules.",
        },
      ],
    };
  }
}

/**
 * Runs both predictions (one key set fetch each, as each verifier fetches) and reports where they
 * disagree: an app that verifies the same tokens on the sync server and in a backend needs both
 * to say the same, with the same user id and claims.
 *
 * @example
 * ```ts
 * const { agree, differences } = await compareJazzVerifiers(token, { jwksUrl });
 * ```
 */
export async function compareJazzVerifiers(
  token: string,
  options: Omit<JazzCompatibilityOptions, "target">,
): Promise<JazzVerifierComparison> {
  const [server, backend] = await Promise.all([
    checkJazzCompatibility(token, { ...options, target: "server" }),
    checkJazzCompatibility(token, { ...options, target: "backend" }),
  ]);
  return differences(server, backend);
}
