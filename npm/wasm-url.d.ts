// Types of logto-invitations/wasm-url (npm/wasm-url.js).

/**
 * The URL of the `.wasm` that the browser entry fetches (after a bundler: the emitted file's URL,
 * e.g. `/_next/static/media/logto_invitations_bg.<hash>.wasm`). For a preload hint in the page,
 * which must be `as: "fetch"` with `crossOrigin: "anonymous"` to be used by the entry's fetch:
 * `preload(wasmUrl, { as: "fetch", crossOrigin: "anonymous" })` in a Next.js layout. Importing
 * it fetches nothing.
 */
declare const wasmUrl: string;
export default wasmUrl;
