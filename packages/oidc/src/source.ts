import {
  createTokenSource,
  type EngineOptions,
  JazzAuthError,
  type TokenSource,
  type WatchSession,
} from "@jazz-auth/core";
import { accessTokenFor, config, expiredToken, initialSubject } from "./token-reading";

/** The part of an oidc-client-ts `User` this adapter reads. */
export interface OidcUserLike {
  readonly access_token: string;
  readonly id_token?: string | undefined;
  readonly profile: { readonly sub: string };
  /** Whether the stored access token's `expires_at` has passed; `undefined` without one (oidc-client-ts computes it). */
  readonly expired?: boolean | undefined;
}

/** The part of an oidc-client-ts `UserManager` this adapter uses. */
export interface OidcUserManagerLike {
  /** The stored user, or `null` when signed out (no network call). */
  getUser(): Promise<OidcUserLike | null>;
  /** A new token set: the refresh-token grant when the user has one, else a hidden iframe (`prompt=none`). */
  signinSilent(): Promise<OidcUserLike | null>;
  /** Forgets the stored user (raises `userUnloaded`). */
  removeUser(): Promise<void>;
  readonly events: {
    addUserLoaded(callback: (user: OidcUserLike) => void): () => void;
    addUserUnloaded(callback: () => void): () => void;
  };
}

/** Options of {@link oidcTokenSource}. */
export interface OidcTokenSourceOptions extends EngineOptions {
  /**
   * Your Jazz API's audience (the `resource` or `audience` the provider puts in `aud`). Set: Jazz
   * gets the access token, which must be a JWT whose `aud` holds this value. Unset: Jazz gets the
   * ID token (always a JWT, `aud` = your client id). See docs/providers/oidc.md, "Which token".
   */
  readonly audience?: string;
}

const SIGNED_OUT = new Set(["login_required", "invalid_grant"]);
const INTERACTION = new Set(["consent_required", "interaction_required", "account_selection_required"]);

/**
 * A token source over oidc-client-ts's `UserManager`. An unforced call reads the stored user (and
 * renews it with `signinSilent()` when it has expired); a forced one (every refresh) is
 * `signinSilent()`. Sign-in, sign-out and user switches are session changes, token expiry is not. No user, `login_required` or `invalid_grant`
 * mean signed out (the stored user is then removed); `consent_required`, `interaction_required` and `account_selection_required` are
 * a non-retryable `ERR_INTERACTION_REQUIRED` (send the user through `signinRedirect()`). With an
 * `audience`, an opaque access token, or one for another audience, is `ERR_PROVIDER_CONFIG`.
 *
 * @example
 * ```ts
 * const source = oidcTokenSource(new UserManager(settings), { audience: "https://jazz.example.com" });
 * ```
 */
export function oidcTokenSource(manager: OidcUserManagerLike, options: OidcTokenSourceOptions = {}): TokenSource {
  const { audience, ...engine } = options;
  // The user the adapter last saw, so that the SDK's own renewals (userLoaded, same sub) are no
  // change; after an SSR hand-off, the user the server saw, so the SDK's first userLoaded for them is none.
  let seen: string | null | undefined = initialSubject(engine.initialToken);
  const now = () => engine.clock?.now() ?? Date.now();
  const tokenOf = (user: OidcUserLike): string => {
    if (audience === undefined) {
      if (user.id_token) return user.id_token;
      throw config("The provider returned no ID token: add `openid` to the scope, or set `audience`.");
    }
    return accessTokenFor(user.access_token, audience);
  };
  const pick = (user: OidcUserLike | null): string | null => {
    seen = user?.profile.sub ?? null;
    return user ? tokenOf(user) : null;
  };
  // An unforced call hands out the stored user's token unless it is over (a reload after a sleep):
  // then it renews, as a forced call would, rather than give Jazz a token it will refuse.
  const stored = async (): Promise<string | null> => {
    const user = await manager.getUser();
    // The SDK's flag first (from expires_in at receipt, so a skewed device clock cannot fool it);
    // the token's own exp only when the SDK cannot say (no expires_at).
    const over = user?.expired ?? (user !== null && expiredToken(tokenOf(user), now()));
    if (over) return pick(await manager.signinSilent());
    return pick(user);
  };
  const watch: WatchSession = (onChange) => {
    const stops = [
      manager.events.addUserLoaded((user) => {
        if (user.profile.sub !== seen) onChange();
      }),
      manager.events.addUserUnloaded(() => {
        if (seen !== null) onChange();
      }),
      // Not addAccessTokenExpired: a token's end is no session change (the engine tracks expiry
      // itself); read as one, it would drop the principal and rebuild Jazz's client after a sleep.
    ];
    return () => {
      for (const stop of stops) stop();
    };
  };
  return createTokenSource({
    ...engine,
    provider: "oidc",
    async fetchToken({ forceRefresh }) {
      try {
        return forceRefresh ? pick(await manager.signinSilent()) : await stored();
      } catch (error) {
        const code = (error as { error?: unknown } | null)?.error;
        if (typeof code === "string" && SIGNED_OUT.has(code)) {
          // The stored user's session is over: forget it, or getUser() would keep handing out its dead tokens.
          seen = null;
          await manager.removeUser();
          return null;
        }
        if (typeof code === "string" && INTERACTION.has(code)) {
          const message = `The provider needs the user to act (${code}): call signinRedirect() or signinPopup().`;
          throw new JazzAuthError("ERR_INTERACTION_REQUIRED", message, { provider: "oidc", cause: error });
        }
        throw error;
      }
    },
    watch,
  });
}
