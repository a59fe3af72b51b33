// How the Node entry loads the WebAssembly module: synchronously, from bytes inlined in the
// bundle (scripts/package.mjs bundles this file with esbuild's base64 loader), so no file path is
// involved and server bundlers (Next.js, Vitest) cannot break it.
import { initSync } from "./logto_invitations.js";
import wasm from "./logto_invitations_bg.wasm";

/** Compiles and instantiates the inlined module (a few milliseconds, once). */
export function loadSync() {
  initSync({ module: Buffer.from(wasm, "base64") });
}

/** Never called: `loadSync` is always there in Node. */
export const load = undefined;
