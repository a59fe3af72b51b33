//! One HTTP attempt of a call: token and headers, the fetch, then the response read as Logto's
//! error or as the expected success body.

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::cancel::Cancellation;
use super::fetch::{fetch_with_init, monotonic_now};
use super::hooks::{request_headers, response_hook};
use super::out_of_line::OutOfLine;
use super::Client;
use crate::error::ApiError;
use crate::js::{get, in_browser, js_string, message_of, JsonBody, Rejection};
use crate::request::HttpRequest;
use crate::response;
use crate::retry::parse_retry_after;
use crate::routes::Expect;
use crate::text::{concat, decimal};

/// Runs attempt number `attempt` of `request`; `force_refresh` asks for a new token.
pub async fn attempt_once(
    client: &Client,
    request: &HttpRequest,
    cancel: &Cancellation,
    attempt: u32,
    force_refresh: bool,
) -> Result<JsValue, Rejection> {
    let config = &client.config;
    let token = match &config.get_access_token {
        Some(getter) => {
            Some(OutOfLine::new(client.token.token(getter, force_refresh, cancel, request)).await?)
        }
        None => config.access_token.clone(),
    };
    let headers = request_headers(
        &client.base_headers,
        config.on_request.as_ref(),
        token.as_deref(),
        attempt,
        cancel,
        request,
    )
    .await?;
    let init = fetch_init(client, request, cancel, &headers);
    let on_response = config.on_response.as_ref();
    // Only `onResponse` needs the start, for its `durationMs` (monotonic, never `Date.now()`:
    // a call reads the wall clock only for a `Retry-After` date).
    let started = on_response.map_or(0.0, |_| monotonic_now());
    // fetch(url, init), not fetch(new Request(...)): Chromium copies a Request object again
    // inside fetch, which measurably slowed every call.
    let pending = fetch_with_init(&request.url, &init).map_err(|e| {
        if !get(&js_sys::global(), "fetch").is_function() {
            return Rejection::with_cause(no_fetch(), e);
        }
        let problem = concat(&[
            "cannot be used here to build a request URL: ",
            &message_of(&e),
        ]);
        Rejection::with_cause(ApiError::invalid_input("config.baseUrl", &problem), e)
    })?;
    let fetched = JsFuture::from(pending).await;
    // One `onResponse` call for both outcomes: `status` is absent when no response arrived.
    let response = fetched
        .as_ref()
        .ok()
        .map(|r| gloo_net::http::Response::from(r.clone().unchecked_into::<web_sys::Response>()));
    let status = response.as_ref().map(|r| r.status());
    cancel.status.set(status);
    if on_response.is_some() {
        let request_id = response.as_ref().and_then(|r| request_id_of(r.headers()));
        OutOfLine::new(response_hook(
            on_response,
            attempt,
            started,
            status,
            request_id,
            cancel,
            request,
        ))
        .await?;
    }
    let (Some(response), Some(status)) = (response, status) else {
        if let Some(stop) = cancel.stopped(request) {
            return Err(stop);
        }
        return Err(network_failure(request, fetched.err().unwrap_or_default()));
    };
    if (200..300).contains(&status) {
        read_success(response, status, cancel, request).await
    } else {
        Err(OutOfLine::new(read_error(response, status, cancel, request)).await)
    }
}

/// Logto's request ID (`logto-core-request-id`), read only where it is used (an error, the
/// `onResponse` hook): a header read is one of the costlier steps of a successful call.
fn request_id_of(headers: gloo_net::http::Headers) -> Option<String> {
    header(headers, "logto-core-request-id")
}

/// A response header; `None` also where the response has no `Headers` to ask (a test's stand-in
/// for `fetch` may answer a plain object): web-sys's `Headers.get` catches what that throws,
/// where gloo-net's `Headers::get` unwraps it (an exception through the module).
fn header(headers: gloo_net::http::Headers, name: &str) -> Option<String> {
    headers.into_raw().get(name).ok().flatten()
}

/// This environment has no global `fetch` (Jest's jsdom environment): nothing can be sent.
fn no_fetch() -> ApiError {
    ApiError::invalid_input(
        "globalThis.fetch",
        "is missing: this environment has no fetch (Jest's jsdom environment: set globalThis.fetch)",
    )
}

/// The `RequestInit` of one attempt, as a plain object.
fn fetch_init(
    client: &Client,
    request: &HttpRequest,
    cancel: &Cancellation,
    headers: &Object,
) -> Object {
    let init = Object::new();
    let set = |key: &'static str, value: &JsValue| {
        let _ = Reflect::set(&init, &js_string(key), value);
    };
    set("method", &js_string(request.method.as_str()));
    set("headers", headers);
    if let Some(body) = &request.body {
        set("body", &JsValue::from_str(body));
    }
    if let Some(credentials) = client.config.credentials {
        set("credentials", &js_string(credentials.as_str()));
    }
    if let Some(signal) = cancel.fetch_signal() {
        set("signal", &signal);
    }
    init
}

/// No HTTP response arrived: a network error, with the runtime's cause code where there is one.
fn network_failure(request: &HttpRequest, error: JsValue) -> Rejection {
    let cause = Reflect::get(&error, &JsValue::from_str("cause")).unwrap_or_default();
    let code = Reflect::get(&cause, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string());
    let mut detail = message_of(&error);
    // Node's fetch says only "fetch failed"; its cause says what failed, and its code.
    let inner = Reflect::get(&cause, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .or_else(|| code.clone());
    if let Some(inner) = inner {
        detail = concat(&[&detail, ": ", &inner]);
    }
    let method = request.method.as_str();
    let failure = ApiError::network(method, &request.url, &detail, code.as_deref(), in_browser());
    Rejection::with_cause(failure, error)
}

/// The body could not be read: the call was stopped, or the connection broke.
fn read_failure(
    status: u16,
    cancel: &Cancellation,
    request: &HttpRequest,
    e: JsValue,
) -> Rejection {
    if let Some(stop) = cancel.stopped(request) {
        return stop;
    }
    let detail = concat(&[
        "the ",
        &decimal(status.into()),
        " response body could not be read: ",
        &message_of(&e),
    ]);
    let error = ApiError::network(request.method.as_str(), &request.url, &detail, None, false);
    Rejection::with_cause(error, e)
}

/// A non-2xx answer: Logto's error body when it is JSON, the status either way.
async fn read_error(
    response: gloo_net::http::Response,
    status: u16,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Rejection {
    let request_id = request_id_of(response.headers());
    let retry_after_ms = header(response.headers(), "retry-after")
        .and_then(|v| parse_retry_after(&v, js_sys::Date::now()));
    // The body as text, read directly: gloo-net's `text()` unwraps where the body was used.
    let raw: web_sys::Response = response.into();
    let text = match raw.text() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let text = match text {
        Ok(text) => text.as_string().unwrap_or_default(),
        Err(e) => return read_failure(status, cancel, request, e),
    };
    let parsed = JSON::parse(&text).ok();
    let body = parsed.as_ref().and_then(response::error_body);
    let data = parsed
        .as_ref()
        .filter(|p| p.is_object())
        .and_then(|p| Reflect::get(p, &js_string("data")).ok());
    let logto_message = body.as_ref().is_some_and(|b| b.message.is_some());
    let mut error = ApiError::http(status, body, request_id);
    if !logto_message {
        // Not Logto's answer (a proxy's page, a wrong path): say which call got it.
        let method = request.method.as_str();
        error.message = concat(&[method, " ", &request.url, " answered ", &error.message]);
    }
    Rejection {
        error,
        data,
        cause: None,
        retry_after_ms,
    }
}

/// A 2xx answer: nothing for 204, else the parsed body once its shape is checked.
async fn read_success(
    response: gloo_net::http::Response,
    status: u16,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<JsValue, Rejection> {
    if request.expect == Expect::NoContent {
        return Ok(JsValue::UNDEFINED);
    }
    let raw: web_sys::Response = response.into();
    let request_id = || request_id_of(gloo_net::http::Headers::from_raw(raw.headers()));
    let json = match raw.json() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let json = match json {
        Ok(json) => json,
        Err(e) => {
            if let Some(stop) = cancel.stopped(request) {
                return Err(stop);
            }
            // A body that is not JSON is a `SyntaxError`; a body cut off (the connection broke
            // mid-body) is a `TypeError`: that is a network failure, repeated like one.
            let name = Reflect::get(&e, &JsValue::from_str("name")).unwrap_or_default();
            if name.as_string().as_deref() != Some("SyntaxError") {
                return Err(read_failure(status, cancel, request, e));
            }
            let mut error = ApiError::decode(status, "JSON", &message_of(&e));
            error.request_id = request_id();
            return Err(Rejection::with_cause(error, e));
        }
    };
    // Checked as a JSON body: `response.json()` made it, of plain data only.
    let body = JsonBody::new(json);
    response::check_success(request.expect, status, &body)
        .map(|()| body.into_value())
        .map_err(|mut error| {
            error.request_id = request_id();
            error.into()
        })
}
