//! The Fetch API of a server runtime (Node >= 20, Deno, Bun, Cloudflare Workers, Next.js route
//! handlers), as the server entry uses it: the global `fetch`, `Response`, `URL`, a request's
//! headers and body stream. Every call that can run a caller's code or throw is caught, so a
//! strange argument becomes an error value, never an exception escaping through wasm frames.
//! Feature `server` only.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::js::message_of;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`; throws at once for what it cannot start.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn fetch(url: &str, init: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = Response)]
    type FetchResponse;
    #[wasm_bindgen(catch, constructor, js_class = "Response")]
    fn new_fetch_response(body: &JsValue, init: &JsValue) -> Result<FetchResponse, JsValue>;

    #[wasm_bindgen(js_name = URL)]
    type Url;
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new_url(url: &str) -> Result<Url, JsValue>;
    #[wasm_bindgen(method, getter, structural)]
    fn pathname(this: &Url) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn search(this: &Url) -> JsValue;

    type HeadersLike;
    #[wasm_bindgen(catch, method, structural, js_name = get)]
    fn header_get(this: &HeadersLike, name: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;

    /// `Promise.resolve`, catching: a thenable with a throwing `then` getter throws here.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    pub fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;

    type Stream;
    #[wasm_bindgen(catch, method, structural, js_name = getReader)]
    fn get_reader(this: &Stream) -> Result<Reader, JsValue>;
    type Reader;
    #[wasm_bindgen(catch, method, structural)]
    fn read(this: &Reader) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method, structural)]
    fn cancel(this: &Reader) -> Result<Promise, JsValue>;
}

/// `object[key]`; `undefined` if it threw.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() && !object.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `object[key] = value` on a plain object this module made (cannot fail).
pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The path (percent-encoded as the platform serialised it) and the query (`?...` or `""`) of
/// an absolute URL; `None` if the platform cannot parse it.
pub fn path_and_query(url: &str) -> Option<(String, String)> {
    let url = Url::new_url(url).ok()?;
    Some((url.pathname().as_string()?, url.search().as_string()?))
}

/// The value of header `name` of a `Headers` object; `None` if absent (or unreadable).
pub fn header(headers: &JsValue, name: &str) -> Option<String> {
    headers
        .unchecked_ref::<HeadersLike>()
        .header_get(name)
        .ok()
        .and_then(|v| v.as_string())
}

/// Every header of a `Headers` object as `(name, value)` pairs (lowercase names, as iteration
/// gives them); `None` if it cannot be iterated.
pub fn header_pairs(headers: &JsValue) -> Option<Vec<(String, String)>> {
    let pairs = array_from(headers).ok()?;
    pairs
        .iter()
        .map(|pair| {
            let pair: Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// A `Response` with `body` (a string, a stream, or `null`), `status` and `headers`.
pub fn response(body: &JsValue, status: u16, headers: &[(&str, &str)]) -> Result<JsValue, JsValue> {
    let header_object = Object::new();
    for (name, value) in headers {
        set(&header_object, name, &JsValue::from_str(value));
    }
    let init = Object::new();
    set(&init, "status", &JsValue::from(status));
    set(&init, "headers", &header_object);
    FetchResponse::new_fetch_response(body, &init).map(JsValue::from)
}

/// What a failed `fetch` says: its message with its cause's (Node says only "fetch failed"; its
/// cause says what failed), and the cause's code (`ECONNREFUSED`, ...).
pub fn fetch_failure(error: &JsValue) -> (String, Option<String>) {
    let cause = get(error, "cause");
    let code = get(&cause, "code").as_string();
    let mut detail = message_of(error);
    let inner = get(&cause, "message")
        .as_string()
        .filter(|m| !m.is_empty())
        .or_else(|| code.clone());
    if let Some(inner) = inner {
        detail.push_str(": ");
        detail.push_str(&inner);
    }
    (detail, code)
}

/// Why a request body was not read whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyProblem {
    /// It grew past the cap: reading stopped there and the stream was cancelled.
    TooLarge,
    /// The stream failed (the client went away) or did not give bytes.
    Unreadable,
}

/// Reads a body stream (`null`: empty) chunk by chunk, keeping at most `cap` bytes: past that,
/// it cancels the stream and stops, so an oversized body is never buffered.
pub async fn read_capped(body: &JsValue, cap: usize) -> Result<Vec<u8>, BodyProblem> {
    if body.is_null() || body.is_undefined() {
        return Ok(Vec::new());
    }
    let reader = body
        .unchecked_ref::<Stream>()
        .get_reader()
        .map_err(|_| BodyProblem::Unreadable)?;
    let mut bytes = Vec::new();
    loop {
        let chunk = match reader.read() {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        }
        .map_err(|_| BodyProblem::Unreadable)?;
        if get(&chunk, "done").as_bool() == Some(true) {
            return Ok(bytes);
        }
        let Some(value) = get(&chunk, "value").dyn_into::<Uint8Array>().ok() else {
            cancel_in_background(&reader);
            return Err(BodyProblem::Unreadable);
        };
        if bytes.len() + value.length() as usize > cap {
            // Nothing more is read: the stream's source is told to stop.
            cancel_in_background(&reader);
            return Err(BodyProblem::TooLarge);
        }
        bytes.extend_from_slice(&value.to_vec());
    }
}

/// Cancels a reader's stream without waiting; the outcome is awaited (so a rejection is never
/// unhandled) and ignored.
fn cancel_in_background(reader: &Reader) {
    if let Ok(promise) = reader.cancel() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, method, structural, js_name = cancel)]
    fn cancel_stream(this: &Stream) -> Result<Promise, JsValue>;
}

/// Cancels a response's body stream (an answer the proxy will not pass on), in the background.
pub fn discard_body(response: &JsValue) {
    let body = get(response, "body");
    if !body.is_object() {
        return;
    }
    if let Ok(promise) = body.unchecked_ref::<Stream>().cancel_stream() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// Calls `function(args...)` and, when it returns a promise or thenable, waits for it: the
/// value, or the exception or rejection.
pub async fn call_and_wait(function: &js_sys::Function, args: &Array) -> Result<JsValue, JsValue> {
    let returned = function.apply(&JsValue::UNDEFINED, args)?;
    if !(returned.is_object() || returned.is_function()) {
        return Ok(returned);
    }
    JsFuture::from(promise_resolve(&returned)?).await
}
