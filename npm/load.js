// How the browser entry loads the WebAssembly module: asynchronously, from the .wasm file next
// to this one (`new URL(..., import.meta.url)`, which bundlers rewrite to the emitted asset).
// wasm-bindgen's import object and finishing step (exported by scripts/package.mjs): the module
// is fetched and instantiated here, without wasm-bindgen's general loader.
import { __wbg_finalize_init as finish, __wbg_get_imports as imports } from "./logto_invitations.js";

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
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    // Streaming compilation takes only a response served as `application/wasm` (exactly: no
    // parameters, and Node's fetch wants it in lower case); from a server that sends anything
    // else, or where streaming refused the response before reading it, the bytes are compiled
    // once they have all arrived.
    let made;
    if (typeof WebAssembly.instantiateStreaming === "function" && response.headers.get("content-type")?.toLowerCase() === "application/wasm") {
      try {
        made = await WebAssembly.instantiateStreaming(response, imports());
      } catch (refused) {
        if (response.bodyUsed) throw refused;
      }
    }
    made ??= await WebAssembly.instantiate(await response.arrayBuffer(), imports());
    finish(made.instance, made.module);
  } catch (cause) {
    throw new Error(`logto-invitations could not load its WebAssembly module from ${url.href}: ${cause}. A bundler must emit the .wasm that new URL(..., import.meta.url) refers to (see the package README).`, { cause });
  }
}
