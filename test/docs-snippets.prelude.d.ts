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
 *    "jazz-tools/react" (src/react/index.ts:2-9; package.json "exports" "./react"), its React Native
 *    client from "jazz-tools/react-native", and Jazz's Vue,
 *    Svelte and Solid clients from "jazz-tools/vue", "jazz-tools/svelte" and "jazz-tools/solid".
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

/** packages/jazz-tools/src/react-native/index.ts:1-13 (package.json "exports" "./react-native"), the members the docs use. */
declare module "jazz-tools/react-native" {
  import type { Db, DbConfig } from "jazz-tools";
  import type { ReactNode } from "react";

  /** react-native/provider.tsx:21-25: no `onJWTExpired` (react-core/provider.tsx:43-49 has one; this one drops it). */
  export type JazzProviderProps = {
    config: DbConfig;
    fallback?: ReactNode;
    children: ReactNode;
  };
  /** react-native/provider.tsx:27 (a client per `JSON.stringify(config)`, react-core/provider.tsx:208) */
  export function JazzProvider(props: JazzProviderProps): ReactNode;
  /** react-native/provider.tsx:39 */
  export function useDb(): Db;
}

/** packages/jazz-tools/src/vue/index.ts:1-11 (package.json "exports" "./vue"), the members the docs use. */
declare module "jazz-tools/vue" {
  import type { Db, DbConfig, Session } from "jazz-tools";
  import type { DefineComponent } from "vue";

  /** vue/create-jazz-client.ts:8-13 (its `manager` left out). */
  export interface JazzClient {
    db: Db;
    session: Session | null;
    shutdown(): Promise<void>;
  }
  /** vue/create-jazz-client.ts:41: shared per `JSON.stringify(config)` (line 42). */
  export function createJazzClient(config: DbConfig): Promise<JazzClient>;
  /** vue/provider.ts:22-25, 33 */
  export const JazzProvider: DefineComponent<{
    client: JazzClient | Promise<JazzClient>;
    autoAttachDevTools?: boolean;
  }>;
  /** vue/provider.ts:145 */
  export function useDb(): Db;
}

/** packages/jazz-tools/src/svelte/index.ts:1-3 (package.json "exports" "./svelte"), the members the docs use. */
declare module "jazz-tools/svelte" {
  import type { Db, DbConfig, Session } from "jazz-tools";
  import type { Component, Snippet } from "svelte";

  /** svelte/create-jazz-client.ts:8-13 (its `manager` left out). */
  export interface JazzClient {
    db: Db;
    session: Session | null;
    shutdown(): Promise<void>;
  }
  /** svelte/create-jazz-client.ts:41: shared per `JSON.stringify(config)` (line 42). */
  export function createJazzClient(config: DbConfig): Promise<JazzClient>;
  /** svelte/JazzSvelteProvider.svelte:11-16 */
  export const JazzSvelteProvider: Component<{
    client: JazzClient | Promise<JazzClient>;
    children: Snippet<[{ db: Db }]>;
    fallback?: Snippet;
    autoAttachDevTools?: boolean;
  }>;
  /** svelte/context.svelte.ts:39 */
  export function getDb(): Db;
}

/** packages/jazz-tools/src/solid/index.ts:1-14 (package.json "exports" "./solid"), the members the docs use. */
declare module "jazz-tools/solid" {
  import type { Db, DbConfig, Session } from "jazz-tools";
  import type { Accessor, JSX } from "solid-js";

  /** solid/create-solid-jazz-client.ts:12-36 (`manager`, `authState` and `state` left out). */
  export interface PendingSolidJazzClient {
    readonly db: Db | undefined;
    readonly session: Session | null;
    readonly loading: boolean;
    readonly error: unknown;
    shutdown(): Promise<void>;
  }
  /** solid/create-solid-jazz-client.ts:8: a new client whenever `JSON.stringify(config())` changes (create-solid-jazz-client-internal.ts:19-21). */
  export function createSolidJazzClient(config: Accessor<DbConfig>): PendingSolidJazzClient;
  /** solid/provider.tsx:15-22 */
  export function JazzProvider(props: {
    client: PendingSolidJazzClient;
    fallback?: JSX.Element;
    children: JSX.Element;
    autoAttachDevTools?: boolean;
  }): JSX.Element;
  /** solid/provider.tsx:48 */
  export function useDb<TDb = Db>(): Accessor<TDb>;
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
