import type { ProviderPreset } from "@jazz-auth/core";
import { eventSink } from "@jazz-auth/core";
import { type HeaderMemo, type ParsedJws, parseCompactJws } from "./compact";
import type { VerifiedToken, Verifier } from "./create-verifier";
import { refuse } from "./errors";
import { createIssuerVerifier, type IssuerVerifier } from "./issuer-verifier";
import { type IssuerEntry, type MultiIssuerVerifierOptions, resolveOptions, type VerifierOptions } from "./options";
import { reportRefusal, settle } from "./settle";
import type { VerifierEvent } from "./telemetry";

const where = "[jazz-auth/verifier] createVerifier:";
const SHARED = new Set(["issuers", "tokenCache", "maxTokenBytes", "signatureChecks", "fetch", "clock", "onEvent"]);
const NOT_PER_ISSUER = ["tokenCache", "maxTokenBytes", "signatureChecks", "clock", "onEvent", "issuers"] as const;

/** A preset (data with an `id` and a `jazzServer`), as opposed to per-issuer options. */
const isPreset = (entry: IssuerEntry): entry is ProviderPreset =>
  typeof entry === "object" && entry !== null && "id" in entry && "jazzServer" in entry;

/** An entry's options with the shared ones (those given) added. */
function withShared(own: VerifierOptions, shared: MultiIssuerVerifierOptions): VerifierOptions {
  const { fetch, clock, tokenCache, maxTokenBytes, signatureChecks } = shared;
  return {
    ...own,
    ...(own.fetch || !fetch ? {} : { fetch }),
    ...(clock ? { clock } : {}),
    ...(tokenCache === undefined ? {} : { tokenCache }),
    ...(maxTokenBytes === undefined ? {} : { maxTokenBytes }),
    ...(signatureChecks === undefined ? {} : { signatureChecks }),
  };
}

/**
 * The routes of a multi-issuer verifier, from its options: one {@link IssuerVerifier} (one JWKS
 * cache, one key store, one verified-token cache) per entry, keyed by every `iss` it accepts.
 *
 * @throws {TypeError} for an empty list, an entry that pins no `iss`, two entries accepting the same
 *   `iss` or sharing a `name`, an option that is shared being given per entry, or any entry's own problem.
 */
function routesOf(
  options: MultiIssuerVerifierOptions,
  emit: ((event: VerifierEvent) => void) | null,
): ReadonlyMap<string, IssuerVerifier> {
  for (const option of Object.keys(options)) {
    if (!SHARED.has(option)) throw new TypeError(`${where} \`${option}\` is given per issuer, inside \`issuers\`.`);
  }
  const { issuers } = options;
  if (!Array.isArray(issuers) || issuers.length === 0)
    throw new TypeError(`${where} \`issuers\` must be a non-empty array of presets or issuer options.`);
  const byIssuer = new Map<string, IssuerVerifier>();
  const entryOf = new Map<string, number>();
  const names = new Map<string, number>();
  for (const [i, entry] of issuers.entries()) {
    if (typeof entry !== "object" || entry === null)
      throw new TypeError(`${where} issuers[${i}] is not a preset or issuer options.`);
    const own: VerifierOptions = isPreset(entry) ? { preset: entry } : entry;
    const shared = NOT_PER_ISSUER.find((option) => option in own);
    if (shared)
      throw new TypeError(
        `${where} issuers[${i}].${shared} is shared by every issuer; give it once, beside \`issuers\`.`,
      );
    const resolved = resolveOptions(withShared(own, options), `issuers[${i}]: `);
    if (!resolved.issuers) {
      throw new TypeError(
        `${where} issuers[${i}] pins no \`iss\`: give \`issuer\` or a preset (a multi-issuer verifier routes by \`iss\`).`,
      );
    }
    const route = createIssuerVerifier(resolved, emit);
    for (const iss of resolved.issuers) {
      const other = entryOf.get(iss);
      if (other !== undefined && other !== i) {
        throw new TypeError(
          `${where} issuers[${i}] and issuers[${other}] both accept \`iss\` "${iss}"; a token must route to exactly one issuer.`,
        );
      }
      entryOf.set(iss, i);
      byIssuer.set(iss, route);
    }
    const name = resolved.name ?? "";
    const named = names.get(name);
    if (named !== undefined)
      throw new TypeError(`${where} issuers[${i}] and issuers[${named}] share the name "${name}".`);
    names.set(name, i);
  }
  return byIssuer;
}

/**
 * A verifier for several issuers at once (`createVerifier({ issuers })`). The Jazz server has no
 * such thing: it takes one `--jwks-url` or one `--jwt-public-key`, never both (garden-co/jazz
 * crates/jazz-tools/src/server/builder.rs:320-356), so several issuers reach it through the bridge. Each token is routed by
 * its `iss`, read from the payload before anything is trusted and compared exactly (case, white
 * space and all) with the configured ones: the token is then checked by that issuer's rules and
 * keys only — never by trying another issuer's keys. A token whose `iss` matches none, or that has
 * none, is `ERR_ISSUER_UNKNOWN` before any key is looked up or fetched, so a JWKS URL is never
 * derived from a token. A token seen before is answered from the cache of the issuer that verified it.
 */
export function createMultiIssuerVerifier(options: MultiIssuerVerifierOptions): Verifier {
  const emit = eventSink(options.onEvent);
  const byIssuer = routesOf(options, emit);
  const routes = [...new Set(byIssuer.values())];
  const first = routes[0] as IssuerVerifier;
  const maxTokenBytes = first.resolved.maxTokenBytes;
  const knownHeaders: HeaderMemo = new Map();
  /** The issuers' caches in the order they are asked: the one that answered last comes first. */
  let probeOrder: readonly IssuerVerifier[] = routes;

  /**
   * A token seen before, from the cache of the issuer that verified it (only a token with exactly
   * these bytes that passed that issuer's checks is there): each issuer whose key set is fresh is
   * asked without waiting (one whose set is past its TTL cannot tell yet: see `verify`).
   */
  function cached(digest: string): VerifiedToken | undefined {
    for (const route of probeOrder) {
      const hit = route.cachedNow(digest);
      if (hit) {
        if (probeOrder[0] !== route) probeOrder = [route, ...routes.filter((other) => other !== route)];
        return hit;
      }
    }
    return undefined;
  }

  /** The issuer a parsed token names, or `ERR_ISSUER_UNKNOWN`. */
  function routeOf(parsed: ParsedJws): IssuerVerifier {
    const iss = parsed.payload.iss;
    const route = typeof iss === "string" ? byIssuer.get(iss) : undefined;
    if (route) return route;
    throw refuse(
      "ERR_ISSUER_UNKNOWN",
      typeof iss === "string"
        ? `\`iss\` is not exactly one of the ${byIssuer.size} configured issuers.`
        : "The token has no string `iss`; a multi-issuer verifier routes by it.",
    );
  }

  /** The answer, without waiting where nothing needs it; each refusal is reported once, with its issuer. */
  function answer(token: string, digest: string | null): Promise<VerifiedToken> {
    if (digest !== null) {
      const hit = cached(digest);
      if (hit) return Promise.resolve(hit);
    }
    let route: IssuerVerifier | undefined;
    return settle(
      () => {
        const parsed = parseCompactJws(token, maxTokenBytes, knownHeaders);
        const to = routeOf(parsed);
        route = to;
        return digest !== null && to.cachedNow(digest) === null
          ? // Its key set is past the TTL: fetched again first, as a single-issuer verifier does.
            to.fromCache(digest).then((hit) => hit ?? to.verifyInFull(token, digest, parsed))
          : to.verifyInFull(token, digest, parsed);
      },
      (error) => reportRefusal(emit, error, route?.name ?? null),
    );
  }

  return {
    verify(token) {
      const digest = first.digestOf(token);
      return digest === null || typeof digest === "string"
        ? answer(token, digest)
        : digest.then((late) => answer(token, late));
    },
  };
}
