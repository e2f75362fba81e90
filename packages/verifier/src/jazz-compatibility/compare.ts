import type { JazzCompatibility, JazzDifference, JazzVerifierComparison } from "./types";

/** JSON with sorted keys, so two claim objects compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "undefined";
}

/** Where two verdicts differ: outcome, then (when both built one) user id, claims and auth mode. */
export function differences(server: JazzCompatibility, backend: JazzCompatibility): JazzVerifierComparison {
  const found: JazzDifference[] = [];
  if (server.outcome !== backend.outcome)
    found.push({ aspect: "outcome", server: server.outcome, backend: backend.outcome });
  if (server.session && backend.session) {
    if (server.session.userId !== backend.session.userId)
      found.push({ aspect: "userId", server: server.session.userId, backend: backend.session.userId });
    if (canonical(server.session.claims) !== canonical(backend.session.claims))
      found.push({ aspect: "claims", server: server.session.claims, backend: backend.session.claims });
    if (server.authMode !== backend.authMode)
      found.push({ aspect: "authMode", server: server.authMode, backend: backend.authMode });
  }
  return { server, backend, agree: found.length === 0, differences: found };
}
