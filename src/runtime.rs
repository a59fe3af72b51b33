//! The Fetch API of a server runtime (Node >= 20, Deno, Bun, Cloudflare Workers, Next.js route
//! handlers), as the server entry uses it: the global `fetch`, `Response`, `URL`, a request's
//! headers and body stream. Every call that can run a caller's code or throw is caught, so a
//! strange argument becomes an error value, never an exception escaping through wasm frames.
//! Feature `server` only.

use js_sys::{Array, Object, Promise, Reflect, Symbol, Uint8Array};
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

    /// `Reflect.get(target, key, receiver)`: a getter of `target` called on `receiver`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn get_with_receiver(
        target: &JsValue,
        key: &JsValue,
        receiver: &JsValue,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;

    type Stream;
    #[wasm_bindgen(catch, method, structural, js_name = getReader)]
    fn get_reader(this: &Stream) -> Result<Reader, JsValue>;
    type Reader;
    #[wasm_bindgen(catch, method, structural)]
    fn read(this: &Reader) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, method, structural)]
    fn cancel(this: &Reader) -> Result<Promise, JsValue>;
}

/// Whether `value` is a Fetch API `Response` of this runtime.
pub fn is_response(value: &JsValue) -> bool {
    value.is_instance_of::<FetchResponse>()
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
    /// The deadline's time limit passed (the stream was cancelled).
    TimedOut,
    /// The deadline's signal aborted (the stream was cancelled).
    Aborted,
}

/// Reads a body stream (`null`: empty) chunk by chunk within `deadline`, keeping at most `cap`
/// bytes: past that, it cancels the stream and stops, so an oversized body is never buffered.
pub async fn read_capped(
    body: &JsValue,
    cap: usize,
    deadline: &Deadline,
) -> Result<Vec<u8>, BodyProblem> {
    if body.is_null() || body.is_undefined() {
        return Ok(Vec::new());
    }
    let reader = body
        .unchecked_ref::<Stream>()
        .get_reader()
        .map_err(|_| BodyProblem::Unreadable)?;
    let mut bytes = Vec::new();
    loop {
        let promise = reader.read().map_err(|_| BodyProblem::Unreadable)?;
        let chunk = match deadline.wait(&promise).await {
            Waited::Settled(Ok(chunk)) => chunk,
            Waited::Settled(Err(_)) => return Err(BodyProblem::Unreadable),
            ended => {
                cancel_in_background(&reader);
                return Err(if matches!(ended, Waited::TimedOut) {
                    BodyProblem::TimedOut
                } else {
                    BodyProblem::Aborted
                });
            }
        };
        if get(&chunk, "done").as_bool() == Some(true) {
            return Ok(bytes);
        }
        let Some(value) = chunk_bytes(&get(&chunk, "value")) else {
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

/// A body chunk's bytes, copied into a new `Uint8Array` of this realm, if the chunk is a
/// `Uint8Array` of any realm (jsdom, Vitest's and Jest's, runs the caller's code in another realm
/// than the stream's, where `instanceof Uint8Array` is false). Judged by the typed arrays' own
/// `Symbol.toStringTag` getter, which reads the chunk's internal type name (an object that merely
/// defines that tag, or another kind of view, is not bytes), and copied by `new Uint8Array(chunk)`,
/// which reads only the chunk's internal slots: a `length` the chunk itself defines, which could
/// change between reads, is never used to size a copy into this module's memory.
fn chunk_bytes(value: &JsValue) -> Option<Uint8Array> {
    let prototype = Object::get_prototype_of(&Uint8Array::new_with_length(0));
    let name = get_with_receiver(&prototype, &Symbol::to_string_tag(), value).ok()?;
    (name.as_string()? == "Uint8Array").then(|| Uint8Array::new(value))
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

/// Calls `function(args...)` and gives a promise of its answer: the value (a promise or
/// thenable it returns is followed), or the exception or rejection. Always a new promise (by
/// `Promise.race`, not `Promise.resolve`, which hands a promise back as it is): waiting for it
/// must not call a `then` of the caller's, which may throw (through this module's frames, an
/// exception that ends the process); `Promise.race` turns that throw into a rejection.
pub fn call_promise(function: &js_sys::Function, args: &Array) -> Promise {
    match function.apply(&JsValue::UNDEFINED, args) {
        Ok(returned) => Promise::race(&Array::of1(&returned)),
        Err(error) => Promise::reject(&error),
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    type SignalLike;
    #[wasm_bindgen(catch, method, structural, js_name = addEventListener)]
    fn add_event_listener(
        this: &SignalLike,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, method, structural, js_name = removeEventListener)]
    fn remove_event_listener(
        this: &SignalLike,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;
}

/// How a wait under a [`Deadline`] ended.
pub enum Waited {
    /// The promise settled: its value, or its rejection.
    Settled(Result<JsValue, JsValue>),
    /// The time limit passed first.
    TimedOut,
    /// The signal aborted first.
    Aborted,
}

/// A time limit, and optionally an `AbortSignal`, for one or more waits. Dropping it clears the
/// timer and removes the listener, so nothing keeps the runtime's event loop alive.
pub struct Deadline {
    limit_ms: u32,
    timer: Promise,
    timer_id: JsValue,
    /// Settles the timer's promise when the deadline is dropped first (frees its callbacks).
    /// Never `Function::default()`: that is `new Function()`, which Cloudflare Workers forbid.
    end_timer: Option<js_sys::Function>,
    /// The signal's `abort` promise, the signal and the listener (which resolves that promise).
    abort: Option<(Promise, JsValue, Option<js_sys::Function>)>,
}

impl Deadline {
    /// A deadline `limit_ms` from now, also ended by `signal` (anything that is not an object
    /// with `addEventListener`: no signal).
    pub fn new(limit_ms: u32, signal: &JsValue) -> Deadline {
        let mut timer_id = JsValue::UNDEFINED;
        let mut end_timer = None;
        let timer = Promise::new(&mut |resolve, _| {
            timer_id = set_timeout(&resolve, f64::from(limit_ms));
            end_timer = Some(resolve);
        });
        let abort = signal.is_object().then(|| {
            let mut listener = None;
            let promise = Promise::new(&mut |resolve, _| {
                if get(signal, "aborted").as_bool() == Some(true) {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                } else {
                    let _ = signal
                        .unchecked_ref::<SignalLike>()
                        .add_event_listener("abort", &resolve);
                }
                listener = Some(resolve);
            });
            (promise, signal.clone(), listener)
        });
        Deadline {
            limit_ms,
            timer,
            timer_id,
            end_timer,
            abort,
        }
    }

    /// Its time limit, in milliseconds.
    pub fn limit_ms(&self) -> u32 {
        self.limit_ms
    }

    /// Waits for `promise`, the time limit or the signal, whichever comes first.
    pub async fn wait(&self, promise: &Promise) -> Waited {
        let mut work = JsFuture::from(promise.clone());
        let mut timer = JsFuture::from(self.timer.clone());
        let mut abort = self
            .abort
            .as_ref()
            .map(|(p, _, _)| JsFuture::from(p.clone()));
        std::future::poll_fn(move |cx| {
            use std::future::Future;
            use std::pin::Pin;
            use std::task::Poll;
            if let Some(abort) = abort.as_mut() {
                if Pin::new(abort).poll(cx).is_ready() {
                    return Poll::Ready(Waited::Aborted);
                }
            }
            if let Poll::Ready(outcome) = Pin::new(&mut work).poll(cx) {
                return Poll::Ready(Waited::Settled(outcome));
            }
            if Pin::new(&mut timer).poll(cx).is_ready() {
                return Poll::Ready(Waited::TimedOut);
            }
            Poll::Pending
        })
        .await
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer_id);
        if let Some(end_timer) = &self.end_timer {
            let _ = end_timer.call0(&JsValue::UNDEFINED);
        }
        if let Some((_, signal, Some(listener))) = &self.abort {
            let _ = signal
                .unchecked_ref::<SignalLike>()
                .remove_event_listener("abort", listener);
            let _ = listener.call0(&JsValue::UNDEFINED);
        }
    }
}

/// A new `AbortController`'s `[controller, signal]`; `None` where the runtime has none.
pub fn abort_controller() -> Option<(web_sys::AbortController, JsValue)> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = JsValue::from(controller.signal());
    Some((controller, signal))
}
