// @vitest-environment node
/**
 * The Firebase adapter against the real Firebase Auth emulator (firebase-tools, offline) and the
 * real firebase SDK: sign-up, token, forced refresh, sign-out, user switch. `pnpm test:all` installs
 * the emulator first (scripts/install-firebase-tools.mjs); the test starts and stops it itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, type TokenSource } from "@jazz-auth/core";
import { firebaseTokenSource } from "@jazz-auth/firebase";
import { firebase } from "@jazz-auth/firebase/preset";
import { freePort } from "@jazz-auth/testing";
import { createVerifier } from "@jazz-auth/verifier";
import { deleteApp, type FirebaseApp, initializeApp } from "firebase/app";
import {
  type Auth,
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  initializeAuth,
  inMemoryPersistence,
  signInWithEmailAndPassword,
  signOut,
} from "firebase/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROJECT = "demo-jazz-auth";
const FIREBASE = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  ".data",
  "firebase-tools",
  "node_modules",
  ".bin",
  "firebase",
);

let emulator: ChildProcess | undefined;
let workdir: string;
let app: FirebaseApp;
let auth: Auth;
let source: TokenSource;

async function startEmulator(port: number): Promise<void> {
  if (!existsSync(FIREBASE))
    throw new Error(
      `The Firebase emulator is not installed: run \`node scripts/install-firebase-tools.mjs\` (pnpm test:all does).`,
    );
  workdir = mkdtempSync(join(tmpdir(), "jazz-auth-emulator-"));
  writeFileSync(
    join(workdir, "firebase.json"),
    JSON.stringify({ emulators: { auth: { host: "127.0.0.1", port }, ui: { enabled: false } } }),
  );
  emulator = spawn(FIREBASE, ["emulators:start", "--only", "auth", "--project", PROJECT], {
    cwd: workdir,
    detached: true,
    env: { ...process.env, FIREBASE_CLI_DISABLE_UPDATE_CHECK: "true", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The Auth emulator did not start within 90 s:\n${output}`)),
      90_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("All emulators ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    emulator?.stdout?.on("data", read);
    emulator?.stderr?.on("data", read);
    emulator?.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The Auth emulator exited (${code}):\n${output}`));
    });
  });
}

const untilSnapshot = async (predicate: () => boolean) => {
  for (let i = 0; i < 100 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return predicate();
};

beforeAll(async () => {
  const port = await freePort();
  await startEmulator(port);
  app = initializeApp(
    { projectId: PROJECT, apiKey: "fake-api-key-for-the-emulator", authDomain: `${PROJECT}.firebaseapp.com` },
    `jazz-auth-${port}`,
  );
  auth = initializeAuth(app, { persistence: inMemoryPersistence });
  connectAuthEmulator(auth, `http://127.0.0.1:${port}`, { disableWarnings: true });
  source = firebaseTokenSource(auth, { environment: null });
}, 120_000);

afterAll(async () => {
  source?.dispose();
  if (app) await deleteApp(app);
  if (emulator?.pid) {
    try {
      process.kill(-emulator.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

describe("firebaseTokenSource against the Firebase Auth emulator", () => {
  it("is signed out before anyone signs in", async () => {
    expect(await source.getToken()).toBeNull();
    expect(source.getSnapshot().status).toBe("signed-out");
  });

  it("follows a sign-up to a token for the new uid, with the project's iss and aud", async () => {
    source.subscribe(() => {});
    const { user } = await createUserWithEmailAndPassword(auth, "ada@example.com", "correct-horse-battery");
    expect(await untilSnapshot(() => source.getSnapshot().principal === user.uid)).toBe(true);
    const token = (await source.getToken()) ?? "";
    expect(decodeJwt(token).payload).toMatchObject({
      sub: user.uid,
      iss: `https://securetoken.google.com/${PROJECT}`,
      aud: PROJECT,
    });
  });

  it("gets a new token on a forced refresh", async () => {
    const before = (await source.getToken()) ?? "";
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new iat second
    const forced = (await source.getToken({ forceRefresh: true })) ?? "";
    expect(forced).not.toBe(before);
    expect(decodeJwt(forced).payload.iat).toBeGreaterThan(Number(decodeJwt(before).payload.iat));
  });

  it("never lets the emulator's unsigned tokens through a strict verifier", async () => {
    const token = (await source.getToken()) ?? "";
    expect(decodeJwt(token).header.alg).toBe("none");
    const verifier = createVerifier({
      preset: firebase({ projectId: PROJECT }),
      jwks: { keys: [{ kty: "RSA", n: "AQAB", e: "AQAB" }] },
    });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: "ERR_ALG_NOT_ALLOWED" });
  });

  it("says signed out after signOut, and reports a user switch as a new principal", async () => {
    const first = source.getSnapshot();
    await signOut(auth);
    expect(await untilSnapshot(() => source.getSnapshot().status === "signed-out")).toBe(true);
    expect(await source.getToken()).toBeNull();

    const { user } = await createUserWithEmailAndPassword(auth, "grace@example.com", "another-long-password");
    expect(await untilSnapshot(() => source.getSnapshot().principal === user.uid)).toBe(true);
    expect(source.getSnapshot().principalVersion).toBeGreaterThan(first.principalVersion);

    await signInWithEmailAndPassword(auth, "ada@example.com", "correct-horse-battery");
    expect(await untilSnapshot(() => source.getSnapshot().principal === first.principal)).toBe(true);
    expect(decodeJwt((await source.getToken()) ?? "").payload.sub).toBe(first.principal);
  });
});
