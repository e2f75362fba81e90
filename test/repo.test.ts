import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const packages = readdirSync(join(root, "packages"));
const manifest = (name: string) => JSON.parse(read(`packages/${name}/package.json`));

describe("the repository", () => {
  it("keeps exactly two fresh-machine commands in the README, and CI runs the test one verbatim", () => {
    const commands = [...read("README.md").matchAll(/```sh\n([^\n]+)\n```/g)].map((match) => match[1]);
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npm install -g pnpm@\S+ && pnpm install --frozen-lockfile && pnpm demo$/);
    expect(commands[1]).toMatch(/&& pnpm test:all$/);
    expect(read(".ci/run").split("\n")).toContain(commands[1]);
  });

  it("pins the pnpm that the README installs in packageManager", () => {
    const pnpm = read("README.md").match(/npm install -g (pnpm@\S+)/)?.[1];
    expect(JSON.parse(read("package.json")).packageManager).toBe(pnpm);
  });

  it("gives @jazz-auth/core no runtime dependencies", () => {
    const core = manifest("core");
    expect(core.dependencies ?? {}).toEqual({});
    expect(core.peerDependencies ?? {}).toEqual({});
  });

  const SIDE_EFFECT_ENTRIES: Readonly<Record<string, readonly string[]>> = { react: ["./dist/react-native.js"] };

  it.each(packages)("publishes %s as a side-effect-free ESM package with types", (name) => {
    const pkg = manifest(name);
    expect(pkg.name).toBe(`@jazz-auth/${name}`);
    expect(pkg.type).toBe("module");
    // Only an entry whose purpose is its import may have side effects: @jazz-auth/react's React
    // Native entry installs React Native's lifecycle environment as core's default.
    expect(pkg.sideEffects).toEqual(SIDE_EFFECT_ENTRIES[name] ?? false);
    expect(pkg.files).toEqual(["dist"]);
    // A React Native entry may stand beside the default one, under Metro's `react-native` condition.
    const { "react-native": native, ...main } = pkg.exports["."];
    expect(main).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(native === undefined || native === SIDE_EFFECT_ENTRIES[name]?.[0]).toBe(true);
    expect(pkg.scripts).toMatchObject({ build: "tsdown", "lint:pkg": expect.stringContaining("attw") });
  });

  it("resolves every workspace package from source in tests and typechecks", () => {
    const paths = JSON.parse(read("tsconfig.base.json")).compilerOptions.paths;
    for (const name of packages) expect(paths[`@jazz-auth/${name}`]).toEqual([`./packages/${name}/src/index.ts`]);
  });
});
