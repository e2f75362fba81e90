/** Type test: the accessor shapes as a Solid app uses them (`useDb()` of jazz-tools/solid is an accessor). */
import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/solid";
import type { FakeJazzDb } from "@jazz-auth/testing";
import { type Accessor, createMemo, createSignal } from "solid-js";

declare const source: TokenSource;

export function accessor(): Accessor<JazzAuthSnapshot> {
  const auth = useJazzAuth(source);
  const key: Accessor<string> = createMemo(() => auth().providerKey);
  void key;
  // @ts-expect-error the snapshot is read-only
  auth().jwtToken = "x";
  return auth;
}

export function dbs(db: FakeJazzDb): void {
  const [maybe] = createSignal<FakeJazzDb | undefined>();
  useConnectJazz(maybe, source);
  useConnectJazz(() => db, source, { onPrincipalChange: (change) => void change.to });
  useConnectJazz(db, source);
  useConnectJazz(null, source);
  // @ts-expect-error not a Jazz Db
  useConnectJazz(() => ({ updateAuthToken() {} }), source);
}
