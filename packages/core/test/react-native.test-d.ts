/**
 * Type test: React Native's real `AppState` (react-native 0.88) and NetInfo's real default export
 * (@react-native-community/netinfo 12) fit the shapes `reactNativeEnvironment` takes, and the fakes
 * of @jazz-auth/testing offer what the real objects offer, where the environment uses them.
 */

import { type AppStateLike, type NetInfoLike, type NetInfoStateLike, reactNativeEnvironment } from "@jazz-auth/core";
import { createFakeAppState, createFakeNetInfo } from "@jazz-auth/testing";
import NetInfo, { type NetInfoState } from "@react-native-community/netinfo";
import { AppState } from "react-native";
import { expectTypeOf, test } from "vitest";

test("the real AppState and NetInfo fit", () => {
  expectTypeOf(AppState).toMatchTypeOf<AppStateLike>();
  expectTypeOf(NetInfo).toMatchTypeOf<NetInfoLike>();
  expectTypeOf(reactNativeEnvironment).toBeCallableWith({ appState: AppState, netInfo: NetInfo });
  expectTypeOf(reactNativeEnvironment).toBeCallableWith({ appState: AppState });
});

test("the fakes fit the real types", () => {
  expectTypeOf(createFakeAppState()).toMatchTypeOf<Pick<typeof AppState, "currentState">>();
  expectTypeOf(createFakeAppState().addEventListener).toBeCallableWith("change", (_state: string) => {});
  // NetInfo's states are a union keyed on an enum the fake cannot build without the native
  // package; every one of them fits the fields the environment reads, which the fake emits.
  expectTypeOf<NetInfoState>().toMatchTypeOf<NetInfoStateLike>();
  expectTypeOf(createFakeNetInfo()).toMatchTypeOf<NetInfoLike>();
});
