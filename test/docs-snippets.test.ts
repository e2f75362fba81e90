/**
 * Every ```ts and ```tsx block of README.md, packages/*\/README.md and docs/**\/*.md (docs/api is
 * generated) typechecks as written, each block as its own module, in one TypeScript program:
 * the workspace packages resolve to their sources (tsconfig.base.json "paths"), the provider SDKs
 * to the installed devDependencies, and the names no block can import for real (Jazz, and the app
 * around a block) to test/docs-snippets.prelude.d.ts, which says what it holds and why.
 *
 * A block opts out only with a reason in its info string: ```ts ignore: <why>. A failure names
 * the page, the line and the column of the Markdown file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const PRELUDE = join(ROOT, "test", "docs-snippets.prelude.d.ts");
/** The module of the prelude that holds the app's names (`appId`, `App`, …). */
const APP_MODULE = "docs-snippets:app";

interface DocBlock {
  /** The Markdown file, relative to the repository root. */
  readonly page: string;
  /** The 1-based line of the block's first code line. */
  readonly line: number;
  /** How far the fence is indented (a block inside a list item): added to reported columns. */
  readonly indent: number;
  readonly lang: "ts" | "tsx";
  readonly code: string;
  /** The reason given with `ignore`, when the block opts out. */
  readonly ignored?: string;
}

/** The ts/tsx blocks of one Markdown page, and what is wrong with its fences or opt-outs. */
function extractBlocks(page: string, markdown: string): { blocks: DocBlock[]; problems: string[] } {
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  const lines = markdown.split("\n");
  let open: { fence: string; indent: number; info: string; start: number; body: string[] } | null = null;
  lines.forEach((text, index) => {
    const fence = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(text);
    if (open === null) {
      if (fence)
        open = {
          fence: fence[2] ?? "",
          indent: fence[1]?.length ?? 0,
          info: (fence[3] ?? "").trim(),
          start: index + 1,
          body: [],
        };
      return;
    }
    const closing = /^\s*(`{3,}|~{3,})\s*$/.exec(text)?.[1];
    if (closing !== undefined && closing[0] === open.fence[0] && closing.length >= open.fence.length) {
      const [lang = "", ...rest] = open.info.split(/\s+/);
      if (lang === "ts" || lang === "tsx" || lang === "typescript") {
        const attributes = rest.join(" ");
        const ignore = /^ignore\b[\s:—-]*(.*)$/.exec(attributes);
        const where = `${page}:${open.start}`;
        if (attributes !== "" && !ignore)
          problems.push(`${where}: unknown attribute "${attributes}" (only "ignore: <reason>")`);
        if (ignore && (ignore[1] ?? "").trim().length < 10) problems.push(`${where}: "ignore" needs a reason`);
        const strip = new RegExp(`^ {0,${open.indent}}`);
        blocks.push({
          page,
          line: open.start + 1,
          indent: open.indent,
          lang: lang === "tsx" ? "tsx" : "ts",
          code: open.body.map((line) => line.replace(strip, "")).join("\n"),
          ...(ignore ? { ignored: (ignore[1] ?? "").trim() } : {}),
        });
      }
      open = null;
      return;
    }
    open.body.push(text);
  });
  if (open !== null) problems.push(`${page}:${(open as { start: number }).start}: a code fence that is never closed`);
  return { blocks, problems };
}

/** README.md, packages/*\/README.md and docs/**\/*.md, without the generated docs/api. */
function docPages(): string[] {
  const docs = readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".md") && !path.startsWith("api/") && path !== "api")
    .map((path) => `docs/${path}`);
  const readmes = readdirSync(join(ROOT, "packages"))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => ts.sys.fileExists(join(ROOT, path)));
  return ["README.md", ...readmes, ...docs].sort();
}

/** The names a module declares at its top level (imports included). */
function topLevelNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement)) &&
      statement.name &&
      ts.isIdentifier(statement.name)
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The names the prelude's app module exports. */
function appNames(): string[] {
  const prelude = ts.createSourceFile(PRELUDE, readFileSync(PRELUDE, "utf8"), ts.ScriptTarget.Latest);
  const app = prelude.statements.find(
    (statement): statement is ts.ModuleDeclaration =>
      ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name) && statement.name.text === APP_MODULE,
  );
  if (!app?.body || !ts.isModuleBlock(app.body)) throw new Error(`${PRELUDE} has no module "${APP_MODULE}"`);
  const module = ts.createSourceFile(
    "app.ts",
    app.body.statements.map((s) => s.getText(prelude)).join("\n"),
    ts.ScriptTarget.Latest,
  );
  return [...topLevelNames(module)].filter((name) => name !== "ReactNode");
}

/**
 * Typechecks the blocks that do not opt out, each as its own module, in one program. A block
 * that uses one of the prelude's app names without declaring it gets it imported (at its end, so
 * lines stay where they are). Returns one line per diagnostic: `page:line:column TSxxxx message`.
 */
function typecheckBlocks(blocks: readonly DocBlock[]): string[] {
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile).config,
    ts.sys,
    ROOT,
  );
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    // An app's tsconfig: `strict` and the repository's other checks, but not
    // exactOptionalPropertyTypes, which `strict` does not turn on and Vite's templates leave off.
    exactOptionalPropertyTypes: false,
  };
  const app = appNames();
  const files = new Map<string, { block: DocBlock; text: string }>();
  for (const block of blocks) {
    if (block.ignored !== undefined) continue;
    const name = join(ROOT, ".docs-snippets", `${block.page.replaceAll("/", "__")}__L${block.line}.${block.lang}`);
    const parsed = ts.createSourceFile(name, block.code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
    const declared = topLevelNames(parsed);
    const used = app.filter(
      (placeholder) => !declared.has(placeholder) && new RegExp(`\\b${placeholder}\\b`).test(block.code),
    );
    const imports = used.length > 0 ? `\nimport { ${used.join(", ")} } from "${APP_MODULE}";` : "";
    files.set(name, { block, text: `${block.code}\nexport {};${imports}\n` });
  }
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name)?.text ?? readFile(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const file = files.get(name);
    return file === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, file.text, language);
  };
  const program = ts.createProgram([PRELUDE, ...files.keys()], options, host);
  const problems = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (diagnostic) => `program: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
  );
  const prelude = program.getSourceFile(PRELUDE);
  for (const diagnostic of prelude ? ts.getPreEmitDiagnostics(program, prelude) : []) {
    problems.push(`${relative(ROOT, PRELUDE)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
  }
  for (const [name, { block }] of files) {
    const source = program.getSourceFile(name);
    if (!source) throw new Error(`${name} is not in the program`);
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ");
      problems.push(
        `${block.page}:${block.line + at.line}:${block.indent + at.character + 1} TS${diagnostic.code} ${message}`,
      );
    }
  }
  return problems;
}

/** A page made to fail: its problems prove the check can fail, and where it says it does. */
const CANARY = [
  "# A page with a bad snippet",
  "",
  "```ts",
  'import { createTokenSource } from "@jazz-auth/core";',
  "const source = createTokenSource({ provider: 1 });",
  "```",
  "",
  "- a list item",
  "",
  "  ```tsx",
  '  import { useDb } from "jazz-tools/react";',
  "  const db: string = useDb();",
  "  ```",
  "",
  "```ts ignore: shows a shape, not a program",
  "this is not TypeScript",
  "```",
  "",
  "```ts ignore",
  "```",
].join("\n");

describe("the docs' TypeScript blocks", () => {
  const pages = docPages();
  const extracted = pages.map((page) => extractBlocks(page, readFileSync(join(ROOT, page), "utf8")));
  const blocks = extracted.flatMap((page) => page.blocks);
  const canary = extractBlocks("canary.md", CANARY);
  let problems: string[] = [];

  beforeAll(() => {
    problems = typecheckBlocks([...blocks, ...canary.blocks]);
  }, 120_000);

  it("are found on every page that has them, inside list items too", () => {
    expect(pages).toContain("README.md");
    expect(pages).toContain("docs/server/jazz-compatibility.md");
    expect(pages.some((page) => page.startsWith("docs/api/"))).toBe(false);
    expect(blocks.length).toBeGreaterThan(40);
    expect(blocks.filter((block) => block.page === "docs/server/bridge.md" && block.indent > 0).length).toBeGreaterThan(
      0,
    );
  });

  it("report a bad block with its page, line and column, and an opt-out without a reason", () => {
    expect(canary.problems).toEqual(['canary.md:19: "ignore" needs a reason']);
    expect(canary.blocks.map((block) => block.ignored)).toEqual([
      undefined,
      undefined,
      "shows a shape, not a program",
      "",
    ]);
    const reported = problems.filter((problem) => problem.startsWith("canary.md"));
    expect(reported).toEqual([
      expect.stringMatching(/^canary\.md:5:36 TS2322 Type 'number' is not assignable to type 'string'/),
      expect.stringMatching(/^canary\.md:12:9 TS2322 Type 'Db' is not assignable to type 'string'/),
    ]);
  });

  it("opt out only with a reason", () => {
    expect(extracted.flatMap((page) => page.problems)).toEqual([]);
  });

  it("typecheck", () => {
    expect(problems.filter((problem) => !problem.startsWith("canary.md"))).toEqual([]);
  });
});
