import { defineConfig, type UserConfig } from "tsdown";

/** The build every package shares: ESM, declarations (isolatedDeclarations), sourcemaps, workspace packages external. */
export function packageBuild(entry: string[], external: (string | RegExp)[] = []): UserConfig {
  return defineConfig({
    entry,
    format: ["esm"],
    platform: "neutral",
    deps: { neverBundle: [/^@jazz-auth\//, /^node:/, ...external] },
    dts: true,
    sourcemap: true,
    clean: true,
  });
}
