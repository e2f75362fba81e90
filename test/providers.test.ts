/**
 * The architecture, checked: a provider package only translates its SDK. Everything with a timer,
 * a cache, a retry, jose, fetch or an error class lives in core (or, server-side, the verifier).
 * The lists of providers and bindings come from the folders (test/workspace-packages.ts), so a new
 * package is checked as soon as it exists.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchAdapters } from "../bench/adapters";
import { PROVIDERS as CLI_PROVIDERS } from "../packages/cli/src/providers";
import { bindingPackages, INFRASTRUCTURE, providerPackages, workspacePackages } from "./workspace-packages";

const root = join(import.meta.dirname, "..");
const PROVIDERS = providerPackages().map((pkg) => pkg.dir);
const BINDINGS = bindingPackages().map((pkg) => pkg.dir);
const CLIENT_PACKAGES = ["core", ...BINDINGS, ...PROVIDERS];
const read = (path: string) => readFileSync(join(root, path), "utf8");
/** Source text without comments, so a word in the TSDoc does not count. */
const code = (path: string) =>
  read(path)
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");

const FORBIDDEN: [string, RegExp][] = [
  ["timers", /\b(setTimeout|setInterval|requestAnimationFrame)\b/],
  ["jose", /from\s+["']jose["']/],
  ["fetch", /\bfetch\s*\(/],
  ["error classes", /\bclass\s+\w+\s+extends\s+\w*Error\b/],
  ["retry loops", /\b(retry|retries|backoff)\b/i],
  ["caches", /\bnew\s+(Map|WeakMap)\b|\bcache\b/i],
  ["globals", /\b(process\.env|window\.|document\.|localStorage)\b/],
];
const DOC_SECTIONS = [
  "Install",
  "Client",
  "React",
  "React Native and Expo",
  "Server preset and Jazz server command",
  "Claims and `sub`",
  "Errors",
  "Pitfalls",
];

/** The `path`s of .size-limit.json: every budgeted file. */
const BUDGETED = new Set<string>(JSON.parse(read(".size-limit.json")).map((entry: { path: string }) => entry.path));

describe("the package lists", () => {
  it("find the providers and bindings in packages/", () => {
    expect(PROVIDERS).toEqual(expect.arrayContaining(["auth0", "better-auth", "clerk", "firebase", "workos"]));
    expect(BINDINGS).toContain("react");
  });

  it("leave no package unclassified: each is a provider, a binding or named infrastructure", () => {
    const unclassified = workspacePackages()
      .map((pkg) => pkg.dir)
      .filter((dir) => !PROVIDERS.includes(dir) && !BINDINGS.includes(dir) && !(dir in INFRASTRUCTURE));
    expect(unclassified).toEqual([]);
  });

  it("match the CLI's providers, which ships without the repository and so keeps its own list", () => {
    expect(CLI_PROVIDERS.map((provider) => provider.id).sort()).toEqual([...PROVIDERS].sort());
    const cliDependencies = Object.keys(JSON.parse(read("packages/cli/package.json")).dependencies);
    for (const provider of PROVIDERS) expect(cliDependencies).toContain(`@jazz-auth/${provider}`);
  });

  it("give the bench one adapter per provider package, and stop it on one it does not know", () => {
    expect(benchAdapters()).toHaveLength(PROVIDERS.length);
    expect(() => benchAdapters([...PROVIDERS, "acme"])).toThrow(/no adapter for packages\/acme/);
  });
});

describe.each(PROVIDERS)("provider package %s", (provider) => {
  const dir = `packages/${provider}`;

  it("has the three entry points: ., ./preset and ./react", () => {
    const exports = JSON.parse(read(`${dir}/package.json`)).exports;
    for (const entry of [".", "./preset", "./react"]) expect(exports[entry]).toBeDefined();
    for (const file of ["index", "source", "preset", "react"])
      expect(existsSync(join(root, dir, "src", `${file}.ts`))).toBe(true);
    expect(code(`${dir}/src/react.ts`)).toMatch(/export function use\w+JazzAuth\(/);
  });

  it.each(["source", "preset", "react", "index"])(
    "keeps src/%s.ts free of timers, caches, retries, jose, fetch and error classes",
    (file) => {
      const text = code(`${dir}/src/${file}.ts`);
      for (const [what, pattern] of FORBIDDEN) expect(`${what}: ${pattern.test(text)}`).toBe(`${what}: false`);
    },
  );

  it("keeps the adapter and the preset small", () => {
    expect(read(`${dir}/src/source.ts`).split("\n").length).toBeLessThanOrEqual(150);
    expect(read(`${dir}/src/preset.ts`).split("\n").length).toBeLessThanOrEqual(70);
  });

  it("runs the conformance suites", () => {
    expect(read(`${dir}/test/source.test.ts`)).toMatch(/describeTokenSourceConformance\(/);
    expect(read(`${dir}/test/preset.test.ts`)).toMatch(/presetConformance\(/);
    expect(existsSync(join(root, dir, "test", "sdk.test-d.ts"))).toBe(true);
  });

  it("has a docs page with the shared sections", () => {
    const page = read(`docs/providers/${provider}.md`);
    const headings = [...page.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(DOC_SECTIONS);
    expect(read("README.md")).toContain(`docs/providers/${provider}.md`);
  });

  it("has a size budget for each client entry", () => {
    for (const file of ["index", "preset", "react"]) expect(BUDGETED).toContain(`${dir}/dist/${file}.js`);
  });
});

describe.each(BINDINGS)("binding package %s", (binding) => {
  it("has a docs page under docs/frameworks (React's is still docs/react.md), linked from the README", () => {
    const pages = [`docs/frameworks/${binding}.md`, ...(binding === "react" ? ["docs/react.md"] : [])];
    const page = pages.find((candidate) => existsSync(join(root, candidate)));
    expect(page, `one of ${pages.join(", ")}`).toBeDefined();
    expect(read("README.md")).toContain(`(${page})`);
  });

  it("has a size budget", () => {
    expect(BUDGETED).toContain(`packages/${binding}/dist/index.js`);
  });
});

describe.each(CLIENT_PACKAGES)("client package %s", (name) => {
  const pkg = JSON.parse(read(`packages/${name}/package.json`));

  it("never depends on jose or zod, and on the verifier only for a ./server entry", () => {
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
    expect(deps.filter((dep) => dep === "jose" || dep === "zod")).toEqual([]);
    if (deps.includes("@jazz-auth/verifier")) expect(pkg.exports["./server"]).toBeDefined();
  });

  it("keeps the verifier and jose out of every client entry", () => {
    const clientFiles = ["index", "source", "preset", "react"].filter((file) =>
      existsSync(join(root, "packages", name, "src", `${file}.ts`)),
    );
    for (const file of clientFiles) {
      expect(code(`packages/${name}/src/${file}.ts`)).not.toMatch(
        /from\s+["'](jose|zod|@jazz-auth\/verifier|\.\/server)["']/,
      );
    }
  });
});
