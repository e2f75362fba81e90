/**
 * Type test: the real Supabase auth client (`createClient(…).auth` from @supabase/supabase-js
 * 2.109.0, auth-js's `SupabaseAuthClient`) fits the shape the adapter accepts, and so does the fake.
 */

import { type SupabaseAuthLike, supabaseTokenSource } from "@jazz-auth/supabase";
import { useSupabaseJazzAuth, useSupabaseTokenSource } from "@jazz-auth/supabase/react";
import type { ScriptedProvider } from "@jazz-auth/testing";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { expectTypeOf } from "vitest";
import { fakeSupabaseAuth } from "./fake-sdk";

const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", "sb_publishable_test");

export const vanilla = () => supabaseTokenSource(supabase.auth);
export const fromClient = (client: SupabaseClient) => supabaseTokenSource(client.auth, { shareAcrossTabs: false });
export const useReact = () => useSupabaseJazzAuth(supabase.auth);
export const useSource = () => useSupabaseTokenSource(supabase.auth, { fetchTimeoutMs: 10_000 });

expectTypeOf(supabase.auth).toExtend<SupabaseAuthLike>();
// The fake's answers are the SDK's: what the real client resolves fits what the fake resolves.
expectTypeOf<Awaited<ReturnType<typeof supabase.auth.getSession>>>().toExtend<
  Awaited<ReturnType<ReturnType<typeof fakeSupabaseAuth>["getSession"]>>
>();
expectTypeOf<Awaited<ReturnType<typeof supabase.auth.refreshSession>>>().toExtend<
  Awaited<ReturnType<ReturnType<typeof fakeSupabaseAuth>["refreshSession"]>>
>();
export const fake = (provider: ScriptedProvider) => supabaseTokenSource(fakeSupabaseAuth(provider));
