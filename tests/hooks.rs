//! The `onRequest` and `onResponse` hooks.
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
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn hooks_see_each_attempt_without_the_token_and_can_add_headers() {
    js_sys::eval("globalThis.__hooks = []").unwrap();
    let on_request = Function::new_with_args(
        "request",
        "globalThis.__hooks.push(['request', JSON.parse(JSON.stringify(request))]); \
         request.headers['x-trace-id'] = 'trace-' + request.attempt;",
    );
    let on_response = Function::new_with_args(
        "response",
        "globalThis.__hooks.push(['response', response]);",
    );
    let id = unique("fault");
    let config = js(json!({
        "baseUrl": server(), "accessToken": TOKEN,
        "retry": {"retries": 1, "baseDelayMs": 10},
        "headers": {"x-mock-fault": format!("id={id};status=503;times=1")},
    }));
    Reflect::set(&config, &"onRequest".into(), &on_request).unwrap();
    Reflect::set(&config, &"onResponse".into(), &on_response).unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let mark = log_mark().await;
    ok(api.list_organization_invitations(js(json!({"invitee": "a@b.co"})), JsValue::UNDEFINED))
        .await;

    let hooks = to_json(&Reflect::get(&js_sys::global(), &"__hooks".into()).unwrap());
    let text = hooks.to_string();
    assert!(!text.contains(TOKEN), "a hook saw the token: {text}");
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 4, "{text}");
    let url = format!("{}/api/organization-invitations?invitee=a%40b.co", server());
    for (i, attempt) in [(0, 1), (2, 2)] {
        let request = &hooks[i][1];
        assert_eq!(hooks[i][0], "request");
        assert_eq!(
            (request["method"].as_str(), request["url"].as_str()),
            (Some("GET"), Some(url.as_str()))
        );
        assert_eq!(request["attempt"], attempt);
        assert_eq!(request["headers"]["accept"], "application/json");
        assert!(request["headers"].get("authorization").is_none());
    }
    let (first, second) = (&hooks[1][1], &hooks[3][1]);
    assert_eq!(
        (first["status"].as_u64(), first["attempt"].as_u64()),
        (Some(503), Some(1))
    );
    assert_eq!(
        (second["status"].as_u64(), second["attempt"].as_u64()),
        (Some(200), Some(2))
    );
    assert!(second["durationMs"].as_f64().unwrap() >= 0.0);
    assert!(second["requestId"].as_str().is_some_and(|r| !r.is_empty()));

    let sent = requests_since(mark).await;
    let traces: Vec<_> = sent
        .iter()
        .map(|r| r["headers"]["x-trace-id"].clone())
        .collect();
    assert_eq!(traces, [json!("trace-1"), json!("trace-2")]);
    assert!(sent
        .iter()
        .all(|r| r["headers"]["authorization"] == "Bearer dev-token"));
}

#[wasm_bindgen_test]
async fn a_throwing_hook_becomes_the_calls_error() {
    for (key, body) in [
        ("onRequest", "throw new Error('tracer down')"),
        ("onResponse", "throw new Error('metrics down')"),
        ("onRequest", "return Promise.reject(new Error('async tracer down'))"),
        ("onResponse", "return new Promise((_, reject) => setTimeout(() => reject(new Error('late metrics down')), 10))"),
    ] {
        let config = js(json!({"baseUrl": server(), "accessToken": TOKEN}));
        Reflect::set(
            &config,
            &key.into(),
            &Function::new_with_args("context", body),
        )
        .unwrap();
        let api = OrganizationInvitationsApi::new(config).unwrap();
        let error = fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        assert_eq!(error.kind, "hook", "{key}");
        assert!(
            error.message.contains(key) && error.message.contains("down"),
            "{}",
            error.message
        );
    }
}

/// An `onRequest` hook may replace `headers` with any `HeadersInit` form; it is read by the same
/// rules as `config.headers` (issue 12, header forms).
#[wasm_bindgen_test]
async fn a_hook_may_replace_the_headers_with_any_headers_init_form() {
    for (body, sent) in [
        (
            "request.headers = new Headers({ 'X-Trace': 't1' });",
            Some("t1"),
        ),
        ("request.headers = [['X-Trace', 't1']];", Some("t1")),
        ("request.headers['x-trace'] = 't1';", Some("t1")),
    ] {
        let config = js(json!({"baseUrl": server(), "accessToken": TOKEN}));
        Reflect::set(
            &config,
            &"onRequest".into(),
            &Function::new_with_args("request", body),
        )
        .unwrap();
        let api = OrganizationInvitationsApi::new(config).unwrap();
        let mark = log_mark().await;
        ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        let seen = requests_since(mark).await;
        assert_eq!(header(&seen[0], "x-trace"), sent, "{body}");
        assert_eq!(
            header(&seen[0], "accept"),
            Some("application/json"),
            "{body}"
        );
        assert_eq!(
            header(&seen[0], "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
    let config = js(json!({"baseUrl": server(), "accessToken": TOKEN}));
    let hook = Function::new_with_args(
        "request",
        "request.headers = new Headers({ 'Content-Length': '5' });",
    );
    Reflect::set(&config, &"onRequest".into(), &hook).unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "hook", "{}", error.message);
}

#[wasm_bindgen_test]
async fn a_call_is_started_before_its_method_returns() {
    // As with fetch(): the first attempt (its onRequest hook, then fetch()) runs within the
    // method call, not a microtask later.
    js_sys::eval("globalThis.__started = 0").unwrap();
    let on_request = Function::new_with_args("request", "globalThis.__started += 1;");
    let config = js(json!({"baseUrl": server(), "accessToken": TOKEN}));
    Reflect::set(&config, &"onRequest".into(), &on_request).unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let call = api.get_organization_invitation(unique("missing").into(), JsValue::UNDEFINED);
    let started = Reflect::get(&js_sys::global(), &"__started".into()).unwrap();
    assert_eq!(started.as_f64(), Some(1.0));
    let error = fails(call).await;
    assert_eq!((error.kind.as_str(), error.status), ("http", Some(404)));
}
