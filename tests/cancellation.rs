//! Time limits and aborts: they end the call, close the connection, and leave nothing behind.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Function, Object, Reflect};
use logto_invitations::OrganizationInvitationsApi;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_timeout_aborts_the_request_and_rejects_with_timeout() {
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "delay=3000"}, "timeoutMs": 300}),
    );
    let started = now();
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let elapsed = now() - started;
    assert_eq!(error.kind, "timeout");
    assert!(error.message.contains("300 ms"), "{}", error.message);
    assert!(elapsed < 2_500.0, "took {elapsed} ms");
    // A per-call timeout overrides the configured one.
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, js(json!({"timeoutMs": 100}))))
            .await;
    assert!(error.message.contains("100 ms"), "{}", error.message);
}

#[wasm_bindgen_test]
async fn an_abort_signal_cancels_the_call() {
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "delay=3000"}}),
    );
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.clone().into());
    sleep(100).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    // An already-aborted signal rejects before sending.
    let error = fails(api.list_organization_invitations(JsValue::UNDEFINED, options.into())).await;
    assert_eq!(error.kind, "aborted");
}

#[wasm_bindgen_test]
async fn aborts_and_timeouts_close_the_connection_the_server_sees() {
    let (api, fault) = faulty("delay=3000", json!({}));
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.into());
    sleep(200).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    let (api2, fault2) = faulty("delay=3000", json!({"timeoutMs": 200}));
    let error =
        fails(api2.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "timeout");
    // The server notices the closed connections.
    let mut seen = (0, 0);
    for _ in 0..40 {
        seen = (fault_counts(&fault).await.1, fault_counts(&fault2).await.1);
        if seen == (1, 1) {
            break;
        }
        sleep(100).await;
    }
    assert_eq!(seen, (1, 1), "server-side disconnects (abort, timeout)");
    drop(api);
}

#[wasm_bindgen_test]
async fn an_abort_during_the_backoff_wait_ends_the_call_at_once() {
    let (api, _) = faulty(
        "status=503",
        json!({"retry": {"retries": 3, "baseDelayMs": 2000, "maxDelayMs": 2000}}),
    );
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let started = now();
    let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.into());
    sleep(150).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    assert!(now() - started < 1500.0, "the abort waited for the backoff");
}

#[wasm_bindgen_test]
async fn a_token_or_hook_that_never_settles_is_ended_by_the_timeout() {
    let never = "return new Promise(() => {});";
    let cases = [
        ("getAccessToken", Function::new_with_args("options", never)),
        ("onRequest", Function::new_with_args("request", never)),
        ("onResponse", Function::new_with_args("response", never)),
    ];
    for (key, function) in cases {
        let config = js(json!({"baseUrl": server(), "accessToken": TOKEN, "timeoutMs": 150}));
        Reflect::set(&config, &key.into(), &function).unwrap();
        let api = OrganizationInvitationsApi::new(config).unwrap();
        let started = now();
        let error =
            fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        assert_eq!(error.kind, "timeout", "{key}");
        assert!(
            now() - started < 1500.0,
            "{key}: the timeout did not end the wait"
        );
    }
    // And an abort ends a wait for the token too.
    let config = js(json!({"baseUrl": server()}));
    Reflect::set(
        &config,
        &"getAccessToken".into(),
        &Function::new_with_args("options", never),
    )
    .unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.into());
    sleep(50).await;
    controller.abort();
    assert_eq!(failure(&settle(promise).await.unwrap_err()).kind, "aborted");
}

#[wasm_bindgen_test]
async fn nothing_outlives_a_settled_call() {
    // A timer or abort listener left behind would later call a dropped Rust closure, which
    // wasm-bindgen reports as an uncaught error on the page.
    js_sys::eval(
        "globalThis.__late = []; \
         if (!globalThis.__lateListener) { globalThis.__lateListener = true; \
           addEventListener('error', (e) => globalThis.__late.push(String(e.message))); \
           addEventListener('unhandledrejection', (e) => globalThis.__late.push(String(e.reason))); }",
    )
    .unwrap();
    let api = client_with(json!({"baseUrl": server(), "accessToken": TOKEN, "timeoutMs": 200}));
    let controller = web_sys::AbortController::new().unwrap();
    for _ in 0..5 {
        let options = Object::new();
        Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
        ok(api.list_organization_invitations(JsValue::UNDEFINED, options.into())).await;
    }
    // Past every call's time limit, then an abort of the signal they all listened to.
    sleep(400).await;
    controller.abort();
    sleep(50).await;
    let late = to_json(&Reflect::get(&js_sys::global(), &"__late".into()).unwrap());
    assert_eq!(late, json!([]), "something fired after its call settled");
}

/// The signal's `reason` is kept as `cause`; a `TimeoutError` reason (`AbortSignal.timeout()`)
/// is a `timeout`, any other reason an `aborted` (issue 12, abort reasons).
#[wasm_bindgen_test]
async fn abort_reasons_are_kept_and_a_timeout_error_is_a_timeout() {
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "delay=3000"}}),
    );
    let cases = [
        ("({ signal: AbortSignal.timeout(200) })", "timeout", "TimeoutError"),
        (
            "(() => { const c = new AbortController(); setTimeout(() => c.abort(new Error('user navigated away')), 100); return { signal: c.signal }; })()",
            "aborted",
            "user navigated away",
        ),
        (
            "(() => { const c = new AbortController(); c.abort(new Error('gone before sending')); return { signal: c.signal }; })()",
            "aborted",
            "gone before sending",
        ),
        (
            "(() => { const c = new AbortController(); setTimeout(() => c.abort(), 100); return { signal: c.signal }; })()",
            "aborted",
            "AbortError",
        ),
    ];
    for (options, kind, cause) in cases {
        let options = js_sys::eval(options).unwrap();
        let started = now();
        let error = settle(api.list_organization_invitations(JsValue::UNDEFINED, options))
            .await
            .unwrap_err();
        let parsed = failure(&error);
        assert_eq!(parsed.kind, kind, "{}", parsed.message);
        assert!(
            now() - started < 1_500.0,
            "ended by the signal, not the server"
        );
        let reason = get(&error, "cause");
        let text = format!(
            "{} {}",
            get(&reason, "name").as_string().unwrap_or_default(),
            get(&reason, "message").as_string().unwrap_or_default()
        );
        assert!(text.contains(cause), "cause {text:?} for {kind}");
    }
}

/// An `AbortSignal` from another realm (a same-origin iframe's) is accepted, as `fetch` accepts
/// it, and aborts the call.
#[wasm_bindgen_test]
async fn an_abort_signal_from_another_realm_is_accepted() {
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "delay=2000"}}),
    );
    let controller = js_sys::eval(
        "(() => { const f = document.createElement('iframe'); document.body.appendChild(f); return new f.contentWindow.AbortController(); })()",
    )
    .unwrap();
    let signal = get(&controller, "signal");
    assert!(
        !signal.is_instance_of::<web_sys::AbortSignal>(),
        "another realm's"
    );
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &signal).unwrap();
    let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.into());
    sleep(100).await;
    let abort: Function = get(&controller, "abort").unchecked_into();
    abort.call0(&controller).unwrap();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted", "{}", error.message);
}

/// A wait that cannot end inside the time left ends the retries at once with the HTTP error
/// (issue 12, deadlines): Logto's status, code and request ID are not lost to a timeout.
#[wasm_bindgen_test]
async fn a_retry_wait_past_the_time_limit_ends_with_the_http_error() {
    let (api, fault) = faulty("status=503;retry-after=5", json!({"timeoutMs": 1000}));
    let started = now();
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        ("http", Some(503), Some("mock.fault")),
        "{}",
        error.message
    );
    assert!(
        now() - started < 800.0,
        "no wait for a Retry-After past the limit"
    );
    assert_eq!(attempts(&fault), 1.0);
    // A backoff longer than the time left ends it too.
    let (api, fault) = faulty(
        "status=503",
        json!({"timeoutMs": 300, "retry": {"retries": 3, "baseDelayMs": 5000, "maxDelayMs": 5000}}),
    );
    let error =
        settle(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let error = failure(&error.unwrap_err());
    assert!(
        (error.kind == "http" && error.status == Some(503)) || error.kind == "timeout",
        "{}",
        error.message
    );
    assert!(attempts(&fault) <= 2.0);
}

/// A timeout after the status line arrived says so, and never "no response".
#[wasm_bindgen_test]
async fn a_stalled_body_times_out_saying_the_response_arrived() {
    let (api, _) = faulty("stall=1", json!({"timeoutMs": 600, "retry": false}));
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "timeout", "{}", error.message);
    assert_eq!(error.status, Some(200));
    assert!(
        error
            .message
            .contains("answered 200 but its body did not arrive within 600 ms")
            && !error.message.contains("no response"),
        "{}",
        error.message
    );
}

/// An object that only claims to be an `AbortSignal` (its `Symbol.toStringTag`) and whose
/// `aborted` or `reason` getter throws: the call rejects with a `LogtoApiError` (or ends as
/// aborted), never an exception escaping the module and leaving the call unsettled.
#[wasm_bindgen_test]
async fn a_signal_whose_getters_throw_rejects_the_call() {
    let api = client_with(json!({"baseUrl": server(), "accessToken": TOKEN}));
    let within: Function = js_sys::eval(
        "(p) => Promise.race([p.then(() => 'resolved', (e) => e), new Promise((r) => setTimeout(() => r('never settled'), 3000))])",
    )
    .unwrap()
    .unchecked_into();
    for (signal, kind, field) in [
        (
            "({ [Symbol.toStringTag]: 'AbortSignal', get aborted() { throw new Error('getter') }, addEventListener() {}, removeEventListener() {} })",
            "invalid_input",
            Some("options.signal"),
        ),
        (
            "({ [Symbol.toStringTag]: 'AbortSignal', aborted: true, get reason() { throw new Error('getter') }, addEventListener() {}, removeEventListener() {} })",
            "aborted",
            None,
        ),
    ] {
        let options = Object::new();
        Reflect::set(&options, &"signal".into(), &js_sys::eval(signal).unwrap()).unwrap();
        let promise = api.list_organization_invitations(JsValue::UNDEFINED, options.into());
        let outcome = settle(within.call1(&JsValue::NULL, &promise).unwrap().unchecked_into())
            .await
            .unwrap();
        assert!(outcome.as_string().is_none(), "{signal}: {outcome:?}");
        let error = failure(&outcome);
        assert_eq!(error.kind, kind, "{signal}: {}", error.message);
        assert_eq!(error.field.as_deref(), field, "{signal}");
    }
}
