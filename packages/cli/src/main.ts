import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type DoctorReport, doctor } from "./doctor";
import { escapeForTerminal, escapeJsonForTerminal } from "./escape";
import { keygen } from "./keygen";
import { type Flags, jazzServerCommand, PROVIDERS, presetFor } from "./providers";
import { UsageError } from "./usage-error";

/** Where the CLI writes; injected in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input (for `doctor -`). */
  stdin(): string;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  stdin: () => readFileSync(0, "utf8"),
};

const HELP = `Usage: jazz-auth <command> [options]

Commands:
  presets                       the providers jazz-auth has presets for
  preset <provider> [options]   JWKS URL, issuer, audience, sub format, claims recipe, Jazz server command
  doctor <token | -> [options]  what the Jazz server will do with a token, and how to fix what is wrong
  keygen [--alg ES256]          a signing key for the token bridge, and its public JWKS
  demo [--serve] [options]      the embedded Better Auth + SQLite demo

Run jazz-auth <command> --help for a command's options. Exit codes: 0 fine, 1 a problem in the
token or setup, 2 a usage error.`;

const PROVIDER_FLAGS = `Provider options:
${PROVIDERS.map((provider) => `  ${provider.id.padEnd(12)} ${provider.flags}`).join("\n")}`;

const COMMAND_HELP: Record<string, string> = {
  presets: "Usage: jazz-auth presets [--json]\n\nLists the providers, one line each.",
  preset: `Usage: jazz-auth preset <provider> [provider options] [--app-id <id>] [--json]\n\nPrints what a server needs to trust the provider's tokens.\n\n${PROVIDER_FLAGS}`,
  doctor: `Usage: jazz-auth doctor <token | -> [--preset <provider> + options | --jwks-url <url>] [--target server|backend|both] [--app-id <id>] [--json]\n\nDecodes the token (never the signature), predicts the Jazz server's (--target backend: the TS\nbackend's; both: both, and where they differ) verdict against the key set,\nverifies it strictly with a preset, and explains every problem with its fix. "-" reads the token\nfrom standard input. Without network access it says so and checks what needs no key.\n\n${PROVIDER_FLAGS}`,
  keygen:
    "Usage: jazz-auth keygen [--alg ES256|ES384|EdDSA|RS256|PS256] [--out jazz-bridge-key.json] [--force]\n\nWrites a private signing key for createJazzTokenBridge (mode 600) and prints its public JWKS.",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  preset: { type: "string" },
  "jwks-url": { type: "string" },
  "app-id": { type: "string" },
  target: { type: "string" },
  "base-url": { type: "string" },
  "base-path": { type: "string" },
  "client-id": { type: "string" },
  "publishable-key": { type: "string" },
  "frontend-api": { type: "string" },
  "authorized-party": { type: "string", multiple: true },
  domain: { type: "string" },
  audience: { type: "string" },
  "project-id": { type: "string" },
  "project-ref": { type: "string" },
  url: { type: "string" },
  issuer: { type: "string" },
  alg: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
} as const;

/** The demo's module: it imports the optional dependencies (better-auth, better-sqlite3). */
export type DemoModule = Pick<typeof import("./demo/run-demo"), "runDemo">;

/** What `run` loads lazily; injected in tests. */
export interface RunDependencies {
  /** Loads the demo (default: a dynamic import, which fails when the optional dependencies are missing). */
  loadDemo?: () => Promise<DemoModule>;
}

/** The demo's optional dependencies of @jazz-auth/cli, with the versions it is tested with. */
export const DEMO_DEPENDENCIES: Readonly<Record<string, string>> = {
  "better-auth": "1.7.25",
  "better-sqlite3": "12.11.1",
};

/** The missing package named by a failed import, when it is one of the demo's optional dependencies. */
function missingDemoPackage(error: unknown): string | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(String(message))?.[1] ?? "";
  return Object.keys(DEMO_DEPENDENCIES).find(
    (name) => named === name || named.startsWith(`${name}/`) || named.includes(`/node_modules/${name}/`),
  );
}

async function demo(args: readonly string[], io: Io, load: () => Promise<DemoModule>): Promise<void> {
  let module: DemoModule;
  try {
    module = await load();
  } catch (error) {
    const missing = missingDemoPackage(error);
    if (!missing) throw error;
    const install = Object.entries(DEMO_DEPENDENCIES)
      .map(([name, version]) => `${name}@${version}`)
      .join(" ");
    throw new DemoSetupError(
      `the demo needs ${Object.keys(DEMO_DEPENDENCIES).join(" and ")} (optional dependencies of @jazz-auth/cli), and ${missing} is not installed. Install them next to the CLI: npm install ${install} (or pnpm add ${install}).`,
    );
  }
  await module.runDemo([...args], (text) => io.out(text));
}

/** A one-line setup problem (printed without "failed:"). */
class DemoSetupError extends Error {
  override name = "SetupError";
}

/**
 * Runs `jazz-auth` with its arguments and resolves the exit code: 0 fine (warnings alone are
 * fine), 1 a problem found in the token or setup, 2 a usage error. Never throws for user errors.
 */
export async function run(
  argv: readonly string[],
  io: Io = processIo,
  dependencies: RunDependencies = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === "--help" || command === "-h" || command === "help") {
      io.out(HELP);
      return command ? 0 : 2;
    }
    if (command === "demo") {
      await demo(rest, io, dependencies.loadDemo ?? (() => import("./demo/run-demo")));
      return 0;
    }
    if (!(command in COMMAND_HELP))
      throw new UsageError(`unknown command ${JSON.stringify(command)}; run jazz-auth --help.`);
    let parsed: { values: Flags; positionals: string[] };
    try {
      parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true }) as {
        values: Flags;
        positionals: string[];
      };
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(COMMAND_HELP[command] ?? HELP);
      return 0;
    }
    if (command === "presets") return presets(io, values);
    if (command === "preset") return preset(io, positionals[0], values);
    if (command === "keygen") {
      const out = typeof values.out === "string" ? values.out : "jazz-bridge-key.json";
      const jwks = await keygen(out, typeof values.alg === "string" ? values.alg : undefined, values.force === true);
      io.err(`Wrote the private key to ${out} (keep it secret). Its public JWKS, for the bridge's /jwks:`);
      io.out(JSON.stringify(jwks, null, 2));
      return 0;
    }
    return await doctorCommand(io, positionals[0], values);
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: unknown }).name === "UsageError") {
      io.err(`jazz-auth: ${escapeForTerminal((error as Error).message)}`);
      return 2;
    }
    const name = (error as { name?: string }).name;
    io.err(
      `jazz-auth: ${name === "SetupError" ? "" : "failed: "}${escapeForTerminal(error instanceof Error ? error.message : String(error))}`,
    );
    return 1;
  }
}

function presets(io: Io, values: Flags): number {
  if (values.json)
    io.out(
      JSON.stringify(
        PROVIDERS.map(({ id, name, flags }) => ({ id, name, options: flags })),
        null,
        2,
      ),
    );
  else
    for (const provider of PROVIDERS) io.out(`${provider.id.padEnd(12)} ${provider.name.padEnd(26)} ${provider.flags}`);
  return 0;
}

function preset(io: Io, id: string | undefined, values: Flags): number {
  const built = presetFor(id, values);
  const appId = typeof values["app-id"] === "string" ? values["app-id"] : undefined;
  // jazz-tools server takes its app id as a UUID only (garden-co/jazz crates/jazz-tools/src/commands/server.rs:25,
  // schema_manager/types.rs:40): a name would print a command that fails.
  if (appId !== undefined && !UUID.test(appId))
    throw new UsageError(
      `--app-id is your Jazz app's id, a UUID (jazz-tools create app prints one), not ${JSON.stringify(appId)}.`,
    );
  const command = jazzServerCommand(built, appId);
  if (values.json) {
    const { subject, ...rest } = built;
    io.out(
      JSON.stringify(
        { ...rest, subject: { ...subject, pattern: subject.pattern.source }, jazzServerCommand: command },
        null,
        2,
      ),
    );
    return 0;
  }
  const list = (value: string | readonly string[] | null) => (value === null ? "(none)" : [value].flat().join(", "));
  io.out(`${built.displayName}
  JWKS URL     ${built.jwksUrl}
  issuer       ${list(built.issuer)}
  audience     ${list(built.audience)}${built.audienceNote ? `\n               ${built.audienceNote}` : ""}${built.authorizedParties ? `\n  azp         ${built.authorizedParties.join(", ")}` : ""}
  algorithms   ${built.algorithms.join(", ")}
  sub          ${built.subject.description}, e.g. ${built.subject.example}
  claims       ${built.claims.nestedRecipe}
  docs         ${built.docsUrl}

Jazz server:
  ${command}${appId ? "" : "\n  (replace <APP_ID> with your app's id, a UUID: jazz-tools create app prints one; or pass --app-id)"}
  ${built.jazzServer.safe ? "Safe as it is." : `Not safe alone: ${built.jazzServer.note}`}`);
  return 0;
}

async function doctorCommand(io: Io, input: string | undefined, values: Flags): Promise<number> {
  if (!input) throw new UsageError("doctor needs a token, or - to read it from standard input.");
  const token = input === "-" ? io.stdin() : input;
  const presetId = typeof values.preset === "string" ? values.preset : undefined;
  const jwksUrl = typeof values["jwks-url"] === "string" ? values["jwks-url"] : undefined;
  const target = values.target ?? "server";
  if (target !== "server" && target !== "backend" && target !== "both")
    throw new UsageError(`--target is server, backend or both, not ${JSON.stringify(target)}.`);
  const appId = typeof values["app-id"] === "string" ? values["app-id"] : undefined;
  const report = await doctor(token, {
    ...(presetId ? { preset: presetFor(presetId, values) } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(appId ? { appId } : {}),
    target,
  });
  if (values.json) io.out(escapeJsonForTerminal(JSON.stringify(report, null, 2)));
  else io.out(formatReport(report));
  return report.findings.some((finding) => finding.severity === "error") ? 1 : 0;
}

/** Token content rendered as JSON: the same JSON, with what a terminal would act on escaped. */
const json = (value: unknown) => escapeJsonForTerminal(JSON.stringify(value));
/** Token content rendered as text. */
const text = (value: unknown) => escapeForTerminal(String(value));

function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  if (report.token) {
    const { header, payload } = report.token;
    lines.push("Token (signature not shown)");
    lines.push(`  header   ${json(header)}`);
    lines.push(`  payload  ${json(payload)}`);
    if (typeof payload.exp === "number" && Number.isFinite(payload.exp) && Math.abs(payload.exp) < 8.64e12)
      lines.push(`  expires  ${new Date(payload.exp * 1000).toISOString()}`);
  }
  for (const jazz of [report.jazz, report.jazzBackend]) {
    if (!jazz) continue;
    lines.push(`\nJazz ${jazz.target === "backend" ? "TS backend" : "server"} (key set ${text(jazz.jwksUrl)})`);
    lines.push(
      `  verdict  ${jazz.outcome}${jazz.reasonCode ? ` (${jazz.reasonCode})` : ""}${jazz.reason ? `: ${text(jazz.reason)}` : ""}`,
    );
    if (jazz.session)
      lines.push(`  session  user_id = ${text(jazz.session.userId)}, claims = ${json(jazz.session.claims)}`);
  }
  if (report.differences)
    lines.push(
      report.differences.length === 0
        ? "\nThe server and the TS backend agree."
        : `\nThe server and the TS backend differ on ${report.differences.map((difference) => difference.aspect).join(", ")}.`,
    );
  if (report.strict)
    lines.push(
      `\nStrict verification\n  verdict  ${report.strict.ok ? "valid" : `refused (${text(report.strict.code)}): ${text(report.strict.message)}`}`,
    );
  if (report.notChecked)
    lines.push(
      `\nNot checked (these need a key set: pass --jwks-url <url> or --preset <provider>)\n${report.notChecked.map((check) => `  - ${check}`).join("\n")}`,
    );
  if (report.findings.length > 0) {
    lines.push("\nFindings");
    for (const finding of report.findings) {
      lines.push(`  ${finding.severity === "error" ? "✗" : "!"} ${text(finding.message)}`);
      if (finding.fix) lines.push(`    fix: ${text(finding.fix)}`);
    }
  } else {
    lines.push("\nNo problems found.");
  }
  return lines.join("\n");
}
