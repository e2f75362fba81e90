import { isHmac } from "./algorithms";
import { refuse } from "./errors";
import { quoteUntrusted } from "./untrusted-text";

/**
 * The strict header rules, before any key is looked at: no `crit` (no extension is supported),
 * `alg` present, never `none` in any case, in the allow-list (HMAC only with a configured secret),
 * and `kid`, when present, a string of at most 1 024 characters. `jku`, `x5u`, `jwk` and `x5c`
 * are ignored: a key is never taken from the token. Returns the `alg` and `kid` to look up.
 *
 * @throws {VerificationError} `ERR_CRIT_UNSUPPORTED`, `ERR_MALFORMED` or `ERR_ALG_NOT_ALLOWED`.
 */
export function checkHeader(
  header: Readonly<Record<string, unknown>>,
  algorithms: readonly string[],
): { readonly alg: string; readonly kid: string | undefined } {
  if ("crit" in header)
    throw refuse("ERR_CRIT_UNSUPPORTED", "The header lists critical extensions (`crit`); none are supported.");
  const { alg, kid } = header;
  if (typeof alg !== "string") throw refuse("ERR_MALFORMED", "The header has no `alg`.");
  if (alg.toLowerCase() === "none")
    throw refuse("ERR_ALG_NOT_ALLOWED", "Unsigned tokens (`alg: none`) are never accepted.");
  if (!algorithms.includes(alg)) {
    const hint = isHmac(alg) ? " HMAC needs an explicit `secret`." : "";
    throw refuse(
      "ERR_ALG_NOT_ALLOWED",
      `${quoteUntrusted(alg)} is not in the allow-list (${algorithms.join(", ")}).${hint}`,
    );
  }
  if (kid !== undefined && (typeof kid !== "string" || kid.length > 1024)) {
    throw refuse("ERR_MALFORMED", "`kid` must be a string of at most 1024 characters.");
  }
  return { alg, kid };
}
