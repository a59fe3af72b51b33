// How the browser entry loads the WebAssembly module: asynchronously, from the .wasm file next
// to this one (`new URL(..., import.meta.url)`, which bundlers rewrite to the emitted asset).
import initWasm from "./logto_invitations.js";

/** No synchronous load in browsers: the bytes come from the network (inlining them would cost
 * every page about 10.6 KB more gzip: base64 compresses worse than the .wasm itself). */
export const loadSync = undefined;

/** Fetches and instantiates the .wasm; rejects with an Error that names the URL. */
export async function load() {
  let url = new URL("logto_invitations_bg.wasm", import.meta.url);
  // Vite's dev server runs a pre-bundled copy of this file from node_modules/.vite/deps/, where
  // the .wasm is not copied: load it from the package's own folder in node_modules instead.
  const deps = url.href.indexOf("/.vite/deps/");
  if (deps > 0) url = new URL(`${url.href.slice(0, deps)}/logto-invitations/logto_invitations_bg.wasm`);
  try {
    await initWasm({ module_or_path: url });
  } catch (cause) {
    throw new Error(`logto-invitations could not load its WebAssembly module from ${url.href}: ${cause}. A bundler must emit the .wasm that new URL(..., import.meta.url) refers to (see the package README).`, { cause });
  }
}
