//! Sending an allowed request to Logto: the operation's method and path under `endpoint`, the
//! forwarded headers, the proxy's `Authorization: Bearer`, the checked body; on a 401 the token
//! is refreshed once (`getAccessToken({ forceRefresh: true })`) and the request repeated once.
//! Logto's status and body go back with `Content-Type`, `Logto-Core-Request-Id` and
//! `Retry-After`; an unreachable Logto or no token is a 502 refusal.

use js_sys::{Array, Function, Object, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::headers::{ANSWER_HEADERS, PASSED_BACK};
use super::refusal::Refusal;
use crate::headers::bearer;
use crate::runtime::{
    call_and_wait, discard_body, fetch, fetch_failure, get, header, response, set,
};

/// A request ready to forward.
pub struct Outgoing<'a> {
    /// The operation's method.
    pub method: &'static str,
    /// `endpoint` + path + (for `GET`) the query.
    pub url: String,
    /// The forwarded request headers.
    pub headers: Vec<(String, String)>,
    /// The body and its `Content-Type`.
    pub body: Option<(Uint8Array, &'a str)>,
    /// The incoming request's `AbortSignal`, if it has one: the browser going away aborts the
    /// request to Logto.
    pub signal: JsValue,
}

/// Forwards `outgoing` and answers with Logto's response, or a refusal.
pub async fn forward(
    get_access_token: &Function,
    outgoing: &Outgoing<'_>,
) -> Result<JsValue, JsValue> {
    let mut force_refresh = false;
    loop {
        let token = match access_token(get_access_token, force_refresh).await {
            Ok(token) => token,
            Err(code) => return refuse(&Refusal::token_unavailable(code.as_deref())),
        };
        let init = request_init(outgoing, &token);
        let answer = match fetch(&outgoing.url, &init) {
            Ok(promise) => JsFuture::from(promise).await,
            Err(error) => Err(error),
        };
        let answer = match answer {
            Ok(answer) => answer,
            Err(error) => {
                let (_, code) = fetch_failure(&error);
                return refuse(&Refusal::logto_unreachable(code.as_deref()));
            }
        };
        let status = get(&answer, "status").as_f64().unwrap_or(0.0) as u16;
        if status == 401 && !force_refresh {
            discard_body(&answer);
            force_refresh = true;
            continue;
        }
        return pass_back(&answer, status, outgoing.method);
    }
}

/// `getAccessToken({ forceRefresh })`: a token HTTP can carry, or the failure's `code`.
async fn access_token(getter: &Function, force_refresh: bool) -> Result<String, Option<String>> {
    let options = Object::new();
    set(&options, "forceRefresh", &JsValue::from_bool(force_refresh));
    let token = call_and_wait(getter, &Array::of1(&options))
        .await
        .map_err(|error| get(&error, "code").as_string())?;
    token
        .as_string()
        .filter(|token| !token.is_empty())
        .and_then(|token| bearer(&token))
        .ok_or(None)
}

/// The `RequestInit` for Logto; redirects are not followed (the token stays with Logto).
fn request_init(outgoing: &Outgoing<'_>, authorization: &str) -> Object {
    let headers = Object::new();
    for (name, value) in &outgoing.headers {
        set(&headers, name, &value.as_str().into());
    }
    set(&headers, "authorization", &authorization.into());
    let init = Object::new();
    set(&init, "method", &outgoing.method.into());
    if let Some((body, content_type)) = &outgoing.body {
        set(&headers, "content-type", &(*content_type).into());
        set(&init, "body", body);
    }
    set(&init, "headers", &headers);
    set(&init, "redirect", &"manual".into());
    if outgoing.signal.is_object() {
        set(&init, "signal", &outgoing.signal);
    }
    init
}

/// Logto's answer as the proxy's: status, body, and only the headers in [`PASSED_BACK`].
fn pass_back(answer: &JsValue, status: u16, method: &str) -> Result<JsValue, JsValue> {
    if !(200..=599).contains(&status) {
        discard_body(answer);
        return refuse(&Refusal::bad_answer(status));
    }
    let upstream_headers = get(answer, "headers");
    let values: Vec<(&str, String)> = PASSED_BACK
        .iter()
        .filter_map(|name| header(&upstream_headers, name).map(|value| (*name, value)))
        .collect();
    let mut headers: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    headers.extend(ANSWER_HEADERS);
    let null_body = method == "HEAD" || matches!(status, 204 | 205 | 304);
    let body = if null_body {
        discard_body(answer);
        JsValue::NULL
    } else {
        get(answer, "body")
    };
    response(&body, status, &headers)
}

/// The proxy's own answer.
pub fn refuse(refusal: &Refusal) -> Result<JsValue, JsValue> {
    let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json; charset=utf-8")];
    if let Some(allow) = &refusal.allow {
        headers.push(("allow", allow));
    }
    headers.extend(ANSWER_HEADERS);
    response(&refusal.body().into(), refusal.status, &headers)
}
