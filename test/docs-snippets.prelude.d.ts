/**
 * The prelude of the docs' TypeScript blocks (test/docs-snippets.test.ts): the only names a block
 * may use without importing or declaring them itself. Everything else comes from a real import:
 * the workspace packages from their sources, the provider SDKs from node_modules (better-auth,
 * firebase, @clerk/react, @clerk/clerk-react, @auth0/*, @workos-inc/* are devDependencies).
 *
 * 1. Jazz. `jazz-tools` is not installed in this workspace, so its modules are declared, reduced to what the
 *    docs use, and copied from garden-co/jazz at 6a363411a (packages/jazz-tools, v2.0.0-alpha.53).
 *    A block imports them as an app does: `createDb` and `Db` from "jazz-tools"
 *    (src/index.ts:226 re-exports src/runtime/index.ts:30-31), `JazzProvider` and `useDb` from
 *    "jazz-tools/react" (src/react/index.ts:2-9; package.json "exports" "./react").
 * 2. The app around a block: `appId`, `App`, `Spinner`, `idp` (a made-up identity provider's SDK,
 *    for the provider-neutral examples) and `token` (a token a server received). The test imports
 *    them from "docs-snippets:app" into each block that uses one without declaring it.
 * 3. The one SDK method the docs call that no devDependency has (firebase-admin's, at the end).
 */

declare module "jazz-tools" {
  /** packages/jazz-tools/src/runtime/context.ts:42 */
  export type AuthMode = "external" | "local-first" | "anonymous";
  /** runtime/context.ts:47-54 */
  export interface Session {
    user_id: string;
    claims: Record<string, unknown>;
    authMode: AuthMode;
  }
  /** runtime/sync-transport.ts:10 */
  export type AuthFailureReason = "expired" | "missing" | "invalid" | "disabled";
  /** runtime/auth-state.ts:15-19 */
  export interface AuthState {
    authMode: AuthMode;
    session: Session | null;
    error?: AuthFailureReason;
  }
  /** runtime/db.ts:83-118, the members the docs use (storage, runtime and telemetry options left out). */
  export interface DbConfig {
    appId: string;
    serverUrl?: string;
    env?: string;
    userBranch?: string;
    /** JWT token for server authentication. */
    jwtToken?: string;
    adminSecret?: string;
    dbName?: string;
    /** Local-first auth via a local seed. Mutually exclusive with jwtToken. */
    secret?: string;
  }
  /** runtime/db.ts:757, the auth members (998-1028) and shutdown/logout (1546, 1306). */
  export class Db {
    private constructor();
    updateAuthToken(jwtToken: string | null): void;
    getAuthState(): AuthState;
    /** A short-lived local-first proof of the current identity; `null` when the session is not local-first. */
    getLocalFirstIdentityProof(options?: { ttlSeconds?: number; audience?: string }): string | null;
    onAuthChanged(listener: (state: AuthState) => void): () => void;
    logout(options?: { wipeData?: boolean }): Promise<void>;
    shutdown(): Promise<void>;
  }
  /** runtime/db.ts:1880 */
  export function createDb(config: DbConfig): Promise<Db>;
}

declare module "jazz-tools/react" {
  import type { Db, DbConfig } from "jazz-tools";
  import type { ReactNode } from "react";

  /** packages/jazz-tools/src/react/provider.tsx:41-48 */
  export type JazzProviderProps = {
    config: DbConfig;
    fallback?: ReactNode;
    children: ReactNode;
    onJWTExpired?: () => Promise<string | null | undefined>;
    autoAttachDevTools?: boolean;
  };
  /** react/provider.tsx:50 */
  export function JazzProvider(props: JazzProviderProps): ReactNode;
  /** react/provider.tsx:78 */
  export function useDb(): Db;
}

declare module "docs-snippets:app" {
  import type { ReactNode } from "react";

  /** The app's Jazz id. */
  export const appId: string;
  /** The app's own UI, and what it shows while auth is loading. */
  export function App(): ReactNode;
  export function Spinner(): ReactNode;
  /** A made-up identity provider's SDK (README.md, docs/concepts/token-source.md). */
  export const idp: {
    /** A JWT, or `null` when nobody is signed in. */
    getJwt(options: { skipCache: boolean; signal?: AbortSignal }): Promise<string | null>;
    /** Calls back on sign-in, sign-out and user switch; returns an unsubscribe function. */
    onSessionChange(callback: () => void): () => void;
  };
  /** A token a server received. */
  export const token: string;
}

/**
 * 3. The Firebase Admin SDK (docs/providers/firebase.md sets custom claims with it), which is not a
 *    devDependency: the one method the docs call, as firebase-admin declares it
 *    (src/auth/base-auth.ts `BaseAuth.setCustomUserClaims`).
 */
declare module "firebase-admin/auth" {
  export function getAuth(): {
    setCustomUserClaims(uid: string, customUserClaims: object | null): Promise<void>;
  };
}
