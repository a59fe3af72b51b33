// Nothing package-specific: no optimizeDeps.exclude, no wasm plugin, no fs.allow.
import { defineConfig } from "vite";

export default defineConfig({
  build: { rollupOptions: { input: { main: "index.html", worker: "worker.html" } } },
});
