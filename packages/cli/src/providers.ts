import { auth0 } from "@jazz-auth/auth0/preset";
import { betterAuth } from "@jazz-auth/better-auth/preset";
import { clerk } from "@jazz-auth/clerk/preset";
import type { ProviderPreset } from "@jazz-auth/core";
import { firebase } from "@jazz-auth/firebase/preset";
import { oidc } from "@jazz-auth/oidc/preset";
import { supabase } from "@jazz-auth/supabase/preset";
import { workos } from "@jazz-auth/workos/preset";
import { UsageError } from "./usage-error";

/** Option values as `parseArgs` gives them. */
export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** A provider the CLI knows: how to build its preset from flags. */
export interface CliProvider {
  readonly id: string;
  readonly name: string;
  readonly flags: string;
  build(flags: Flags): ProviderPreset;
}

function need(flags: Flags, name: string, provider: string): string {
  const value = flags[name];
  if (typeof value !== "string" || !value) throw new UsageError(`--${name} is required for ${provider}.`);
  return value;
}

const optional = (flags: Flags, name: string) =>
  typeof flags[name] === "string" ? (flags[name] as string) : undefined;

/** The providers, in the order the docs list them. */
export const PROVIDERS: readonly CliProvider[] = [
  {
    id: "better-auth",
    name: "Better Auth (jwt plugin)",
    flags: "--base-url <url> [--base-path <path>]",
    build: (flags) => {
      const basePath = optional(flags, "base-path");
      return betterAuth({ baseURL: need(flags, "base-url", "better-auth"), ...(basePath ? { basePath } : {}) });
    },
  },
  {
    id: "workos",
    name: "WorkOS AuthKit",
    flags: "--client-id <client_…>",
    build: (flags) => workos({ clientId: need(flags, "client-id", "workos") }),
  },
  {
    id: "clerk",
    name: "Clerk",
    flags: "--publishable-key <pk_…> | --frontend-api <host> [--authorized-party <origin>…]",
    build: (flags) => {
      const key = optional(flags, "publishable-key");
      const parties = flags["authorized-party"];
      const instance = key
        ? { publishableKey: key }
        : { frontendApi: need(flags, "frontend-api", "clerk (or --publishable-key)") };
      return clerk(instance, Array.isArray(parties) && parties.length > 0 ? { authorizedParties: parties } : {});
    },
  },
  {
    id: "auth0",
    name: "Auth0",
    flags: "--domain <tenant host> --audience <API identifier>",
    build: (flags) => auth0({ domain: need(flags, "domain", "auth0"), audience: need(flags, "audience", "auth0") }),
  },
  {
    id: "firebase",
    name: "Firebase Auth",
    flags: "--project-id <id>",
    build: (flags) => firebase({ projectId: need(flags, "project-id", "firebase") }),
  },
  {
    id: "supabase",
    name: "Supabase Auth (asymmetric signing keys)",
    flags: "--project-ref <ref> | --url <project URL>",
    build: (flags) => {
      const ref = optional(flags, "project-ref");
      return supabase(ref ? { projectRef: ref } : { url: need(flags, "url", "supabase (or --project-ref)") });
    },
  },
  {
    id: "oidc",
    name: "Any OpenID Connect provider",
    flags: "--issuer <url> --jwks-url <jwks_uri> --audience <API audience or client id>",
    build: (flags) =>
      oidc({
        issuer: need(flags, "issuer", "oidc"),
        jwksUrl: need(flags, "jwks-url", "oidc"),
        audience: need(flags, "audience", "oidc"),
      }),
  },
];

/** Builds the preset for `id` from flags; an unknown provider or a bad option is a `UsageError`. */
export function presetFor(id: string | undefined, flags: Flags): ProviderPreset {
  const provider = PROVIDERS.find((candidate) => candidate.id === id);
  if (!provider)
    throw new UsageError(
      `unknown provider ${JSON.stringify(id ?? "")}; choose one of ${PROVIDERS.map((p) => p.id).join(", ")}.`,
    );
  try {
    return provider.build(flags);
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^\[jazz-auth\] /, ""));
    throw error;
  }
}

/** The `jazz-tools server` command line for a preset. */
export function jazzServerCommand(preset: ProviderPreset, appId = "<APP_ID>"): string {
  return `pnpm dlx jazz-tools@alpha server ${appId} ${(preset.jazzServer.flags ?? ["--jwks-url", preset.jazzServer.jwksUrl]).join(" ")}`;
}
