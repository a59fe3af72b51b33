// Rollup resolves packages with @rollup/plugin-node-resolve (browser conditions), and copies the
// assets that `new URL(..., import.meta.url)` names with @web/rollup-plugin-import-meta-assets:
// Rollup itself does neither.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: "src/main.js",
  output: { dir: "dist", format: "es" },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
