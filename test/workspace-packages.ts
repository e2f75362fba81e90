/**
 * The packages of the workspace, read from `packages/*\/package.json` at run time, so that the
 * architecture tests, the exports test and the bench cover a package as soon as its folder exists
 * (no hand-written list to forget). A provider package is one with a `./preset` entry; a binding
 * is a one-entry package over `@jazz-auth/core` with a UI framework as its peer.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root. */
export const ROOT: string = join(import.meta.dirname, "..");

/** The UI frameworks a binding can wrap, by the npm name of the framework. */
export const FRAMEWORKS: readonly string[] = ["react", "vue", "svelte", "solid-js"];

/** The packages that are neither a provider nor a binding, each for its stated reason. */
export const INFRASTRUCTURE: Readonly<Record<string, string>> = {
  core: "the framework-free engine every other package builds on",
  verifier: "the server-side verifier",
  testing: "the shared conformance suites and fakes",
  cli: "the command line, which bundles every preset",
};

/** The fields of a package.json these lists read. */
export interface PackageManifest {
  readonly name: string;
  readonly exports?: Readonly<Record<string, unknown>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** One folder of `packages/`. */
export interface WorkspacePackage {
  /** The folder name, e.g. `clerk`. */
  readonly dir: string;
  readonly manifest: PackageManifest;
  /** The export keys, without `./package.json` (e.g. `.`, `./preset`). */
  readonly entries: readonly string[];
}

/** A binding and the framework it wraps. */
export interface BindingPackage extends WorkspacePackage {
  /** The npm name of the framework (`react`, `vue`, `svelte`, `solid-js`). */
  readonly framework: string;
}

/** Every folder of `packages/` that holds a package.json, sorted by name. */
export function workspacePackages(root: string = ROOT): WorkspacePackage[] {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "packages", entry.name, "package.json")))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(join(root, "packages", entry.name, "package.json"), "utf8"));
      const entries = Object.keys(manifest.exports ?? {}).filter((key) => key !== "./package.json");
      return { dir: entry.name, manifest, entries };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The provider packages: the ones with a `./preset` entry. */
export function providerPackages(root: string = ROOT): WorkspacePackage[] {
  return workspacePackages(root).filter((pkg) => pkg.entries.includes("./preset"));
}

/** The bindings: a single `.` entry, `@jazz-auth/core` as a dependency, a UI framework as a peer. */
export function bindingPackages(root: string = ROOT): BindingPackage[] {
  return workspacePackages(root).flatMap((pkg) => {
    const framework = FRAMEWORKS.find((name) => pkg.manifest.peerDependencies?.[name] !== undefined);
    const isBinding =
      framework !== undefined &&
      pkg.entries.length === 1 &&
      pkg.entries[0] === "." &&
      pkg.manifest.dependencies?.["@jazz-auth/core"] !== undefined;
    return isBinding ? [{ ...pkg, framework }] : [];
  });
}

/** The source file of an export key: `.` → `src/index.ts`, `./react` → `src/react.ts` (or `.tsx`). */
export function entrySource(pkg: WorkspacePackage, entry: string, root: string = ROOT): string {
  const base = join(root, "packages", pkg.dir, "src", entry === "." ? "index" : entry.slice(2));
  const file = [`${base}.ts`, `${base}.tsx`].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`packages/${pkg.dir}: no source for the export ${JSON.stringify(entry)} (${base}.ts)`);
  return file;
}
