/** Type test: `jazzAuth` fits Svelte's store contract (`$auth`, `get`, `fromStore`) and keeps `current` read-only. */
import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { jazzAuth } from "@jazz-auth/svelte";
import type { FakeJazzDb } from "@jazz-auth/testing";
import { fromStore, get, type Readable } from "svelte/store";

declare const source: TokenSource;

export function store(): Readable<JazzAuthSnapshot> {
  const auth = jazzAuth(source);
  const snapshot: JazzAuthSnapshot = get(auth);
  const current: JazzAuthSnapshot = fromStore(auth).current;
  void [snapshot, current];
  return auth;
}

export function runes(db: FakeJazzDb | null): () => void {
  const auth = jazzAuth(source);
  // @ts-expect-error current is read-only: only the source changes it
  auth.current = get(auth);
  const status: "loading" | "signed-in" | "signed-out" | "error" = auth.current.status;
  void status;
  return auth.connect(db, { onError: (error) => void error.code });
}
