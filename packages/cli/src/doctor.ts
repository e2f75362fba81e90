import { decodeJwt, type ProviderPreset } from "@jazz-auth/core";
import {
  checkJazzCompatibility,
  compareJazzVerifiers,
  createVerifier,
  JAZZ_ALGORITHMS,
  type JazzCompatibility,
  type JazzDifference,
  type JazzReasonCode,
  type JazzTarget,
  type JazzWarningCode,
  VerificationError,
} from "@jazz-auth/verifier";
import { differenceFindings, jazzFindings } from "./jazz-findings";

/** One thing the doctor found, with what to do about it. */
export interface Finding {
  readonly severity: "error" | "warning";
  /** Stable id: `not-a-jwt`, `expired`, `unsupported-alg`, `key-not-found`, `bad-signature`, `bad-header`, `bad-payload`, `bad-subject`, `self-signed`, `jwks-unreachable`, `strict-refused`, `issuer-mismatch`, `audience-mismatch`, `sub-format`, `top-level-claims`, `no-exp`, `needs-bridge`, `jazz-warning`, `verifiers-differ`. */
  readonly code: string;
  /** For findings from the Jazz prediction: the predictor's stable `reasonCode` or warning code. */
  readonly jazzCode?: JazzReasonCode | JazzWarningCode;
  readonly message: string;
  readonly fix?: string;
}

/** The doctor's report; `--json` prints exactly this. */
export interface DoctorReport {
  /** The token's header and payload; the signature is never included. */
  readonly token: { readonly header: Record<string, unknown>; readonly payload: Record<string, unknown> } | null;
  /** What the Jazz server will do, or `null` when no key set was given. */
  readonly jazz:
    | (Pick<JazzCompatibility, "target" | "outcome" | "reasonCode" | "session" | "authMode" | "warnings"> & {
        readonly reason?: string;
        readonly jwksUrl: string;
      })
    | null;
  /** With `target: "both"`: the TS backend's verdict, and where it differs from the server's. */
  readonly jazzBackend?: DoctorReport["jazz"];
  readonly differences?: readonly JazzDifference[];
  /** The strict verdict with the preset, or `null` without one. */
  readonly strict: { readonly ok: boolean; readonly code?: string; readonly message?: string } | null;
  readonly findings: readonly Finding[];
  /**
   * The checks that needed a key set and were not run: no `jwksUrl` or preset was given, or the key
   * set could not be loaded. Absent when every check ran.
   */
  readonly notChecked?: readonly string[];
}

/** What `doctor` checks against; with neither `preset` nor `jwksUrl` it runs the checks that need no key. */
export interface DoctorOptions {
  readonly preset?: ProviderPreset;
  readonly jwksUrl?: string;
  readonly now?: Date;
  /** Which Jazz verifier to predict (default the Rust sync server), or `"both"` to compare them. */
  readonly target?: JazzTarget | "both";
  /** The Jazz app id, to check self-signed (local-first, anonymous) tokens. */
  readonly appId?: string;
}

const REGISTERED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "claims"]);

/**
 * Explains a token: decodes it, predicts the Jazz server's verdict against the key set, verifies it
 * strictly when a preset is given, and lists every problem with its fix. Works offline: when the key
 * set cannot be loaded it says so and still checks what needs no key.
 */
export async function doctor(rawToken: string, options: DoctorOptions = {}): Promise<DoctorReport> {
  const token = rawToken.trim();
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);
  let decoded: { header: Record<string, unknown>; payload: Record<string, unknown> };
  try {
    const { header, payload } = decodeJwt(token);
    decoded = { header: { ...header }, payload: { ...payload } };
  } catch {
    add({
      severity: "error",
      code: "not-a-jwt",
      message: "This is not a JWT (three base64url segments of JSON).",
      fix: "Pass the provider's ID or access token (Auth0: request it with your API's `audience`).",
    });
    return { token: null, jazz: null, strict: null, findings };
  }
  const { header, payload } = decoded;
  const preset = options.preset;
  const now = options.now ?? new Date();
  const nowSeconds = Math.floor(now.getTime() / 1000);

  if (typeof header.alg === "string" && !JAZZ_ALGORITHMS.includes(header.alg)) {
    add({
      severity: "error",
      code: "unsupported-alg",
      message: `The Jazz server cannot verify alg ${header.alg}.`,
      fix: `Sign with one of ${JAZZ_ALGORITHMS.filter((a) => !a.startsWith("HS")).join(", ")}.`,
    });
  }
  if (typeof payload.exp !== "number") {
    add({
      severity: "warning",
      code: "no-exp",
      message: "The token has no `exp`: Jazz accepts it forever.",
      fix: "Configure the provider to set an expiry.",
    });
  } else if (payload.exp <= nowSeconds) {
    add({
      severity: "error",
      code: "expired",
      message: `The token expired ${ago(nowSeconds - payload.exp)} ago.`,
      fix: "Get a fresh one: a jazz-auth token source refreshes ahead of expiry.",
    });
  }
  const custom = Object.keys(payload).filter((claim) => !REGISTERED.has(claim));
  if (custom.length > 0) {
    add({
      severity: "warning",
      code: "top-level-claims",
      message: `Jazz drops the top-level claims ${custom.join(", ")}; policies only see \`claims.*\`.`,
      fix: preset?.claims.nestedRecipe ?? "Nest the claims your policies need under a `claims` object.",
    });
  }
  if (preset && typeof payload.sub === "string" && !preset.subject.pattern.test(payload.sub.trim())) {
    add({
      severity: "error",
      code: "sub-format",
      message: `\`sub\` ${JSON.stringify(payload.sub)} is not ${preset.subject.description} (like ${preset.subject.example}).`,
      fix: "Check that the token comes from this provider and instance.",
    });
  }
  if (preset && !preset.jazzServer.safe) {
    add({
      severity: "warning",
      code: "needs-bridge",
      message: preset.jazzServer.note ?? "The Jazz server cannot check these tokens strictly.",
      fix: "Put the Jazz server behind the token bridge (createJazzTokenBridge).",
    });
  }

  const jwksUrl = options.jwksUrl ?? preset?.jazzServer.jwksUrl;
  let jazz: DoctorReport["jazz"] = null;
  let jazzBackend: DoctorReport["jazz"] = null;
  let differences: readonly JazzDifference[] | undefined;
  if (jwksUrl) {
    const jazzOptions = { jwksUrl, now, ...(options.appId ? { appId: options.appId } : {}) };
    const results: JazzCompatibility[] = [];
    if (options.target === "both") {
      const comparison = await compareJazzVerifiers(token, jazzOptions);
      results.push(comparison.server, comparison.backend);
      jazz = { ...comparison.server, jwksUrl };
      jazzBackend = { ...comparison.backend, jwksUrl };
      differences = comparison.differences;
    } else {
      const result = await checkJazzCompatibility(token, { ...jazzOptions, target: options.target ?? "server" });
      results.push(result);
      jazz = { ...result, jwksUrl };
    }
    for (const result of results)
      for (const finding of jazzFindings(result, jwksUrl, preset?.jazzServer.jwksUrl))
        if (
          !findings.some(
            (known) =>
              known.code === finding.code && (finding.severity === "error" || known.message === finding.message),
          )
        )
          add(finding);
    if (differences) for (const finding of differenceFindings(differences)) add(finding);
  }

  // Jazz's own subject rule, from the token alone, when no prediction could apply it.
  if (!jazz || jazz.reasonCode === "jwks-unavailable") {
    const sub = payload.sub;
    if (typeof sub !== "string" || sub.trim() === "")
      add({
        severity: "error",
        code: "bad-subject",
        message:
          sub === undefined
            ? "The token has no `sub`: Jazz refuses it (the user id is the `sub`)."
            : `\`sub\` ${JSON.stringify(sub)} is ${typeof sub === "string" ? "blank" : `a ${sub === null ? "null" : typeof sub}, not a string`}: Jazz refuses it.`,
        fix: "Issue tokens whose `sub` is the user id, a non-blank string.",
      });
  }

  let strict: DoctorReport["strict"] = null;
  if (preset) {
    try {
      await createVerifier({
        preset,
        ...(options.jwksUrl ? { jwksUrl: options.jwksUrl } : {}),
        clock: { now: () => now.getTime() },
      }).verify(token);
      strict = { ok: true };
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      strict = { ok: false, code: error.code, message: error.message.replace(/^\[jazz-auth\/verifier\] /, "") };
      if (error.code === "ERR_JWKS_UNAVAILABLE") for (const finding of claimFindings(payload, preset)) add(finding);
      else if (!error.retryable && error.code !== "ERR_EXPIRED") {
        add({
          severity: "error",
          code: "strict-refused",
          message: `A strict verifier with the ${preset.id} preset refuses it: ${strict.message}`,
          fix: "Check the preset's options (project, tenant, client id) against the token.",
        });
      }
    }
  }
  const keySetMissing = !jwksUrl || jazz?.reasonCode === "jwks-unavailable" || strict?.code === "ERR_JWKS_UNAVAILABLE";
  const notChecked = keySetMissing
    ? [
        "the signature",
        "that the key set has a key for the token's `kid` and `alg`",
        ...(jwksUrl ? [] : ["what the Jazz server will do (its verdict, `session.user_id` and `session.claims`)"]),
        ...(preset ? ["strict verification (issuer and audience were checked from the token alone)"] : []),
      ]
    : undefined;
  return {
    token: decoded,
    jazz,
    ...(jazzBackend ? { jazzBackend, differences: differences ?? [] } : {}),
    strict,
    findings,
    ...(notChecked ? { notChecked } : {}),
  };
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The preset's issuer and audience, checked from the token alone (when the key set is out of reach). */
function claimFindings(payload: Record<string, unknown>, preset: ProviderPreset): Finding[] {
  const findings: Finding[] = [];
  const issuers = [preset.issuer].flat();
  if (!issuers.includes(payload.iss as string))
    findings.push({
      severity: "error",
      code: "issuer-mismatch",
      message: `\`iss\` ${JSON.stringify(payload.iss ?? null)} is not the ${preset.id} preset's issuer (${issuers.join(" or ")}): a strict verifier will refuse it.`,
      fix: "Check the preset's options (project, tenant, base URL) against the token, or the provider's issuer setting.",
    });
  if (preset.audience !== null) {
    const wanted = [preset.audience].flat();
    const audiences = listOf(payload.aud);
    if (!audiences.some((audience) => wanted.includes(audience as string)))
      findings.push({
        severity: "error",
        code: "audience-mismatch",
        message: `\`aud\` ${JSON.stringify(payload.aud ?? null)} does not include the ${preset.id} preset's audience (${wanted.join(" or ")}): a strict verifier will refuse it.`,
        fix: "Request the token for this audience, or pass the preset the audience your tokens carry.",
      });
  }
  return findings;
}

function ago(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
