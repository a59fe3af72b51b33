//! The client's configuration: tokens, headers, credentials, base URLs, and what the
//! constructor refuses.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Reflect};
use logto_invitations::OrganizationInvitationsApi;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn get_access_token_is_called_before_each_request_and_may_be_async() {
    let counter = Function::new_no_args(
        "globalThis.__tokenCalls = (globalThis.__tokenCalls || 0) + 1; return Promise.resolve('dev-token');",
    );
    let config = js(json!({"baseUrl": server()}));
    Reflect::set(&config, &"getAccessToken".into(), &counter).unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let before = Reflect::get(&js_sys::global(), &"__tokenCalls".into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0);
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let after = Reflect::get(&js_sys::global(), &"__tokenCalls".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert_eq!(after - before, 2.0);

    let sync = js(json!({"baseUrl": server()}));
    Reflect::set(
        &sync,
        &"getAccessToken".into(),
        &Function::new_no_args("return 'dev-token';"),
    )
    .unwrap();
    ok(OrganizationInvitationsApi::new(sync)
        .unwrap()
        .list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
    .await;

    for (body, expected) in [
        ("throw new Error('backend down')", "failed: backend down"),
        (
            "return Promise.reject(new Error('expired session'))",
            "failed: expired session",
        ),
        ("return 42", "non-empty string"),
        ("return ''", "non-empty string"),
    ] {
        let config = js(json!({"baseUrl": server()}));
        Reflect::set(
            &config,
            &"getAccessToken".into(),
            &Function::new_no_args(body),
        )
        .unwrap();
        let error = fails(
            OrganizationInvitationsApi::new(config)
                .unwrap()
                .list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED),
        )
        .await;
        assert_eq!(error.kind, "token", "{body}");
        assert!(
            error.message.contains(expected),
            "{body}: {}",
            error.message
        );
    }
}

#[wasm_bindgen_test]
async fn extra_headers_and_trailing_slashes_and_token_precedence() {
    let api = client_with(json!({
        "baseUrl": format!("{}//", server()),
        "accessToken": TOKEN,
        "headers": {"X-CSRF-Token": "csrf-123", "Authorization": "Bearer must-not-win"},
    }));
    assert_eq!(api.base_url(), server());
    let mark = log_mark().await;
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let sent = requests_since(mark).await;
    assert_eq!(header(&sent[0], "x-csrf-token"), Some("csrf-123"));
    assert_eq!(header(&sent[0], "authorization"), Some("Bearer dev-token"));
    assert_eq!(sent[0]["path"], "/api/organization-invitations");
}

#[wasm_bindgen_test]
async fn credentials_decide_whether_cookies_are_sent() {
    // The test page and the server are both on 127.0.0.1 (other ports): same site, other origin.
    let document = web_sys::window().unwrap().document().unwrap();
    let html = document.dyn_into::<web_sys::HtmlDocument>().unwrap();
    html.set_cookie("logto_session=abc123; path=/").unwrap();
    assert!(
        html.cookie().unwrap().contains("logto_session=abc123"),
        "the test page could not set a cookie"
    );
    for (mode, sent_cookie) in [("include", true), ("omit", false), ("same-origin", false)] {
        let api =
            client_with(json!({"baseUrl": server(), "accessToken": TOKEN, "credentials": mode}));
        let mark = log_mark().await;
        ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        let sent = requests_since(mark).await;
        let cookie = header(&sent[0], "cookie").unwrap_or("");
        assert_eq!(
            cookie.contains("logto_session=abc123"),
            sent_cookie,
            "{mode}: {cookie:?}"
        );
    }
    html.set_cookie("logto_session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/")
        .unwrap();
}

#[wasm_bindgen_test]
fn bad_configurations_throw_from_the_constructor() {
    for (config, field) in [
        (JsValue::UNDEFINED, "config"),
        (js(json!({})), "config.baseUrl"),
        (js(json!({"baseUrl": 1})), "config.baseUrl"),
        (js(json!({"baseUrl": "auth.example.com"})), "config.baseUrl"),
        (
            js(json!({"baseUrl": "/x", "accessToken": 1})),
            "config.accessToken",
        ),
        (
            js(json!({"baseUrl": "/x", "accessToken": ""})),
            "config.accessToken",
        ),
        (
            js(json!({"baseUrl": "/x", "getAccessToken": "token"})),
            "config.getAccessToken",
        ),
        (
            js(json!({"baseUrl": "/x", "headers": {"X-A": 1}})),
            "config.headers.X-A",
        ),
        (
            js(json!({"baseUrl": "/x", "headers": {"bad name": "1"}})),
            "config.headers",
        ),
        (
            js(json!({"baseUrl": "/x", "credentials": "always"})),
            "config.credentials",
        ),
        (
            js(json!({"baseUrl": "/x", "timeoutMs": 0})),
            "config.timeoutMs",
        ),
    ] {
        let error = match OrganizationInvitationsApi::new(config) {
            Ok(_) => panic!("accepted a bad config for {field}"),
            Err(error) => failure(&error),
        };
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some(field)),
            "{}",
            error.message
        );
    }
}

#[wasm_bindgen_test]
async fn an_unreachable_server_rejects_with_a_network_error_naming_cors() {
    // Port 9 (discard) has no listener here: the connection is refused at once.
    let api = client_with(json!({"baseUrl": "http://127.0.0.1:9", "accessToken": TOKEN}));
    let error =
        fails(api.get_organization_invitation(JsValue::from_str("x"), JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "network");
    assert_eq!(error.status, None);
    assert!(
        error.message.contains("CORS") && error.message.contains("unreachable"),
        "{}",
        error.message
    );
    assert!(
        error
            .message
            .contains("http://127.0.0.1:9/api/organization-invitations/x"),
        "{}",
        error.message
    );
}

/// Headers in every `HeadersInit` form reach the server (issue 12, header forms); a form that
/// cannot be read, or a header the transport owns, is refused at construction naming
/// `config.headers`, never dropped silently.
#[wasm_bindgen_test]
async fn headers_in_every_headers_init_form_are_sent() {
    for form in [
        "new Headers({ 'X-CSRF-Token': 'csrf-1' })",
        "new Map([['X-CSRF-Token', 'csrf-1']])",
        "[['X-CSRF-Token', 'csrf-1']]",
        "({ 'X-CSRF-Token': 'csrf-1' })",
    ] {
        let config = js(json!({"baseUrl": server(), "accessToken": TOKEN}));
        let headers = js_sys::eval(form).unwrap();
        Reflect::set(&config, &"headers".into(), &headers).unwrap();
        let api = OrganizationInvitationsApi::new(config).unwrap();
        let mark = log_mark().await;
        ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        let sent = requests_since(mark).await;
        assert_eq!(header(&sent[0], "x-csrf-token"), Some("csrf-1"), "{form}");
    }
    for (form, field) in [
        ("[['X-A']]", "config.headers"),
        ("[['X-A', 'a', 'b']]", "config.headers"),
        ("new Map([[1, 'x']])", "config.headers"),
        ("({ 'X-A': 5 })", "config.headers.X-A"),
        ("({ 'Content-Length': '5' })", "config.headers"),
        ("new Headers({ 'Connection': 'close' })", "config.headers"),
        ("[['Transfer-Encoding', 'chunked']]", "config.headers"),
        // A browser (its Request drops them, the Fetch standard's request guard) owns these.
        ("({ Cookie: 'session=abc' })", "config.headers"),
        ("[['Origin', 'https://evil.example']]", "config.headers"),
        ("({ 'Sec-Fetch-Site': 'same-origin' })", "config.headers"),
        ("({ Host: 'evil.example' })", "config.headers"),
        (
            "({ get boom() { throw new Error('getter') } })",
            "config.headers",
        ),
        ("'X-A: 1'", "config.headers"),
    ] {
        let config = js(json!({"baseUrl": server()}));
        Reflect::set(&config, &"headers".into(), &js_sys::eval(form).unwrap()).unwrap();
        let error = failure(&OrganizationInvitationsApi::new(config).err().unwrap());
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some(field)),
            "{form}: {}",
            error.message
        );
    }
}

/// A base URL the platform cannot parse is refused by the constructor (issue 12, unusable base
/// URLs), so no call is sent and retried as a network error.
#[wasm_bindgen_test]
fn unusable_base_urls_are_refused_by_the_constructor() {
    for bad in [
        "http://localhost:30O1",
        "http://localhost:99999",
        "http://[::1",
        "https://exa%mple.com",
    ] {
        let result = OrganizationInvitationsApi::new(js(json!({"baseUrl": bad})));
        let error = failure(&result.err().unwrap_or_else(|| panic!("{bad} was accepted")));
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some("config.baseUrl")),
            "{bad}: {}",
            error.message
        );
    }
    for good in [
        "/logto",
        "",
        "http://127.0.0.1:1",
        "https://tenant.logto.app/base/",
    ] {
        assert!(
            OrganizationInvitationsApi::new(js(json!({"baseUrl": good}))).is_ok(),
            "{good}"
        );
    }
}
