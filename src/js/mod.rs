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
pub use read::{path_fetch_url, read_headers};
pub use sink::JsObjectSink;
pub use value::{get, js_string, JsonBody};

use std::cell::Cell;

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;

/// The message of a JavaScript exception, for error texts.
pub fn message_of(value: &JsValue) -> String {
    Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

#[wasm_bindgen]
extern "C" {
    type FetchRequest;
    // `new Request(url, init)`, catching: there may be no `Request` at all (Jest's jsdom).
    #[wasm_bindgen(catch, constructor, js_class = "Request")]
    fn new_request(url: &str, init: &JsValue) -> Result<FetchRequest, JsValue>;
    #[wasm_bindgen(method, getter, structural)]
    fn headers(this: &FetchRequest) -> FetchHeaders;
    type FetchHeaders;
    #[wasm_bindgen(method, structural)]
    fn has(this: &FetchHeaders, name: &str) -> bool;
}

thread_local! {
    static IN_BROWSER: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Whether this platform's fetch follows the browser's rules (it owns the forbidden request
/// headers, and CORS can refuse a response), rather than a server runtime's. Tested, once, the
/// way the Fetch standard defines it rather than by which globals exist: a `Request`'s headers
/// (guard "request") drop a forbidden request-header such as `Cookie`. True in browser pages and
/// workers; false in Node, Deno, Bun and workerd, and in jsdom or happy-dom over Node's fetch
/// (Vitest, Jest), whatever `window` and `document` they add.
pub fn in_browser() -> bool {
    IN_BROWSER.with(|known| {
        known.get().unwrap_or_else(|| {
            let init = JSON::parse(r#"{"headers":{"cookie":"a=b"}}"#).unwrap_or_default();
            let browser = FetchRequest::new_request("http://localhost/", &init)
                .is_ok_and(|request| !request.headers().has("cookie"));
            known.set(Some(browser));
            browser
        })
    })
}
