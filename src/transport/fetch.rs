//! The few platform functions the transport calls directly: `fetch(url, init)`, timers, the
//! monotonic clock and `Promise.resolve`. The global ones, so the same code runs in a page, a worker and Node.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Promise.resolve`, catching: a thenable with a throwing `then` getter throws here.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    pub fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;
    /// The global `fetch(url, init)`; throws at once for what it cannot start.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn fetch_with_init(url: &str, init: &JsValue) -> Result<Promise, JsValue>;
    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    /// `performance.now()`: the monotonic clock, for time limits and durations. Not `Date.now()`,
    /// which is the wall clock (it can jump), and which Next.js's cacheComponents reports when a
    /// render reads it while prerendering (Next.js keeps `performance` for measuring time).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn monotonic_now() -> f64;
    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);
}
