//! Sending a built [`HttpRequest`] with the browser's `fetch` (through `gloo-net`) and turning
//! the response into the decoded value or an [`ApiError`]. This is the only module that awaits.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::config::{Credentials, OrganizationInvitationsApiConfig, RequestOptions};
use crate::error::{ApiError, ErrorKind};
use crate::js_error;
use crate::request::{Expect, HttpRequest};
use crate::response::{self, JsonDocument, JsonType};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A failure on its way to JavaScript: the error, plus Logto's `data` and the original
/// exception when there are such.
pub struct Failure {
    /// The error.
    pub error: ApiError,
    data: Option<JsValue>,
    cause: Option<JsValue>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            error,
            data: None,
            cause: None,
        }
    }
}

impl Failure {
    fn with_cause(error: ApiError, cause: JsValue) -> Self {
        Failure {
            error,
            data: None,
            cause: Some(cause),
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

/// Asks `getAccessToken` (or takes `accessToken`) for this request's token.
async fn access_token(
    config: &OrganizationInvitationsApiConfig,
) -> Result<Option<String>, Failure> {
    let Some(getter) = &config.get_access_token else {
        return Ok(config.access_token.clone());
    };
    let returned = getter.call0(&JsValue::UNDEFINED).map_err(|e| {
        Failure::with_cause(ApiError::token(&format!("threw: {}", message_of(&e))), e)
    })?;
    // Promise.resolve handles a plain string, a promise and any thenable alike.
    let token = JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(|e| {
            Failure::with_cause(ApiError::token(&format!("rejected: {}", message_of(&e))), e)
        })?;
    match token.as_string() {
        Some(token) if !token.is_empty() => Ok(Some(token)),
        _ => Err(ApiError::token("did not give a non-empty string").into()),
    }
}

/// Cancels the request when the caller's signal aborts or the time limit passes; dropping it
/// clears the timer and the listener, so nothing outlives the call.
struct Cancellation {
    controller: web_sys::AbortController,
    reason: Rc<Cell<Option<ErrorKind>>>,
    signal: Option<web_sys::AbortSignal>,
    on_abort: Option<Closure<dyn FnMut()>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
}

impl Cancellation {
    fn new(
        signal: Option<web_sys::AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<Option<Self>, ApiError> {
        if signal.is_none() && timeout_ms.is_none() {
            return Ok(None);
        }
        let controller = web_sys::AbortController::new().map_err(|_| {
            ApiError::invalid_input(
                "options.signal",
                "needs AbortController, which this environment lacks",
            )
        })?;
        let reason = Rc::new(Cell::new(None));
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
        Ok(Some(Cancellation {
            controller,
            reason,
            signal,
            on_abort,
            timer,
        }))
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
pub async fn send(
    config: &OrganizationInvitationsApiConfig,
    request: HttpRequest,
    options: RequestOptions,
) -> Result<JsValue, Failure> {
    let method = request.method.as_str();
    let timeout_ms = options.timeout_ms.or(config.timeout_ms);
    let cancellation = Cancellation::new(options.signal, timeout_ms)?;
    let cancelled = |cancellation: &Option<Cancellation>| -> Option<ApiError> {
        let kind = cancellation.as_ref()?.reason.get()?;
        Some(match kind {
            ErrorKind::Timeout => ApiError::timeout(method, &request.url, timeout_ms.unwrap_or(0)),
            _ => ApiError::aborted(method, &request.url),
        })
    };
    if let Some(error) = cancelled(&cancellation) {
        return Err(error.into());
    }

    let token = access_token(config).await?;
    if let Some(error) = cancelled(&cancellation) {
        return Err(error.into());
    }

    let headers = web_sys::Headers::new().map_err(|e| {
        Failure::with_cause(
            ApiError::network(method, &request.url, "Headers unavailable"),
            e,
        )
    })?;
    let header_error = |e: JsValue| {
        Failure::with_cause(
            ApiError::invalid_input("config.headers", &message_of(&e)),
            e,
        )
    };
    for (name, value) in config.headers.iter().flatten() {
        headers.set(name, value).map_err(header_error)?;
    }
    headers
        .set("Accept", "application/json")
        .map_err(header_error)?;
    if let Some(token) = token {
        // Set last, so no extra header can replace it.
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(header_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = &request.body {
        headers
            .set("Content-Type", "application/json")
            .map_err(header_error)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    if let Some(credentials) = config.credentials {
        init.set_credentials(match credentials {
            Credentials::Omit => web_sys::RequestCredentials::Omit,
            Credentials::SameOrigin => web_sys::RequestCredentials::SameOrigin,
            Credentials::Include => web_sys::RequestCredentials::Include,
        });
    }
    if let Some(cancellation) = &cancellation {
        init.set_signal(Some(&cancellation.controller.signal()));
    }
    let raw = web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(|e| {
        Failure::with_cause(
            ApiError::invalid_input(
                "config.baseUrl",
                &format!(
                    "cannot be used here to build a request URL: {}",
                    message_of(&e)
                ),
            ),
            e,
        )
    })?;

    let response = match gloo_net::http::Request::from(raw).send().await {
        Ok(response) => response,
        Err(error) => {
            if let Some(error) = cancelled(&cancellation) {
                return Err(error.into());
            }
            return Err(ApiError::network(method, &request.url, &error.to_string()).into());
        }
    };
    let status = response.status();
    let request_id = response.headers().get("logto-core-request-id");
    let raw: web_sys::Response = response.into();

    let read_failure = |e: JsValue, status: u16| -> Failure {
        match cancelled(&cancellation) {
            Some(error) => error.into(),
            None => Failure::with_cause(
                ApiError::network(
                    method,
                    &request.url,
                    &format!(
                        "the {status} response body could not be read: {}",
                        message_of(&e)
                    ),
                ),
                e,
            ),
        }
    };

    if !(200..300).contains(&status) {
        let text = match raw.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .map_err(|e| read_failure(e, status))?,
            Err(e) => return Err(read_failure(e, status)),
        };
        let parsed = text.as_string().and_then(|t| JSON::parse(&t).ok());
        let (body, data) = match parsed.map(Json) {
            Some(json) => (
                response::error_body(&json),
                json.member("data").map(|d| d.0),
            ),
            None => (None, None),
        };
        return Err(Failure {
            error: ApiError::http(status, body, request_id),
            data,
            cause: None,
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
            if let Some(error) = cancelled(&cancellation) {
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

/// A parsed JSON value that stays in JavaScript: the checks only ask for types, members and the
/// few strings they compare, one call each.
struct Json(JsValue);

impl JsonDocument for Json {
    fn json_type(&self) -> JsonType {
        let v = &self.0;
        if v.is_string() {
            JsonType::String
        } else if v.as_f64().is_some() {
            JsonType::Number
        } else if v.is_null() || v.is_undefined() {
            JsonType::Null
        } else if Array::is_array(v) {
            JsonType::Array
        } else if v.is_object() {
            JsonType::Object
        } else {
            JsonType::Bool
        }
    }

    fn member(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
            .map(Json)
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn length(&self) -> usize {
        self.0.dyn_ref::<Array>().map_or(0, |a| a.length() as usize)
    }

    fn element(&self, index: usize) -> Option<Self> {
        self.0.dyn_ref::<Array>().map(|a| Json(a.get(index as u32)))
    }
}
