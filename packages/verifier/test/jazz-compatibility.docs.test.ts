/** Every TypeScript block of docs/server/jazz-compatibility.md compiles against the packages' sources. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const PAGES = ["docs/server/jazz-compatibility.md"];

it.each(PAGES)(
  "the ts blocks of %s typecheck",
  (page) => {
    const blocks = [...readFileSync(join(ROOT, page), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (match) => match[1] ?? "",
    );
    expect(blocks.length).toBeGreaterThan(0);
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile).config,
      ts.sys,
      ROOT,
    );
    const files = new Map(blocks.map((code, index) => [join(ROOT, `docs-block-${index}.ts`), `${code}\nexport {};\n`]));
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => files.get(name) ?? readFile(name);
    host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
    host.getSourceFile = (name, language) => {
      const text = files.get(name);
      return text === undefined ? getSourceFile(name, language) : ts.createSourceFile(name, text, language);
    };
    const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
    const problems = [...files.keys()].flatMap((name) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(name))
        .map((diagnostic) => `${name}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`),
    );
    expect(problems).toEqual([]);
  },
  120_000,
);
