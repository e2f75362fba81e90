import { createTokenSource, type EngineOptions, JazzAuthError, type TokenSource, watchDistinct } from "@jazz-auth/core";

/** The options `session.getToken` takes. */
export interface ClerkGetTokenOptions {
  template?: string;
  organizationId?: string;
  skipCache?: boolean;
}

/** What `clerk.addListener` reports. */
export interface ClerkEmission {
  readonly session?: { readonly id: string } | null;
  readonly user?: { readonly id: string } | null;
  readonly organization?: { readonly id: string } | null;
}

/** The part of a Clerk instance (`useClerk()`, or clerk-js `Clerk`) this adapter uses. */
export interface ClerkLike {
  readonly loaded: boolean;
  /** `null` when signed out, `undefined` while loading. */
  readonly session: { getToken(options?: ClerkGetTokenOptions): Promise<string | null> } | null | undefined;
  addListener(callback: (emission: ClerkEmission) => void): () => void;
  /** The instance's publishable key: tabs share tokens only within one Clerk instance. */
  readonly publishableKey?: string;
}

/** Options of {@link clerkTokenSource}. */
export interface ClerkTokenSourceOptions extends EngineOptions {
  /** A JWT template to mint from (for example one that sets `aud` and nested `claims`). */
  readonly template?: string;
  /** The organization to mint the token for. */
  readonly organizationId?: string;
}

const loading = (cause?: unknown) =>
  new JazzAuthError("ERR_FETCH_FAILED", "Clerk has not loaded yet, or could not refresh the token (offline).", {
    provider: "clerk",
    cause,
  });

/**
 * A token source over Clerk's `session.getToken` (60-second session tokens). No session means
 * signed out; but `null` from `getToken` while a session exists is Clerk 5's way of saying
 * "offline", which is retried, never read as a sign-out. A forced refresh passes `skipCache`. A
 * `getToken` that never settles (clerk-js failed to load) becomes a retryable `ERR_TIMEOUT` after
 * `fetchTimeoutMs`. Sign-in, sign-out, user and organization switches come from `addListener`.
 * Tabs of one origin share its calls (`shareAcrossTabs: false` turns that off; see docs/concepts/tabs.md).
 *
 * @example
 * ```ts
 * const source = clerkTokenSource(clerk, { template: "jazz" });
 * ```
 */
export function clerkTokenSource(clerk: ClerkLike, options: ClerkTokenSourceOptions = {}): TokenSource {
  const { template, organizationId, ...engine } = options;
  return createTokenSource({
    // Safe to share: Clerk's session lives in a cookie every tab reads; a template or an
    // organization mints other tokens, so each is its own key.
    shareAcrossTabs: { key: `${clerk.publishableKey ?? "default"}:${template ?? ""}:${organizationId ?? ""}` },
    ...engine,
    provider: "clerk",
    async fetchToken({ forceRefresh }) {
      if (!clerk.loaded || clerk.session === undefined) throw loading();
      if (clerk.session === null) return null;
      const token = await clerk.session.getToken({
        ...(template ? { template } : {}),
        ...(organizationId ? { organizationId } : {}),
        ...(forceRefresh ? { skipCache: true } : {}),
      });
      if (token === null && clerk.session) throw loading();
      return token;
    },
    watch: watchDistinct<ClerkEmission>(
      (listener) => clerk.addListener(listener),
      ({ session, user, organization }) => `${session?.id}:${user?.id}:${organization?.id}`,
    ),
  });
}
