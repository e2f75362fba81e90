/**
 * The packages as a user gets them: `pnpm pack` every public package (from the built dist), install
 * the tarballs with npm into a scratch app in the OS temp dir, outside the workspace, then import
 * every entry with ESM and with `require` (Node's require(esm), Node >= 20.19), load the test kit's
 * fakes with vitest blocked, run the installed `jazz-auth`, and read LICENSE, README and
 * `repository` from each tarball. Third-party dependencies come from the registry, once per run.
 * Needs `pnpm build` first (`pnpm test:all` builds before it tests).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, providerPackages } from "../workspace-packages";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const LICENSE = readFileSync(join(root, "LICENSE"), "utf8");
const REPOSITORY_URL = "git+https://github.com/jazz-auth/jazz-auth.git";

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string };
  exports: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const packages = readdirSync(join(root, "packages"))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => manifest.private !== true) as { dir: string; manifest: Manifest }[];

/** Every import specifier a package exports (`./package.json` aside). */
const entriesOf = (manifest: Manifest): string[] =>
  Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`));
const ENTRIES = packages.flatMap(({ manifest }) => entriesOf(manifest));

/** What the scratch app adds next to the tarballs: the optional peers some entries import, at the workspace's versions. */
const EXTRAS = ["vitest", "@testing-library/react", "@testing-library/dom", ...FRAMEWORKS, "react-dom"].map(
  (name) => `${name}@${rootManifest.devDependencies[name]}`,
);

/** pnpm's environment minus its npm_* variables, so npm reads only its own configuration. */
const npmEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  NODE_ENV: process.env.NODE_ENV,
};

let work: string;
let app: string;
const tarballs = new Map<
  string,
  { file: string; files: string[]; manifest: Manifest; readme: string; license: string }
>();

async function untar(file: string, member: string): Promise<string> {
  return (await run("tar", ["-xzOf", file, `package/${member}`], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** Runs a script with the scratch app's Node; returns what it printed as JSON. */
async function node(args: string[], script: string): Promise<unknown> {
  const file = join(app, `check-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const { stdout } = await run(process.execPath, [...args, file], { cwd: app, timeout: 60_000 });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  for (const { dir } of packages)
    if (!existsSync(join(root, "packages", dir, "dist", "index.js")))
      throw new Error(`packages/${dir}/dist is missing: run \`pnpm build\` first`);
  work = mkdtempSync(join(tmpdir(), "jazz-auth-packaging-"));
  const packed = join(work, "tarballs");
  app = join(work, "app");
  mkdirSync(packed);
  mkdirSync(app);

  await Promise.all(
    packages.map(({ dir }) =>
      run("pnpm", ["pack", "--pack-destination", packed], { cwd: join(root, "packages", dir), timeout: 120_000 }),
    ),
  );
  for (const file of readdirSync(packed)) {
    const path = join(packed, file);
    const files = (await run("tar", ["-tzf", path])).stdout
      .split("\n")
      .filter(Boolean)
      .map((entry) => entry.replace(/^package\//, ""));
    const manifest = JSON.parse(await untar(path, "package.json")) as Manifest;
    const readme = files.includes("README.md") ? await untar(path, "README.md") : "";
    const license = files.includes("LICENSE") ? await untar(path, "LICENSE") : "";
    tarballs.set(manifest.name, { file: path, files, manifest, readme, license });
  }

  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "jazz-auth-scratch-app", version: "0.0.0", private: true }, null, 2)}\n`,
  );
  // --ignore-scripts: nothing here needs a native build (the CLI's optional better-sqlite3 would compile for minutes).
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
      ...[...tarballs.values()].map(({ file }) => file),
      ...EXTRAS,
    ],
    { cwd: app, env: npmEnv, timeout: 8 * 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
}, 10 * 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarballs", () => {
  it("packs every public package", () => {
    expect([...tarballs.keys()].sort()).toEqual(packages.map(({ manifest }) => manifest.name).sort());
  });

  describe.each(packages.map(({ dir, manifest }) => [manifest.name, dir]))("%s", (name, dir) => {
    const tarball = () => {
      const found = tarballs.get(name);
      if (!found) throw new Error(`no tarball for ${name}`);
      return found;
    };

    it("ships the MIT LICENSE, a README and the built entries, and no sources or tests", () => {
      const { files, manifest, license } = tarball();
      expect(license).toBe(LICENSE);
      expect(manifest.license).toBe("MIT");
      expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js"]));
      expect(files.filter((file) => !/^(dist\/|LICENSE$|README\.md$|package\.json$)/.test(file))).toEqual([]);
    });

    it("names its repository and its directory in it", () => {
      expect(tarball().manifest.repository).toEqual({ type: "git", url: REPOSITORY_URL, directory: `packages/${dir}` });
    });

    it("has a README whose links work once published (absolute, no ../docs)", () => {
      const { readme } = tarball();
      expect(readme).toMatch(new RegExp(`^# ${name.replace("/", "\\/")}\\n`));
      const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
      expect(targets.length).toBeGreaterThan(0);
      expect(targets.filter((target) => !/^https:\/\//.test(target ?? ""))).toEqual([]);
      expect(readme).toMatch(/require\(\)/);
    });

    it("depends on published versions, by ranges that let an app share one copy", () => {
      const { manifest } = tarball();
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
      expect(Object.values(deps).filter((range) => range.startsWith("workspace:"))).toEqual([]);
      const exact = Object.entries(manifest.dependencies ?? {}).filter(
        ([dep, range]) => !dep.startsWith("@jazz-auth/") && /^\d/.test(range),
      );
      expect(exact).toEqual([]);
    });

    it("exports every entry with types and a default condition (import and require)", () => {
      const { manifest, files } = tarball();
      for (const [key, target] of Object.entries(manifest.exports)) {
        if (key === "./package.json") continue;
        // Beside them, a React Native entry under Metro's `react-native` condition (@jazz-auth/react's).
        const { "react-native": native, ...main } = target as Record<string, string>;
        expect(main).toEqual({ types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) });
        const { types = "", default: js = "" } = main;
        expect(files).toEqual(
          expect.arrayContaining([types.slice(2), js.slice(2), ...(native ? [native.slice(2)] : [])]),
        );
      }
    });
  });
});

describe("installed with npm into an app outside the workspace", () => {
  it("has one copy of each @jazz-auth package, from the tarballs, and one jose", () => {
    const lock = JSON.parse(readFileSync(join(app, "node_modules", ".package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string }>;
    };
    const copies = (name: string) =>
      Object.keys(lock.packages).filter(
        (path) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`),
      );
    for (const { manifest } of packages) {
      const [path, ...others] = copies(manifest.name);
      expect([manifest.name, others]).toEqual([manifest.name, []]);
      expect(lock.packages[path ?? ""]?.resolved).toMatch(/^file:.*\.tgz$/);
    }
    expect(copies("jose")).toEqual(["node_modules/jose"]);
  });

  it("imports every entry of every package with ESM", async () => {
    const result = await node(
      [],
      `const out = {};
for (const spec of ${JSON.stringify(ENTRIES)}) {
  try { out[spec] = Object.keys(await import(spec)).sort(); } catch (error) { out[spec] = String(error); }
}
console.log(JSON.stringify(out));`,
    );
    for (const spec of ENTRIES)
      expect([spec, (result as Record<string, unknown>)[spec]]).toEqual([spec, expect.any(Array)]);
    for (const spec of ENTRIES) expect((result as Record<string, string[]>)[spec]?.length).toBeGreaterThan(0);
  });

  it("requires every entry from CommonJS (Node's require(esm)), with the same exports", async () => {
    const result = (await node(
      [],
      `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const out = {};
for (const spec of ${JSON.stringify(ENTRIES)}) {
  let esm, cjs;
  try { esm = Object.keys(await import(spec)).sort(); } catch (error) { esm = String(error); }
  try { cjs = Object.keys(require(spec)).filter((key) => key !== "__esModule").sort(); } catch (error) { cjs = String(error); }
  out[spec] = { esm, cjs };
}
console.log(JSON.stringify(out));`,
    )) as Record<string, { esm: unknown; cjs: unknown }>;
    for (const spec of ENTRIES) {
      expect([spec, result[spec]?.cjs]).toEqual([spec, expect.any(Array)]);
      expect([spec, result[spec]?.cjs]).toEqual([spec, result[spec]?.esm]);
    }
  });

  it("loads @jazz-auth/testing's fakes without vitest; only ./conformance and ./react need it", async () => {
    writeFileSync(
      join(app, "no-vitest-hooks.mjs"),
      `export async function resolve(specifier, context, next) {
  if (specifier === "vitest" || specifier.startsWith("vitest/") || specifier.startsWith("@testing-library/"))
    throw new Error("blocked: " + specifier);
  return next(specifier, context);
}`,
    );
    writeFileSync(
      join(app, "no-vitest.mjs"),
      `import { register } from "node:module";
register("./no-vitest-hooks.mjs", import.meta.url);`,
    );
    const result = await node(
      ["--import", "./no-vitest.mjs"],
      `const out = {};
try {
  const kit = await import("@jazz-auth/testing");
  const clock = kit.createFakeClock();
  const harness = kit.createConformanceHarness();
  out.main = typeof clock.advance === "function" && typeof harness.provider.fetchToken === "function" ? "loaded" : "incomplete";
} catch (error) { out.main = String(error); }
for (const entry of ["conformance", "react"]) {
  try { await import("@jazz-auth/testing/" + entry); out[entry] = "loaded"; } catch (error) { out[entry] = String(error.message); }
}
console.log(JSON.stringify(out));`,
    );
    expect(result).toEqual({
      main: "loaded",
      conformance: "blocked: vitest",
      react: expect.stringMatching(/^blocked: /),
    });
  });

  it("runs the installed jazz-auth command", async () => {
    const bin = join(app, "node_modules", ".bin", "jazz-auth");
    const help = await run(bin, ["--help"], { cwd: app, timeout: 60_000 });
    expect(help.stdout).toMatch(/^Usage: jazz-auth <command>/);
    for (const command of ["presets", "preset", "doctor", "keygen", "demo"])
      expect(help.stdout).toContain(`  ${command} `);
    const presets = await run(bin, ["presets", "--json"], { cwd: app, timeout: 60_000 });
    expect(
      JSON.parse(presets.stdout)
        .map((preset: { id: string }) => preset.id)
        .sort(),
    ).toEqual(providerPackages().map((pkg) => pkg.dir));
  });
});
