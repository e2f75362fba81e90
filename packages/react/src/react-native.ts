/**
 * `@jazz-auth/react` for React Native and Expo. Metro picks this entry through the package's
 * `react-native` export condition (and the `react-native` field for Metro without package exports);
 * web bundlers never see it. On import it installs `reactNativeEnvironment` over React Native's
 * `AppState` and NetInfo as core's default environment (`setDefaultEnvironment`): every token
 * source and `useConnectJazz` created without an `environment` option then refreshes when the app
 * comes back to the foreground and retries when the network returns. The hooks are the web entry's.
 * See docs/frameworks/react-native.md.
 */
import { reactNativeEnvironment, setDefaultEnvironment } from "@jazz-auth/core";
import NetInfo from "@react-native-community/netinfo";
import { AppState } from "react-native";

setDefaultEnvironment(reactNativeEnvironment({ appState: AppState, netInfo: NetInfo }));

export * from "./index";
