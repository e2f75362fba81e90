// Installs Debian's Chromium (for the real-browser test) when it is missing. Needs root, as on the
// project's machines; playwright-core drives it, so no browser is downloaded from anywhere else.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

if (existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is installed`);
} else {
  console.log("Installing Debian's chromium (about 20 s)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
}
