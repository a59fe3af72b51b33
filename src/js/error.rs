//! The JavaScript face of [`ApiError`]: an instance of the `LogtoApiError` class of
//! `npm/error.js` (a real `Error`, so `instanceof Error`, `.message` and `.stack` work), with
//! Logto's fields as properties; and [`Rejection`], an error on its way to JavaScript with what
//! only JavaScript holds. The class is plain JavaScript so that `instanceof LogtoApiError` and
//! `isLogtoApiError` work before the WebAssembly module has loaded. Its kinds are
//! [`crate::error::LogtoApiErrorKind`]'s, whose TypeScript union `tsify` writes.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::ApiError;

#[wasm_bindgen(module = "/npm/error.js")]
extern "C" {
    /// The `LogtoApiError` class of `npm/error.js`, which the package's entries re-export.
    #[wasm_bindgen(extends = js_sys::Error)]
    pub type LogtoApiError;

    /// `new LogtoApiError(message, fields)`: an `Error` with `fields` copied onto it.
    #[wasm_bindgen(constructor)]
    fn new(message: &str, fields: &Object) -> LogtoApiError;
}

#[wasm_bindgen(typescript_custom_section)]
const LOGTO_API_ERROR_TS: &str = r#"
/**
 * The members every `LogtoApiError` has or may have, whatever its `kind`. Check `kind` to
 * narrow a `LogtoApiError` to one of its variants, whose members are then known.
 */
export interface LogtoApiErrorBase extends Error {
    /** Always `"LogtoApiError"`. */
    name: "LogtoApiError";
    /** What kind of failure this is; narrows the error to its variant. */
    kind: LogtoApiErrorKind;
    /** A message a person can act on: Logto's own `message` for HTTP errors. */
    message: string;
    /** The HTTP status for `kind: "http"` (and the 2xx status for `"decode"`). */
    status?: number | undefined;
    /** Logto's error code, e.g. `"entity.not_found"` or `"guard.invalid_input"`. */
    code?: string | undefined;
    /** Logto's `details`, e.g. which key path failed validation. */
    details?: string | undefined;
    /** Logto's `data`, e.g. `{ name: "ZodError", issues: [...] }` for validation errors. */
    data?: unknown;
    /** The `Logto-Core-Request-Id` response header, to find the call in Logto's logs. */
    requestId?: string | undefined;
    /** How many HTTP attempts were made, retries included (absent when nothing was sent). */
    attempts?: number | undefined;
    /** For `kind: "invalid_input"`: the argument or option at fault, e.g. `"expiresAt"`. */
    field?: string | undefined;
    /** The original exception, e.g. the runtime's `TypeError` for a network failure. */
    cause?: unknown;
}

/** `kind: "http"`: the server answered with a status outside 2xx. */
export interface LogtoHttpError extends LogtoApiErrorBase {
    kind: "http";
    /** The HTTP status, e.g. 404. */
    status: number;
    /** How many HTTP attempts were made, retries included. */
    attempts: number;
    field?: undefined;
}

/** `kind: "network"`: no HTTP response arrived (server unreachable, connection dropped, CORS). */
export interface LogtoNetworkError extends LogtoApiErrorBase {
    kind: "network";
    /** How many HTTP attempts were made, retries included. */
    attempts: number;
    status?: undefined;
    code?: undefined;
    field?: undefined;
}

/** `kind: "invalid_input"`: an argument or option the package refused; nothing was sent. */
export interface LogtoInvalidInputError extends LogtoApiErrorBase {
    kind: "invalid_input";
    /** The argument or option at fault, e.g. `"expiresAt"`, `"config.baseUrl"`, `"this"`. */
    field: string;
    status?: undefined;
    code?: undefined;
}

/** `kind: "decode"`: a 2xx response whose body is not what Logto sends. */
export interface LogtoDecodeError extends LogtoApiErrorBase {
    kind: "decode";
    /** The 2xx status received. */
    status: number;
    /** How many HTTP attempts were made, retries included. */
    attempts: number;
    code?: undefined;
    field?: undefined;
}

/** `kind: "token"`: `getAccessToken` threw, rejected or gave no usable token. */
export interface LogtoTokenError extends LogtoApiErrorBase {
    kind: "token";
    status?: undefined;
    code?: undefined;
    field?: undefined;
}

/** `kind: "aborted"`: the caller's `AbortSignal` aborted the call. */
export interface LogtoAbortedError extends LogtoApiErrorBase {
    kind: "aborted";
    status?: undefined;
    code?: undefined;
    field?: undefined;
}

/** `kind: "timeout"`: the call ran past its time limit (`timeoutMs`, or the signal's
 * `TimeoutError`) and was aborted. */
export interface LogtoTimeoutError extends LogtoApiErrorBase {
    kind: "timeout";
    /** The response's status when its headers had arrived and its body had not. */
    status?: number | undefined;
    code?: undefined;
    field?: undefined;
}

/** `kind: "hook"`: an `onRequest` or `onResponse` hook threw or rejected. */
export interface LogtoHookError extends LogtoApiErrorBase {
    kind: "hook";
    status?: undefined;
    code?: undefined;
    field?: undefined;
}

/**
 * The error every method of this package rejects with: a real `Error`, an instance of the
 * `LogtoApiError` class, discriminated by `kind`:
 * `if (e instanceof LogtoApiError && e.kind === "http") e.status // number`.
 */
export type LogtoApiError =
    | LogtoHttpError
    | LogtoNetworkError
    | LogtoInvalidInputError
    | LogtoDecodeError
    | LogtoTokenError
    | LogtoAbortedError
    | LogtoTimeoutError
    | LogtoHookError;
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
    let fields = Object::new();
    let set = |key: &str, value: JsValue| {
        // Defining a member of a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &JsValue::from_str(key), &value);
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
    LogtoApiError::new(&error.message, &fields).into()
}

/// Whether `value` is a `LogtoApiError` made by this package (the same check as the entries'
/// `isLogtoApiError`, which is plain JavaScript; this one serves the Rust tests).
pub fn is_logto_api_error(value: &JsValue) -> bool {
    value.is_instance_of::<LogtoApiError>()
}
