import type { JazzCompatibility, JazzDifference, JazzReasonCode, JazzWarningCode } from "@jazz-auth/verifier";
import type { Finding } from "./doctor";

/** The doctor's finding for each refusal the predictor can give (by code, never by its wording). */
const REFUSAL_FINDINGS: Record<Exclude<JazzReasonCode, "expired" | "jwks-unavailable">, string> = {
  "no-matching-key": "key-not-found",
  "alg-unsupported": "unsupported-alg",
  "signature-invalid": "bad-signature",
  "header-invalid": "bad-header",
  "payload-invalid": "bad-payload",
  "subject-invalid": "bad-subject",
  "empty-token": "not-a-jwt",
  "local-first-disabled": "self-signed",
  "self-signed-invalid": "self-signed",
  "app-id-required": "self-signed",
};
/** Warnings the doctor already reports from its own checks. */
const COVERED_WARNINGS: ReadonlySet<JazzWarningCode> = new Set(["top-level-claims-dropped", "no-exp"]);

const verifierName = (result: JazzCompatibility) => (result.target === "backend" ? "Jazz TS backend" : "Jazz server");

/**
 * The findings for one prediction, chosen by its `reasonCode` and warning codes only: an unreachable
 * key set is a warning, a refusal an error with its own finding code, every other warning a
 * `jazz-warning` (except those the doctor reports itself).
 */
export function jazzFindings(result: JazzCompatibility, jwksUrl: string, presetJwksUrl: string | undefined): Finding[] {
  const findings: Finding[] = [];
  if (result.reasonCode === "jwks-unavailable") {
    findings.push({
      severity: "warning",
      code: "jwks-unreachable",
      jazzCode: result.reasonCode,
      message: `Could not load ${jwksUrl} (offline?), or the ${verifierName(result)} cannot read the key set: the signature was not checked.`,
      fix: "Run again with network access, or pass --jwks-url.",
    });
  } else if (result.outcome === "invalid" && result.reasonCode && result.reasonCode !== "expired") {
    const code = REFUSAL_FINDINGS[result.reasonCode];
    findings.push({
      severity: "error",
      code,
      jazzCode: result.reasonCode,
      message: `The ${verifierName(result)} will refuse it (${result.reasonCode}): ${result.reason ?? ""}`,
      fix:
        code === "key-not-found"
          ? `The key set at ${jwksUrl} has no key for this token: point Jazz at the provider's JWKS (${presetJwksUrl ?? "see the provider's docs"}), or wait for a key rotation to propagate.`
          : "Check that the token and the key set come from the same provider instance.",
    });
  }
  for (const warning of result.warnings)
    if (!COVERED_WARNINGS.has(warning.code))
      findings.push({ severity: "warning", code: "jazz-warning", jazzCode: warning.code, message: warning.message });
  return findings;
}

/** One `verifiers-differ` warning per way the server and the TS backend disagree. */
export function differenceFindings(differences: readonly JazzDifference[]): Finding[] {
  return differences.map((difference) => ({
    severity: "warning",
    code: "verifiers-differ",
    message: `The Jazz server and the TS backend disagree on ${difference.aspect}: server ${JSON.stringify(difference.server)}, backend ${JSON.stringify(difference.backend)}.`,
    fix: "An app that verifies tokens in both places must issue tokens both read the same way (docs/server/jazz-compatibility.md).",
  }));
}
