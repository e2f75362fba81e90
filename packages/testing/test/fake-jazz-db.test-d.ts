/**
 * Type test (checked by `pnpm typecheck`): the fake Db fits core's `JazzDbLike`, and its auth state has
 * exactly the shape of the real store's `AuthState`, copied here from garden-co/jazz at 6a363411a:
 * packages/jazz-tools/src/runtime/auth-state.ts:15-19 (`AuthState`), runtime/context.ts:42-54
 * (`AuthMode`, `Session`) and runtime/sync-transport.ts:10 (`AuthFailureReason`).
 */
import type { JazzDbLike } from "@jazz-auth/core";
import { createFakeClock, createFakeJazzDb, type FakeJazzAuthState, type FakeJazzDb } from "@jazz-auth/testing";

type AuthMode = "external" | "local-first" | "anonymous";
interface Session {
  user_id: string;
  claims: Record<string, unknown>;
  authMode: AuthMode;
}
type AuthFailureReason = "expired" | "missing" | "invalid" | "disabled";
interface AuthState {
  authMode: AuthMode;
  session: Session | null;
  error?: AuthFailureReason;
}

/** The part of the real `Db` (runtime/db.ts:998-1028) that connectJazz and the fake share. */
interface RealDbAuth {
  updateAuthToken(jwtToken: string | null): void;
  getAuthState(): AuthState;
  onAuthChanged(listener: (state: AuthState) => void): () => void;
}

const db: FakeJazzDb = createFakeJazzDb({ token: "t", clock: createFakeClock() });
export const fitsCore: JazzDbLike = db;
export const fitsRealDb: RealDbAuth = db;
export const fakeStateIsReal: AuthState = db.getAuthState();
declare const real: AuthState;
export const realStateIsFake: FakeJazzAuthState = real;
declare const realDb: RealDbAuth;
export const realDbFitsCore: JazzDbLike = realDb;
