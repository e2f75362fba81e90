import type { ProviderPreset } from "@jazz-auth/core";

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

/** `https:` anywhere, `http:` only on loopback (a local Better Auth server, say). */
function isTrustedUrl(url: string): boolean {
  try {
    return new URL(url).protocol === "https:" || LOOPBACK_HTTP.test(url);
  } catch {
    return false;
  }
}

/**
 * The problems with a preset, one sentence each; empty when it is sound: an issuer, URLs that
 * are `https:` (or loopback `http:`), an asymmetric algorithm allow-list, a written reason for
 * an open audience or an unsafe Jazz server setup, and a subject example its pattern matches.
 */
export function presetProblems(preset: ProviderPreset): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  const issuers = typeof preset.issuer === "string" ? [preset.issuer] : preset.issuer;
  check(!!preset.id && !!preset.displayName, "id and displayName are required");
  check(issuers.length > 0 && issuers.every(Boolean), "issuer must be one or more non-empty strings");
  check(preset.audience !== null || !!preset.audienceNote, "an open audience (null) needs audienceNote saying why");
  for (const [field, url] of [
    ["jwksUrl", preset.jwksUrl],
    ["jazzServer.jwksUrl", preset.jazzServer.jwksUrl],
    ["docsUrl", preset.docsUrl],
  ] as const) {
    check(isTrustedUrl(url), `${field} must be https (http only on loopback): ${url}`);
  }
  check(preset.algorithms.length > 0, "algorithms must list at least one algorithm");
  check(
    preset.algorithms.every((alg) => !/^(none|HS)/i.test(alg)),
    "algorithms must not allow none or HMAC",
  );
  check(preset.subject.pattern.test(preset.subject.example), "subject.example must match subject.pattern");
  check(!!preset.claims.nestedRecipe, "claims.nestedRecipe is required");
  check(preset.jazzServer.safe || !!preset.jazzServer.note, "an unsafe jazzServer needs a note saying what to do");
  const flags = preset.jazzServer.flags;
  check(
    !flags || flags[flags.indexOf("--jwks-url") + 1] === preset.jazzServer.jwksUrl,
    "jazzServer.flags must pass jazzServer.jwksUrl as --jwks-url",
  );
  return problems;
}

/** Throws a `TypeError` listing every {@link presetProblems} of the preset. */
export function assertValidPreset(preset: ProviderPreset): void {
  const problems = presetProblems(preset);
  if (problems.length > 0) {
    throw new TypeError(`preset "${preset.id}" is not sound:\n- ${problems.join("\n- ")}`);
  }
}
