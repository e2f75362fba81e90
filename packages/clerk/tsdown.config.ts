import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/preset.ts", "src/react.ts"],
  format: ["esm"],
  platform: "neutral",
  external: [/^@jazz-auth\//, "react"],
  dts: true,
  sourcemap: true,
  clean: true,
});
