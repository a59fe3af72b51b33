//! Sending a built [`HttpRequest`] with the browser's `fetch` (through `gloo-net`): tokens,
//! hooks, timeouts, aborts and retries, then turning the response into the decoded value or an
//! [`ApiError`]. This is the only module that awaits.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::config::{
    validate_header, Credentials, OrganizationInvitationsApiConfig, RequestOptions,
};
use crate::error::{ApiError, ErrorKind};
use crate::js_error;
use crate::request::{Expect, HttpRequest};
use crate::response::{self, JsonDocument, JsonType};
use crate::retry::{parse_retry_after, retry_delay};
use crate::text::{cat, num};

#[wasm_bindgen]
extern "C" {
    // Catching: a thenable with a throwing `constructor` or `then` getter throws here.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;
    // The global fetch (window or worker); throws at once for a URL it cannot parse.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch_with_init(url: &str, init: &web_sys::RequestInit) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A configured client: the checked configuration and the token request in flight, which
/// concurrent calls share.
pub struct Client {
    /// The checked configuration.
    pub config: OrganizationInvitationsApiConfig,
    /// The configured headers and `accept`, lowercase, ready to copy for each request.
    base_headers: Object,
    /// The token request in flight, and whether it was a forced refresh.
    pending_token: RefCell<Option<(Promise, bool)>>,
}

impl Client {
    /// Wraps a checked configuration.
    pub fn new(config: OrganizationInvitationsApiConfig) -> Self {
        let base_headers = Object::new();
        for (name, value) in config.headers.iter().flatten() {
            set(
                &base_headers,
                &name.to_ascii_lowercase(),
                &JsValue::from_str(value),
            );
        }
        set(&base_headers, "accept", &js_string("application/json"));
        Client {
            config,
            base_headers,
            pending_token: RefCell::new(None),
        }
    }
}

/// A failure on its way to JavaScript: the error, plus Logto's `data`, the original exception
/// and the server's `Retry-After` when there are such.
pub struct Failure {
    /// The error.
    pub error: ApiError,
    data: Option<JsValue>,
    cause: Option<JsValue>,
    retry_after_ms: Option<f64>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            error,
            data: None,
            cause: None,
            retry_after_ms: None,
        }
    }
}

impl Failure {
    fn with_cause(error: ApiError, cause: JsValue) -> Self {
        Failure {
            cause: Some(cause),
            ..Failure::from(error)
        }
    }

    /// The `LogtoApiError` to reject with.
    pub fn into_js(self) -> JsValue {
        js_error::to_js(&self.error, self.data, self.cause)
    }
}

/// The message of a JavaScript exception, for error texts.
fn message_of(value: &JsValue) -> String {
    Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a member of a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The token for one attempt: `accessToken`, or `getAccessToken`'s answer. Calls that need a
/// token while one is being fetched wait for that same answer instead of asking again.
async fn access_token(
    client: &Client,
    force_refresh: bool,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<Option<String>, Failure> {
    let Some(getter) = &client.config.get_access_token else {
        return Ok(client.config.access_token.clone());
    };
    // A refresh after a 401 may not reuse a request that began before it (its token may be the
    // one just refused); any other call may reuse whatever is in flight.
    let pending = client
        .pending_token
        .borrow()
        .clone()
        .filter(|(_, forced)| *forced || !force_refresh);
    let promise = match pending {
        Some((promise, _)) => promise,
        None => {
            let options = Object::new();
            set(&options, "forceRefresh", &JsValue::from_bool(force_refresh));
            // Promise.resolve handles a plain string, a promise and any thenable alike.
            let promise = match getter
                .call1(&JsValue::UNDEFINED, &options)
                .and_then(|returned| promise_resolve(&returned))
            {
                Ok(promise) => promise,
                Err(thrown) => Promise::reject(&thrown),
            };
            *client.pending_token.borrow_mut() = Some((promise.clone(), force_refresh));
            promise
        }
    };
    let settled = cancel.settle(&promise, request).await?;
    {
        let mut slot = client.pending_token.borrow_mut();
        if slot.as_ref().is_some_and(|(p, _)| Object::is(p, &promise)) {
            *slot = None;
        }
    }
    let token = settled.map_err(|e| {
        Failure::with_cause(ApiError::token(&cat(&["failed: ", &message_of(&e)])), e)
    })?;
    match token.as_string() {
        Some(token) if !token.is_empty() => Ok(Some(token)),
        _ => Err(ApiError::token("did not give a non-empty string").into()),
    }
}

/// Ends the call when the caller's signal aborts or the time limit passes: it aborts the fetch
/// in flight and any wait between attempts. Dropping it clears the timer and the listener, so
/// nothing outlives the call.
struct Cancellation {
    /// Present only with a signal or a time limit: a call with neither needs no controller.
    controller: Option<web_sys::AbortController>,
    reason: Rc<Cell<Option<ErrorKind>>>,
    timeout_ms: Option<u32>,
    signal: Option<web_sys::AbortSignal>,
    on_abort: Option<Closure<dyn FnMut()>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
}

impl Cancellation {
    fn new(
        signal: Option<web_sys::AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<Self, ApiError> {
        let reason = Rc::new(Cell::new(None));
        if signal.is_none() && timeout_ms.is_none() {
            return Ok(Cancellation {
                controller: None,
                reason,
                timeout_ms,
                signal,
                on_abort: None,
                timer: None,
            });
        }
        let controller = web_sys::AbortController::new().map_err(|_| {
            ApiError::invalid_input(
                "options",
                "cannot be honoured: this environment has no AbortController",
            )
        })?;
        let trigger = |kind: ErrorKind| {
            let controller = controller.clone();
            let reason = reason.clone();
            move || {
                if reason.get().is_none() {
                    reason.set(Some(kind));
                }
                // Aborting without a reason makes fetch reject with an AbortError DOMException.
                controller.abort();
            }
        };
        let mut on_abort = None;
        if let Some(signal) = &signal {
            if signal.aborted() {
                reason.set(Some(ErrorKind::Aborted));
            } else {
                let closure = Closure::<dyn FnMut()>::new(trigger(ErrorKind::Aborted));
                let _ = signal
                    .add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
                on_abort = Some(closure);
            }
        }
        let timer = timeout_ms.map(|ms| {
            let closure = Closure::<dyn FnMut()>::new(trigger(ErrorKind::Timeout));
            let id = set_timeout(closure.as_ref().unchecked_ref(), ms as i32);
            (id, closure)
        });
        Ok(Cancellation {
            controller: Some(controller),
            reason,
            timeout_ms,
            signal,
            on_abort,
            timer,
        })
    }

    /// The error to end the call with, once the signal aborted or the time ran out.
    fn stopped(&self, request: &HttpRequest) -> Option<ApiError> {
        let method = request.method.as_str();
        Some(match self.reason.get()? {
            ErrorKind::Timeout => {
                ApiError::timeout(method, &request.url, self.timeout_ms.unwrap_or(0))
            }
            _ => ApiError::aborted(method, &request.url),
        })
    }

    /// Waits for `promise` (if any) to settle or `ms` (if any) to pass, whichever comes first,
    /// but no longer than until the call is cancelled. `None` when the time passed or the call
    /// was cancelled; the timer and the listener are removed either way.
    async fn race(
        &self,
        promise: Option<&Promise>,
        ms: Option<u32>,
    ) -> Option<Result<JsValue, JsValue>> {
        let signal = self.controller.as_ref().map(|c| c.signal());
        if let (Some(promise), None, None) = (promise, ms, &signal) {
            // Nothing can cancel the wait: no need for a race.
            return Some(JsFuture::from(promise.clone()).await);
        }
        let woken: JsValue = Object::new().into();
        let mut wake: Option<(Function, Option<JsValue>)> = None;
        let waker = Promise::new(&mut |resolve, _reject| {
            let resolve: Function = resolve.bind1(&JsValue::UNDEFINED, &woken).unchecked_into();
            let timer = ms.map(|ms| set_timeout(&resolve, ms.min(i32::MAX as u32) as i32));
            if let Some(signal) = &signal {
                let _ = signal.add_event_listener_with_callback("abort", &resolve);
            }
            wake = Some((resolve, timer));
        });
        let raced = match promise {
            Some(promise) => Promise::race(&Array::of2(promise, &waker)),
            None => waker,
        };
        let outcome = JsFuture::from(raced).await;
        if let Some((resolve, timer)) = wake {
            if let Some(timer) = timer {
                clear_timeout(&timer);
            }
            if let Some(signal) = &signal {
                let _ = signal.remove_event_listener_with_callback("abort", &resolve);
            }
        }
        match outcome {
            Ok(value) if Object::is(&value, &woken) => None,
            outcome => Some(outcome),
        }
    }

    /// Waits `ms` milliseconds, or less if the call is cancelled meanwhile.
    async fn sleep(&self, ms: u32) {
        self.race(None, Some(ms)).await;
    }

    /// Waits for a promise from the caller's code (a token, a hook) unless the call is
    /// cancelled first, which ends the call with the abort or timeout error.
    async fn settle(
        &self,
        promise: &Promise,
        request: &HttpRequest,
    ) -> Result<Result<JsValue, JsValue>, Failure> {
        match self.race(Some(promise), None).await {
            Some(outcome) => Ok(outcome),
            None => Err(self
                .stopped(request)
                .unwrap_or_else(|| ApiError::aborted(request.method.as_str(), &request.url))
                .into()),
        }
    }
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        if let Some((id, _)) = &self.timer {
            clear_timeout(id);
        }
        if let (Some(signal), Some(closure)) = (&self.signal, &self.on_abort) {
            let _ = signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
    }
}

/// Sends `request` and decodes the answer: the invitation, the list, or `undefined` for 204.
/// Transient failures of idempotent calls are repeated (see [`crate::retry`]); a 401 with
/// `getAccessToken` is repeated once with a fresh token.
pub async fn send(
    client: &Client,
    request: HttpRequest,
    options: RequestOptions,
) -> Result<JsValue, Failure> {
    let timeout_ms = options.timeout_ms.or(client.config.timeout_ms);
    let cancel = Cancellation::new(options.signal, timeout_ms)?;
    if let Some(error) = cancel.stopped(&request) {
        return Err(error.into());
    }
    let mut attempt = 0;
    let mut retries_done = 0;
    let mut refreshed = false;
    loop {
        attempt += 1;
        let failure = match attempt_once(client, &request, &cancel, attempt, refreshed).await {
            Ok(value) => return Ok(value),
            Err(failure) => failure,
        };
        if let Some(error) = cancel.stopped(&request) {
            return Err(error.after_attempts(attempt).into());
        }
        let unauthorized =
            failure.error.kind == ErrorKind::Http && failure.error.status == Some(401);
        if unauthorized && client.config.get_access_token.is_some() && !refreshed {
            refreshed = true;
            continue;
        }
        let delay = retry_delay(
            &client.config.retry,
            request.method,
            &failure.error,
            retries_done,
            failure.retry_after_ms,
            js_sys::Math::random(),
        );
        let Some(delay) = delay else {
            return Err(Failure {
                error: failure.error.after_attempts(attempt),
                ..failure
            });
        };
        retries_done += 1;
        cancel.sleep(delay).await;
        if let Some(error) = cancel.stopped(&request) {
            return Err(error.after_attempts(attempt).into());
        }
    }
}

/// Calls a hook with its context object and waits for it if it returns a promise; an exception
/// or a rejection becomes the call's error (and is never left unhandled).
async fn call_hook(
    hook: &Function,
    name: &str,
    context: &Object,
    cancel: &Cancellation,
    request: &HttpRequest,
) -> Result<(), Failure> {
    let failed = |e: JsValue| Failure::with_cause(ApiError::hook(name, &message_of(&e)), e);
    let returned = hook.call1(&JsValue::UNDEFINED, context).map_err(failed)?;
    if returned.is_undefined() || !(returned.is_object() || returned.is_function()) {
        return Ok(());
    }
    let promise = promise_resolve(&returned).map_err(failed)?;
    cancel
        .settle(&promise, request)
        .await?
        .map(|_| ())
        .map_err(failed)
}

/// One HTTP attempt of a call: what the hooks and the attempt's steps need.
struct Attempt<'a> {
    client: &'a Client,
    request: &'a HttpRequest,
    cancel: &'a Cancellation,
    number: u32,
}

impl Attempt<'_> {
    /// What both hooks receive: `{ method, url, attempt }`.
    fn hook_context(&self) -> Object {
        let context = Object::new();
        set(
            &context,
            "method",
            &JsValue::from_str(self.request.method.as_str()),
        );
        set(&context, "url", &JsValue::from_str(&self.request.url));
        set(&context, "attempt", &JsValue::from(self.number));
        context
    }
}

/// The `onResponse` hook, if configured.
async fn response_hook(
    attempt: &Attempt<'_>,
    started: f64,
    status: Option<u16>,
    request_id: Option<&str>,
) -> Result<(), Failure> {
    let Attempt {
        client,
        request,
        cancel,
        ..
    } = *attempt;
    let Some(hook) = &client.config.on_response else {
        return Ok(());
    };
    let context = attempt.hook_context();
    if let Some(status) = status {
        set(&context, "status", &JsValue::from(status));
    }
    set(
        &context,
        "durationMs",
        &JsValue::from_f64(js_sys::Date::now() - started),
    );
    if let Some(id) = request_id {
        set(&context, "requestId", &JsValue::from_str(id));
    }
    call_hook(hook, "onResponse", &context, cancel, request).await
}

/// The headers of one attempt, as a plain object with lowercase names (what fetch sends):
/// the configured ones and `accept` (copied from the client's prepared object), `content-type`
/// with a body, what the `onRequest` hook (which never sees the token) changes, and last the
/// token, which nothing can replace.
async fn request_headers(attempt: &Attempt<'_>, token: Option<String>) -> Result<Object, Failure> {
    let Attempt {
        client,
        request,
        cancel,
        ..
    } = *attempt;
    let mut headers = Object::assign(&Object::new(), &client.base_headers);
    if request.body.is_some() {
        set(&headers, "content-type", &js_string("application/json"));
    }
    if let Some(hook) = &client.config.on_request {
        let context = attempt.hook_context();
        set(&context, "headers", &headers);
        call_hook(hook, "onRequest", &context, cancel, request).await?;
        // The hook may have replaced `headers` or changed its members: check them again.
        let after = Reflect::get(&context, &JsValue::from_str("headers")).unwrap_or(headers.into());
        headers = Object::new();
        if after.is_object() {
            let members = crate::arguments::entries(&after)
                .ok_or_else(|| ApiError::hook("onRequest", "left headers that cannot be read"))?;
            for (name, value) in members {
                let Some(value) = value.as_string() else {
                    return Err(
                        ApiError::hook("onRequest", "set a header that is not a string").into(),
                    );
                };
                validate_header(&name, &value)
                    .map_err(|e| ApiError::hook("onRequest", &e.message))?;
                set(
                    &headers,
                    &name.to_ascii_lowercase(),
                    &JsValue::from_str(&value),
                );
            }
        }
    }
    if let Some(token) = token {
        validate_header("authorization", &token)
            .map_err(|_| ApiError::token("gave a token that cannot be sent in a header"))?;
        let mut value = String::with_capacity(token.len() + 7);
        value.push_str("Bearer ");
        value.push_str(&token);
        set(&headers, "authorization", &JsValue::from_str(&value));
    }
    Ok(headers)
}

/// One HTTP attempt: token, headers and hooks, fetch, status, body.
async fn attempt_once(
    client: &Client,
    request: &HttpRequest,
    cancel: &Cancellation,
    attempt: u32,
    force_refresh: bool,
) -> Result<JsValue, Failure> {
    let method = request.method.as_str();
    let token = access_token(client, force_refresh, cancel, request).await?;
    if let Some(error) = cancel.stopped(request) {
        return Err(error.into());
    }
    let this = Attempt {
        client,
        request,
        cancel,
        number: attempt,
    };
    let headers = request_headers(&this, token).await?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(credentials) = client.config.credentials {
        init.set_credentials(match credentials {
            Credentials::Omit => web_sys::RequestCredentials::Omit,
            Credentials::SameOrigin => web_sys::RequestCredentials::SameOrigin,
            Credentials::Include => web_sys::RequestCredentials::Include,
        });
    }
    if let Some(controller) = &cancel.controller {
        init.set_signal(Some(&controller.signal()));
    }
    // fetch(url, init), not fetch(new Request(...)): Chromium copies a Request object again
    // inside fetch, which measurably slowed every call.
    let started = js_sys::Date::now();
    let pending = fetch_with_init(&request.url, &init).map_err(|e| {
        Failure::with_cause(
            ApiError::invalid_input(
                "config.baseUrl",
                &cat(&[
                    "cannot be used here to build a request URL: ",
                    &message_of(&e),
                ]),
            ),
            e,
        )
    })?;
    let response = match JsFuture::from(pending).await {
        Ok(response) => {
            gloo_net::http::Response::from(response.unchecked_into::<web_sys::Response>())
        }
        Err(error) => {
            response_hook(&this, started, None, None).await?;
            if let Some(error) = cancel.stopped(request) {
                return Err(error.into());
            }
            let detail = message_of(&error);
            return Err(Failure::with_cause(
                ApiError::network(method, &request.url, &detail),
                error,
            ));
        }
    };
    let status = response.status();
    let headers = response.headers();
    let request_id = headers.get("logto-core-request-id");
    response_hook(&this, started, Some(status), request_id.as_deref()).await?;
    let raw: web_sys::Response = response.into();

    let read_failure = |e: JsValue| -> Failure {
        match cancel.stopped(request) {
            Some(error) => error.into(),
            None => Failure::with_cause(
                ApiError::network(
                    method,
                    &request.url,
                    &cat(&[
                        "the ",
                        &num(status.into()),
                        " response body could not be read: ",
                        &message_of(&e),
                    ]),
                ),
                e,
            ),
        }
    };

    if !(200..300).contains(&status) {
        let text = match raw.text() {
            Ok(promise) => JsFuture::from(promise).await.map_err(read_failure)?,
            Err(e) => return Err(read_failure(e)),
        };
        let parsed = text.as_string().and_then(|t| JSON::parse(&t).ok());
        let (body, data) = match parsed.map(Json) {
            Some(json) => (
                response::error_body(&json),
                json.member("data").map(|d| d.0),
            ),
            None => (None, None),
        };
        let retry_after_ms = headers
            .get("retry-after")
            .and_then(|v| parse_retry_after(&v, js_sys::Date::now()));
        return Err(Failure {
            error: ApiError::http(status, body, request_id),
            data,
            cause: None,
            retry_after_ms,
        });
    }

    if request.expect == Expect::NoContent {
        return Ok(JsValue::UNDEFINED);
    }
    let json = match raw.json() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let json = match json {
        Ok(json) => json,
        Err(e) => {
            if let Some(error) = cancel.stopped(request) {
                return Err(error.into());
            }
            let mut error = ApiError::decode(status, "JSON", &message_of(&e));
            error.request_id = request_id;
            return Err(Failure::with_cause(error, e));
        }
    };
    decode(status, request.expect, json).map_err(|mut error| {
        error.request_id = request_id;
        error.into()
    })
}

/// Checks that `json` has the documented shape and returns it unchanged: what JavaScript gets
/// is the browser's own parsed object, with any members a newer Logto adds.
fn decode(status: u16, expect: Expect, json: JsValue) -> Result<JsValue, ApiError> {
    let json = Json(json);
    match expect {
        Expect::Invitation => response::check_invitation_body(status, &json)?,
        Expect::InvitationList => response::check_invitation_list_body(status, &json)?,
        Expect::NoContent => {}
    }
    Ok(json.0)
}

/// A parsed JSON value that stays in JavaScript: the checks only ask for types, members and
/// string comparisons, one call each, with member names and expected strings created in
/// JavaScript once and reused (decoding them again for every member of a 10,000-item list
/// used to be most of the list's cost).
struct Json(JsValue);

thread_local! {
    /// JavaScript copies of the `'static` strings the checks use, by address and length.
    static STRINGS: RefCell<Vec<(usize, usize, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JavaScript string for a `'static` Rust string, created once.
fn js_string(text: &'static str) -> JsValue {
    let id = (text.as_ptr() as usize, text.len());
    STRINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, _, value)) = cache.iter().find(|(p, l, _)| (*p, *l) == id) {
            return value.clone();
        }
        let value = JsValue::from_str(text);
        cache.push((id.0, id.1, value.clone()));
        value
    })
}

impl JsonDocument for Json {
    fn json_type(&self) -> JsonType {
        [
            JsonType::String,
            JsonType::Number,
            JsonType::Null,
            JsonType::Array,
            JsonType::Object,
        ]
        .into_iter()
        .find(|t| self.is(*t))
        .unwrap_or(JsonType::Bool)
    }

    fn is(&self, t: JsonType) -> bool {
        let v = &self.0;
        match t {
            JsonType::String => v.is_string(),
            JsonType::Number => v.as_f64().is_some(),
            // `== null` is true for null and undefined (an absent member).
            JsonType::Null => v.loose_eq(&JsValue::NULL),
            JsonType::Bool => v.as_bool().is_some(),
            JsonType::Array => Array::is_array(v),
            JsonType::Object => v.is_object() && !Array::is_array(v),
        }
    }

    fn member(&self, key: &'static str) -> Option<Self> {
        // Reflect.get fails (and gives None) on a primitive.
        Reflect::get(&self.0, &js_string(key)).ok().map(Json)
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn is_str(&self, expected: &'static str) -> bool {
        self.0 == js_string(expected)
    }

    // The checks ask for a length or an element only after `is(JsonType::Array)`; on anything
    // else JavaScript answers `undefined`, read as 0 and as absent.
    fn length(&self) -> usize {
        self.0.unchecked_ref::<Array>().length() as usize
    }

    fn element(&self, index: usize) -> Option<Self> {
        Some(Json(self.0.unchecked_ref::<Array>().get(index as u32)))
    }
}
