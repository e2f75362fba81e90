/**
 * The React Native entry is reached only through the `react-native` condition (and field), and the
 * web entry's module graph never imports `react-native` or NetInfo, so web bundles stay free of them.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Every bare import reachable from `file` through relative imports. */
function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file)) return found;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const [, specifier] of text.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']/g)) {
    if (!specifier) continue;
    if (specifier.startsWith(".")) {
      for (const inner of bareImports(`${resolve(dirname(file), specifier)}.ts`, seen)) found.add(inner);
    } else found.add(specifier);
  }
  return found;
}

describe("@jazz-auth/react entries", () => {
  it("sends React Native (Metro) to the React Native entry, everyone else to the web one", () => {
    expect(manifest.exports["."]).toEqual({
      types: "./dist/index.d.ts",
      "react-native": "./dist/react-native.js",
      default: "./dist/index.js",
    });
    expect(manifest["react-native"]).toBe("./dist/react-native.js"); // Metro without package exports
    expect(manifest.sideEffects).toEqual(["./dist/react-native.js"]);
  });

  it("keeps react-native and NetInfo out of the web entry's module graph", () => {
    const web = bareImports(join(root, "src", "index.ts"));
    expect([...web].sort()).toEqual(["@jazz-auth/core", "react"]);
    const native = bareImports(join(root, "src", "react-native.ts"));
    expect(native).toContain("react-native");
    expect(native).toContain("@react-native-community/netinfo");
  });
});
