//! The `onRequest` and `onResponse` hooks: their contexts are written from the shapes declared
//! in [`crate::config`], an async hook is awaited (the call waits, and its timeout and abort still
//! apply), and a throw or rejection becomes the call's `kind: "hook"` error, never unhandled.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

use super::cancel::Cancellation;
use super::fetch::{monotonic_now, promise_resolve};
use crate::config::{HookHeaders, RequestHookContext, ResponseHookContext};
use crate::error::ApiError;
use crate::headers::bearer;
use crate::js::{message_of, read_headers, JsObjectSink, Rejection};
use crate::request::HttpRequest;
use crate::wire::Field;

/// Calls a hook with its context and waits for it if it returns a promise.
async fn call_hook(
    hook: &Function,
    name: &str,
    context: &Object,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<(), Rejection> {
    let failed = |e: JsValue| Rejection::with_cause(ApiError::hook(name, &message_of(&e)), e);
    let returned = hook.call1(&JsValue::UNDEFINED, context).map_err(failed)?;
    if !(returned.is_object() || returned.is_function()) {
        return Ok(());
    }
    let promise = promise_resolve(&returned).map_err(failed)?;
    match cancel.settle(&promise).await {
        Some(outcome) => outcome.map(|_| ()).map_err(failed),
        None => Err(stopped(cancel, request)),
    }
}

/// The call's stop error.
pub fn stopped(cancel: &Cancellation, request: &HttpRequest) -> Rejection {
    cancel
        .stopped(request)
        .unwrap_or_else(|| ApiError::aborted(request.method.as_str(), &request.url).into())
}

/// The headers of one attempt, as a plain object with lowercase names (what fetch sends): the
/// client's (`base`, copied), `content-type` with a body, what the `onRequest` hook (which never
/// sees the token) changes, and last the token, which nothing can replace.
pub async fn request_headers(
    base: &Object,
    on_request: Option<&Function>,
    token: Option<&str>,
    attempt: u32,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<Object, Rejection> {
    let mut headers = Object::assign(&Object::new(), base);
    let set = |headers: &Object, name: &str, value: &str| {
        let _ = Reflect::set(headers, &JsValue::from_str(name), &JsValue::from_str(value));
    };
    if request.body.is_some() {
        set(&headers, "content-type", "application/json");
    }
    if let Some(hook) = on_request {
        let context = JsObjectSink::object(&RequestHookContext {
            method: request.method.as_str().to_owned(),
            url: request.url.clone(),
            headers: HookHeaders(headers.clone()),
            attempt,
        });
        call_hook(hook, "onRequest", &context, cancel, request).await?;
        // The hook may have replaced `headers` (with any HeadersInit form) or changed it: read
        // and check it again, by the same rules as `config.headers`.
        let after = Reflect::get(&context, &JsValue::from_str("headers")).unwrap_or_default();
        let checked = read_headers(&after, Field::new("headers"))
            .map_err(|e| ApiError::hook("onRequest", &e.message))?;
        headers = Object::new();
        for (name, value) in checked {
            set(&headers, &name.to_ascii_lowercase(), &value);
        }
        // The transport owns these: a hook that replaced `headers` cannot lose them.
        set(&headers, "accept", "application/json");
        if request.body.is_some() {
            set(&headers, "content-type", "application/json");
        }
    }
    if let Some(token) = token {
        let value = bearer(token)
            .ok_or_else(|| ApiError::token("gave a token that cannot be sent in a header"))?;
        set(&headers, "authorization", &value);
    }
    Ok(headers)
}

/// The `onResponse` hook, if configured: `status` is absent when no response arrived.
pub async fn response_hook(
    hook: Option<&Function>,
    attempt: u32,
    started: f64,
    status: Option<u16>,
    request_id: Option<String>,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<(), Rejection> {
    let Some(hook) = hook else {
        return Ok(());
    };
    let context = JsObjectSink::object(&ResponseHookContext {
        method: request.method.as_str().to_owned(),
        url: request.url.clone(),
        status,
        duration_ms: monotonic_now() - started,
        attempt,
        request_id,
    });
    call_hook(hook, "onResponse", &context, cancel, request).await
}
