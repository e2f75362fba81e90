// Installs the Firebase CLI (for its Auth emulator) into .data/firebase-tools, once.
// The Auth emulator is written in Node: it runs offline, without Java or any download.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const FIREBASE_TOOLS_VERSION = "15.34.2";
const prefix = join(import.meta.dirname, "..", ".data", "firebase-tools");
const bin = join(prefix, "node_modules", ".bin", "firebase");

if (existsSync(bin)) {
  console.log(`firebase-tools already installed in ${prefix}`);
} else {
  console.log(`Installing firebase-tools@${FIREBASE_TOOLS_VERSION} into ${prefix} (a few minutes: it compiles re2)…`);
  execFileSync(
    "npm",
    ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `firebase-tools@${FIREBASE_TOOLS_VERSION}`],
    {
      stdio: "inherit",
    },
  );
}
