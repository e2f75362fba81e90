#!/usr/bin/env node
import { run } from "./main";

const code = await run(process.argv.slice(2));
process.exitCode = code;
// Once run() has answered, nothing may keep the process alive: if something still does, exit anyway.
setTimeout(() => process.exit(code), 2_000).unref();
