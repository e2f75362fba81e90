import { decodeJwt, JazzAuthError } from "@jazz-auth/core";

/** A non-retryable `ERR_PROVIDER_CONFIG`: the provider is set up so that Jazz cannot get a token it verifies. */
export const config = (message: string, cause?: unknown): JazzAuthError =>
  new JazzAuthError("ERR_PROVIDER_CONFIG", message, { provider: "oidc", ...(cause ? { cause } : {}) });

/** The `sub` of the SSR hand-off (`null` for a signed-out one); `undefined` without a hand-off or a readable `sub`. */
export function initialSubject(token: string | null | undefined): string | null | undefined {
  if (token === null) return null;
  if (token === undefined) return undefined;
  try {
    const { sub } = decodeJwt(token).payload;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `token` is a JWT whose `exp` is at or before `nowMs`; an opaque token or one without `exp` is not. */
export function expiredToken(token: string, nowMs: number): boolean {
  try {
    const { exp } = decodeJwt(token).payload;
    return typeof exp === "number" && exp * 1000 <= nowMs;
  } catch {
    return false;
  }
}

/** The access token when it is a JWT for `audience`; never an opaque one, which Jazz cannot verify. */
export function accessTokenFor(token: string, audience: string): string {
  let aud: unknown;
  try {
    aud = decodeJwt(token).payload.aud;
  } catch (error) {
    throw config(
      "The access token is opaque (not a JWT): Jazz cannot verify it. Ask for a JWT access token for your API (a resource indicator or the provider's audience setting), or leave `audience` unset to use the ID token.",
      error,
    );
  }
  if (aud === audience || (Array.isArray(aud) && aud.includes(audience))) return token;
  throw config(
    `The access token is not for ${JSON.stringify(audience)} (its aud is ${JSON.stringify(aud)}): ask the provider for that resource or audience.`,
  );
}
