import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const entries = [
  ...["core", "testing", "verifier", "react"].map((name) => join(root, "packages", name, "src", "index.ts")),
  ...["better-auth", "workos", "clerk", "auth0", "firebase"].flatMap((name) =>
    ["index", "preset", "react"].map((entry) => join(root, "packages", name, "src", `${entry}.ts`)),
  ),
  join(root, "packages", "better-auth", "src", "server.ts"),
  join(root, "packages", "cli", "src", "index.ts"),
];
const program = ts.createProgram(entries, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
});
const checker = program.getTypeChecker();

function undocumentedExports(entry: string): string[] {
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read ${entry}`);
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === "";
    })
    .map((symbol) => symbol.name);
}

describe("TSDoc", () => {
  it.each(entries)("documents every export of %s", (entry) => {
    expect(undocumentedExports(entry)).toEqual([]);
  });
});
