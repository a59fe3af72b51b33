// Nothing package-specific: webpack 5 emits the .wasm that `new URL(..., import.meta.url)` names.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export default {
  entry: "./src/main.js",
  output: { path: resolve(here, "dist"), filename: "main.js", clean: true },
};
