/**
 * The architecture, checked: a provider package only translates its SDK. Everything with a timer,
 * a cache, a retry, jose, fetch or an error class lives in core (or, server-side, the verifier).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const PROVIDERS = ["better-auth", "workos", "clerk", "auth0", "firebase"];
const CLIENT_PACKAGES = ["core", "react", ...PROVIDERS];
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
  "Server preset and Jazz server command",
  "Claims and `sub`",
  "Errors",
  "Pitfalls",
];

describe.each(PROVIDERS)("provider package %s", (provider) => {
  const dir = `packages/${provider}`;

  it("has the three entry points: ., ./preset and ./react", () => {
    const exports = JSON.parse(read(`${dir}/package.json`)).exports;
    for (const entry of [".", "./preset", "./react"]) expect(exports[entry]).toBeDefined();
    for (const file of ["index", "source", "preset", "react"])
      expect(existsSync(join(root, dir, "src", `${file}.ts`))).toBe(true);
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
