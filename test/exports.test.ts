import ts from "typescript";
import { describe, expect, it } from "vitest";
import { entrySource, workspacePackages } from "./workspace-packages";

/** Every export of every package in packages/, read from its package.json (see workspace-packages.ts). */
const entries = workspacePackages().flatMap((pkg) => pkg.entries.map((entry) => entrySource(pkg, entry)));
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
