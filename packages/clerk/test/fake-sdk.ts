import type { ClerkEmission, ClerkLike } from "@jazz-auth/clerk";
import type { ScriptedProvider } from "@jazz-auth/testing";

/** A loaded Clerk instance over the scripted provider: `session` is null when signed out, listeners get emissions. */
export function fakeClerk(provider: ScriptedProvider, overrides: Partial<ClerkLike> = {}): ClerkLike {
  const clerk = {
    loaded: true,
    get session() {
      return provider.subject === null
        ? null
        : {
            id: `sess_${provider.subject}`,
            getToken: (options?: { skipCache?: boolean }) =>
              provider.fetchToken({ forceRefresh: options?.skipCache ?? false, signal: new AbortController().signal }),
          };
    },
    addListener(callback: (emission: ClerkEmission) => void) {
      const emit = () =>
        callback({
          session: provider.subject ? { id: `sess_${provider.subject}` } : null,
          user: provider.subject ? { id: provider.subject } : null,
        });
      emit(); // Clerk calls a new listener at once
      return provider.watch(emit);
    },
    ...overrides,
  };
  return clerk;
}
