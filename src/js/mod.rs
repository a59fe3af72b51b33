//! The thin wasm shell: everything that touches JavaScript values. [`value`] reads them,
//! [`read`] reads the arguments only JavaScript has, [`sink`] writes hook contexts, [`error`]
//! builds the `LogtoApiError`, and [`api`] holds the classes, `OrganizationInvitationsApi` and `InvitationAcceptanceApi`.

mod api;
mod error;
mod read;
mod sink;
mod value;

pub use api::{InvitationAcceptanceApi, OrganizationInvitationsApi};
pub use error::{is_logto_api_error, Rejection};
pub use read::read_headers;
pub use sink::JsObjectSink;
pub use value::js_string;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The message of a JavaScript exception, for error texts.
pub fn message_of(value: &JsValue) -> String {
    Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// Whether this runs in a browser page or worker (where CORS can refuse a response and the
/// browser owns the forbidden request headers), rather than Node or another server runtime.
pub fn in_browser() -> bool {
    let global = js_sys::global();
    ["document", "WorkerGlobalScope"]
        .iter()
        .any(|name| Reflect::has(&global, &JsValue::from_str(name)).unwrap_or(false))
}
