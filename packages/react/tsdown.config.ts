import { packageBuild } from "../../tsdown.shared";

export default packageBuild(
  ["src/index.ts", "src/react-native.ts"],
  ["react", "react-native", "@react-native-community/netinfo"],
);
