// Injected by esbuild into the Node entries (scripts/package.mjs: `inject`): the globals the
// wasm-bindgen glue and the loader use, taken from Node's own modules instead of the global
// object, so that the Node entries also load where a test environment replaced the globals with
// a DOM's that lacks them (Jest's jsdom environment has no TextDecoder or TextEncoder).
export { TextDecoder, TextEncoder } from "node:util";
export { Buffer } from "node:buffer";
