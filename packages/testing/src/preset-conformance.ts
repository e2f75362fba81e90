import { createHmac } from "node:crypto";
import type { ProviderPreset } from "@jazz-auth/core";
import { checkJazzCompatibility, createVerifier, type VerificationErrorCode } from "@jazz-auth/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomeOf } from "./outcome";
import { assertValidPreset } from "./preset-shape";
import { createTestIssuer, type TestIssuer } from "./test-issuer";

/** The registered claims {@link presetConformance} fills in; a fixture adds the provider's own. */
export interface PresetClaimDefaults {
  readonly iss: string;
  readonly aud: string | undefined;
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
}

/** A provider-specific token the preset must refuse, with the code it must refuse it with. */
export interface PresetNegativeCase {
  readonly name: string;
  /** The claims of the token, built from a valid token's claims (the fixture over the defaults). */
  readonly claims: (defaults: PresetClaimDefaults) => Record<string, unknown>;
  readonly expected: VerificationErrorCode;
}

/** Options of {@link presetConformance}. */
export interface PresetConformanceOptions {
  readonly preset: ProviderPreset;
  /**
   * The claims of a real token of this provider (a sanitized fixture), built from the defaults
   * (the preset's issuer and audience, `sub` = the preset's subject example). Default: the defaults.
   */
  readonly mint?: (defaults: PresetClaimDefaults) => Record<string, unknown>;
  /** Provider-specific tokens that must be refused (another project, another API, a foreign `azp`). */
  readonly negatives?: readonly PresetNegativeCase[];
}

const first = (value: string | readonly string[] | null): string | undefined =>
  typeof value === "string" ? value : value?.[0];

/**
 * The suite every provider preset runs: the preset is sound, a token shaped like the provider's
 * (minted by a local issuer with the preset's algorithm) verifies strictly with the preset and is
 * accepted by the Jazz server's rules, and the classic forgeries and mix-ups are refused with
 * their exact codes, plus the provider's own negative cases.
 *
 * @example
 * ```ts
 * presetConformance("firebase", {
 *   preset: firebase({ projectId: "demo-app" }),
 *   mint: (defaults) => ({ ...defaults, firebase: { sign_in_provider: "password" } }),
 *   negatives: [{ name: "another project", claims: (d) => ({ ...d, aud: "other" }), expected: "ERR_AUDIENCE_MISMATCH" }],
 * });
 * ```
 */
export function presetConformance(name: string, options: PresetConformanceOptions): void {
  const { preset } = options;
  const alg = preset.algorithms[0] ?? "RS256";
  let issuer: TestIssuer;
  let defaults: () => PresetClaimDefaults;
  const build = (claims: Record<string, unknown>) =>
    issuer.signRaw(JSON.stringify({ alg, typ: "JWT", kid: issuer.jwks().keys[0]?.kid }), JSON.stringify(claims));
  /** The claims of a valid token of this provider: the fixture over the defaults. */
  const fixture = () =>
    ({ ...defaults(), ...options.mint?.(defaults()) }) as PresetClaimDefaults & Record<string, unknown>;
  const valid = () => build(fixture());
  const verifier = () => createVerifier({ preset, jwks: issuer.jwks() });
  const codeOf = (token: string) => outcomeOf(verifier().verify(token));

  describe(`${name}: preset conformance`, () => {
    beforeAll(async () => {
      issuer = await createTestIssuer({
        algorithms: [alg],
        issuer: first(preset.issuer) ?? "",
        audience: first(preset.audience) ?? "",
      });
      defaults = () => {
        const now = Math.floor(Date.now() / 1000);
        return {
          iss: issuer.issuer,
          aud: first(preset.audience),
          sub: preset.subject.example,
          iat: now,
          exp: now + 600,
        };
      };
    });
    afterAll(() => issuer.close());

    it("is a sound preset", () => {
      expect(() => assertValidPreset(preset)).not.toThrow();
    });

    it("verifies a token shaped like the provider's, with the Jazz session as the server builds it", async () => {
      const token = await valid();
      const verified = await verifier().verify(token);
      expect(verified.userId).toBe(preset.subject.example);
      const jazz = await checkJazzCompatibility(token, { jwks: issuer.jwks() });
      expect(jazz.outcome).toBe("accepted");
      expect(jazz.session).toEqual({ userId: verified.userId, claims: verified.claims });
    });

    it.each<[string, (d: PresetClaimDefaults) => Record<string, unknown>, VerificationErrorCode]>([
      ["another issuer", (d) => ({ ...d, iss: `${d.iss}.evil.example` }), "ERR_ISSUER_MISMATCH"],
      ["an expired token", (d) => ({ ...d, iat: d.iat - 7200, exp: d.iat - 3600 }), "ERR_EXPIRED"],
      ["a token not valid yet", (d) => ({ ...d, nbf: d.iat + 3600 }), "ERR_NOT_YET_VALID"],
      ["a token without exp", (d) => ({ ...d, exp: undefined }), "ERR_CLAIM_INVALID"],
      ["a sub in another format", (d) => ({ ...d, sub: " not the provider's format! " }), "ERR_CLAIM_INVALID"],
    ])("refuses %s", async (_label, claims, expected) => {
      expect(await codeOf(await build(claims(fixture())))).toBe(expected);
    });

    it("refuses another audience, unless the preset documents why it has none", async () => {
      const token = await build({ ...fixture(), aud: "another-api" });
      expect(await codeOf(token)).toBe(preset.audience === null ? "accepted" : "ERR_AUDIENCE_MISMATCH");
    });

    it("refuses alg none, HMAC with the public key and an unknown kid", async () => {
      const payload = Buffer.from(JSON.stringify(defaults())).toString("base64url");
      const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
      expect(await codeOf(none)).toBe("ERR_ALG_NOT_ALLOWED");
      const hsInput = `${Buffer.from(JSON.stringify({ alg: "HS256", kid: issuer.jwks().keys[0]?.kid })).toString("base64url")}.${payload}`;
      const hs = `${hsInput}.${createHmac("sha256", JSON.stringify(issuer.jwks().keys[0])).update(hsInput).digest("base64url")}`;
      expect(await codeOf(hs)).toBe("ERR_ALG_NOT_ALLOWED");
      const unknownKid = await issuer.signRaw(
        JSON.stringify({ alg, kid: "not-in-the-set" }),
        JSON.stringify(defaults()),
      );
      expect(await codeOf(unknownKid)).toBe("ERR_KEY_NOT_FOUND");
    });

    for (const negative of options.negatives ?? []) {
      it(`refuses ${negative.name}`, async () => {
        expect(await codeOf(await build(negative.claims(fixture())))).toBe(negative.expected);
      });
    }
  });
}
