/** Type test: the composables' shapes as a Vue app uses them (refs, getters, computed). */
import type { JazzAuthSnapshot, TokenSource } from "@jazz-auth/core";
import type { FakeJazzDb } from "@jazz-auth/testing";
import { useConnectJazz, useJazzAuth } from "@jazz-auth/vue";
import { type ComputedRef, computed, type Ref, type ShallowRef } from "vue";

declare const source: TokenSource;

export function readOnly(other: JazzAuthSnapshot): Readonly<Ref<JazzAuthSnapshot>> {
  const auth = useJazzAuth(source);
  // @ts-expect-error the ref is read-only: only the source changes it
  auth.value = other;
  // @ts-expect-error the snapshot is read-only too
  auth.value.jwtToken = "x";
  const key: ComputedRef<string> = computed(() => auth.value.providerKey);
  void key.value;
  return auth;
}

export function dbs(db: FakeJazzDb, maybe: ShallowRef<FakeJazzDb | null>): void {
  useConnectJazz(db, source);
  useConnectJazz(maybe, source, { onPrincipalChange: (change) => void change.to });
  useConnectJazz(() => maybe.value, source);
  useConnectJazz(
    computed(() => maybe.value ?? undefined),
    source,
  );
  useConnectJazz(null, source);
  // @ts-expect-error not a Jazz Db
  useConnectJazz({ updateAuthToken() {} }, source);
}
