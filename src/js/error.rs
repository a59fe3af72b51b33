//! The JavaScript face of [`ApiError`]: a real `Error` (so `instanceof Error`, `.message` and
//! `.stack` work) named `LogtoApiError`, with Logto's fields as properties; and [`Rejection`],
//! an error on its way to JavaScript with what only JavaScript holds.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::{ApiError, ErrorKind};

#[wasm_bindgen(typescript_custom_section)]
const LOGTO_API_ERROR_TS: &str = r#"
/** The error every method of this package rejects with. It is a real `Error`. */
export interface LogtoApiError extends Error {
    name: "LogtoApiError";
    /** What kind of failure this is. */
    kind: LogtoApiErrorKind;
    /** A message a person can act on: Logto's own `message` for HTTP errors. */
    message: string;
    /** The HTTP status for `kind: "http"` (and the 2xx status for `"decode"`). */
    status?: number;
    /** Logto's error code, e.g. `"entity.not_found"` or `"guard.invalid_input"`. */
    code?: string;
    /** Logto's `details`, e.g. which key path failed validation. */
    details?: string;
    /** Logto's `data`, e.g. `{ name: "ZodError", issues: [...] }` for validation errors. */
    data?: unknown;
    /** The `Logto-Core-Request-Id` response header, to find the call in Logto's logs. */
    requestId?: string;
    /** How many HTTP attempts were made, retries included (absent when nothing was sent). */
    attempts?: number;
    /** For `kind: "invalid_input"`: the argument or option at fault, e.g. `"expiresAt"`. */
    field?: string;
    /** The original exception, e.g. the runtime's `TypeError` for a network failure, or the
     * `AbortSignal`'s reason. */
    cause?: unknown;
}
"#;

/// An error on its way to JavaScript: the error, plus Logto's `data`, the original exception
/// and the server's `Retry-After` when there are such.
pub struct Rejection {
    /// The error.
    pub error: ApiError,
    /// Logto's `data` member, as parsed.
    pub data: Option<JsValue>,
    /// The original exception.
    pub cause: Option<JsValue>,
    /// The server's `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<f64>,
}

impl From<ApiError> for Rejection {
    fn from(error: ApiError) -> Self {
        Rejection {
            error,
            data: None,
            cause: None,
            retry_after_ms: None,
        }
    }
}

impl Rejection {
    /// An error with the exception that caused it.
    pub fn with_cause(error: ApiError, cause: JsValue) -> Self {
        Rejection {
            cause: Some(cause),
            ..Rejection::from(error)
        }
    }

    /// The `LogtoApiError` to reject with.
    pub fn into_js(self) -> JsValue {
        to_js(&self.error, self.data, self.cause)
    }
}

/// Builds the `LogtoApiError` that a promise rejects with; `data` is Logto's `data` member and
/// `cause` the underlying exception, when there are such.
pub fn to_js(error: &ApiError, data: Option<JsValue>, cause: Option<JsValue>) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("LogtoApiError");
    let set = |key: &str, value: JsValue| {
        // Defining a property on a fresh Error cannot fail; a failure would only leave it unset.
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("kind", JsValue::from_str(error.kind.as_str()));
    let optional = |key: &str, value: &Option<String>| {
        if let Some(value) = value {
            set(key, JsValue::from_str(value));
        }
    };
    if let Some(status) = error.status {
        set("status", JsValue::from(status));
    }
    if error.attempts > 0 {
        set("attempts", JsValue::from(error.attempts));
    }
    optional("code", &error.code);
    optional("details", &error.details);
    optional("requestId", &error.request_id);
    optional("field", &error.field);
    if let Some(data) = data.filter(|d| !d.is_undefined()) {
        set("data", data);
    }
    if let Some(cause) = cause {
        set("cause", cause);
    }
    js.into()
}

/// Whether `value` is an error thrown or rejected by this package. Narrows `unknown` in
/// TypeScript: `if (isLogtoApiError(e)) console.log(e.status, e.code)`.
#[wasm_bindgen(js_name = isLogtoApiError, unchecked_return_type = "value is LogtoApiError")]
pub fn is_logto_api_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue,
) -> bool {
    value.is_instance_of::<js_sys::Error>()
        && Reflect::get(value, &JsValue::from_str("name"))
            .ok()
            .and_then(|name| name.as_string())
            .is_some_and(|name| name == "LogtoApiError")
        && Reflect::get(value, &JsValue::from_str("kind"))
            .ok()
            .and_then(|kind| kind.as_string())
            .is_some_and(|kind| ErrorKind::parse(&kind).is_some())
}
