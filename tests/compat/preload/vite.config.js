// One page per build (PAGE=plain-preload vite build -> dist/plain-preload/), so that each page is
// bundled alone, as an app's only page would be. Nothing package-specific: the preload hint is a
// plain <link> in the page's HTML, which Vite rewrites to the emitted .wasm.
import { defineConfig } from "vite";

const page = process.env.PAGE ?? "plain-preload";

export default defineConfig({
  build: { outDir: `dist/${page}`, emptyOutDir: true, rollupOptions: { input: `${page}.html` } },
});
