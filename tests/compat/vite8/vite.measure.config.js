// Builds measure.html alone into dist-measure/: what a page that uses the package downloads.
import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist-measure", rollupOptions: { input: "measure.html" } },
});
