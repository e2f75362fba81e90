import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  external: ["react"],
  format: ["esm"],
  platform: "neutral",
  dts: true,
  sourcemap: true,
  clean: true,
});
