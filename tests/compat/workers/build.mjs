// Bundles worker.js as wrangler does: esbuild with the conditions "workerd" and "worker", and a
// `.wasm` import kept as a module import next to the bundle (workerd loads it as a compiled
// WebAssembly module). Writes dist/worker.mjs and dist/*.wasm.
import { build } from "esbuild";

await build({
  entryPoints: ["worker.js"],
  outfile: "dist/worker.mjs",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  loader: { ".wasm": "copy" },
  assetNames: "[name]",
  logOverride: { "empty-import-meta": "silent" },
});
