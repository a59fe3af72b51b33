//! Faults and recovery in headless Chromium against the local server's fault injection
//! (`x-mock-fault` header, see tests/server/README.md): retries and their rules, Retry-After,
//! token refresh and sharing, hooks, and that aborts and timeouts really close the connection.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Function, Object, Promise, Reflect};
use logto_invitations::OrganizationInvitationsApi;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A client whose every request carries the fault `spec`, tagged with a fresh fault id so the
/// server counts this test's requests alone, and whose `onRequest` hook counts the package's
/// own attempts (see [`attempts`]); returns the client and the id.
fn faulty(spec: &str, extra: Value) -> (OrganizationInvitationsApi, String) {
    let id = unique("fault");
    let mut config = json!({
        "baseUrl": server(),
        "accessToken": TOKEN,
        "retry": {"retries": 2, "baseDelayMs": 20, "maxDelayMs": 2000},
        "headers": {"x-mock-fault": format!("id={id};{spec}")},
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        config[key] = value.clone();
    }
    let config = js(config);
    let counter = Function::new_with_args(
        "request",
        &format!("const a = (globalThis.__attempts ||= {{}}); a['{id}'] = (a['{id}'] || 0) + 1;"),
    );
    Reflect::set(&config, &"onRequest".into(), &counter).unwrap();
    (OrganizationInvitationsApi::new(config).unwrap(), id)
}

/// How many attempts the package itself made for a fault id. The server's count can be higher
/// for dropped connections: Chromium transparently resends a request once when a reused
/// keep-alive connection closes before any response byte, whatever the method.
fn attempts(id: &str) -> f64 {
    js_sys::eval(&format!("(globalThis.__attempts || {{}})['{id}'] || 0"))
        .unwrap()
        .as_f64()
        .unwrap()
}

/// What the server saw for a fault id: `(requests, client disconnects)`.
async fn fault_counts(id: &str) -> (u64, u64) {
    let (status, text) = raw("GET", &format!("/__mock/faults/{id}"), None, &[]).await;
    assert_eq!(status, 200, "{text}");
    let counts: Value = serde_json::from_str(&text).unwrap();
    (
        counts["count"].as_u64().unwrap_or(0),
        counts["aborted"].as_u64().unwrap_or(0),
    )
}

async fn invitation_id(api: &OrganizationInvitationsApi) -> String {
    let w = world().await;
    let created =
        ok(api.create_organization_invitation(js(create_body(&w, &w.invitee_email)), None)).await;
    get(&created, "id").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn idempotent_calls_retry_transient_statuses_until_they_succeed() {
    let id = invitation_id(&client()).await;
    for status in [408, 429, 500, 502, 503, 504] {
        let (api, fault) = faulty(&format!("status={status};times=2"), json!({}));
        let value = ok(api.get_organization_invitation(JsValue::from_str(&id), None)).await;
        assert_eq!(
            get(&value, "id").as_string().as_deref(),
            Some(id.as_str()),
            "{status}"
        );
        assert_eq!(
            fault_counts(&fault).await.0,
            3,
            "GET after two {status}s: three attempts"
        );
    }
    let (api, fault) = faulty("status=502;times=1", json!({}));
    ok(api.replace_organization_invitation_status(
        JsValue::from_str(&id),
        js(json!({"status": "Revoked"})),
        None,
    ))
    .await;
    assert_eq!(fault_counts(&fault).await.0, 2, "PUT status is retried");
    let (api, fault) = faulty("status=504;times=1", json!({}));
    ok(api.delete_organization_invitation(JsValue::from_str(&id), None)).await;
    assert_eq!(fault_counts(&fault).await.0, 2, "DELETE is retried");
}

#[wasm_bindgen_test]
async fn the_error_after_the_last_attempt_counts_the_attempts() {
    let (api, fault) = faulty(
        "status=503",
        json!({"retry": {"retries": 2, "baseDelayMs": 10}}),
    );
    let error = fails(api.list_organization_invitations(None, None)).await;
    assert_eq!((error.kind.as_str(), error.status), ("http", Some(503)));
    assert!(
        error.message.ends_with("(after 3 attempts)"),
        "{}",
        error.message
    );
    assert_eq!(fault_counts(&fault).await.0, 3);

    let (api, fault) = faulty("status=503", json!({"retry": false}));
    let error = fails(api.list_organization_invitations(None, None)).await;
    assert!(!error.message.contains("attempts"), "{}", error.message);
    assert_eq!(
        fault_counts(&fault).await.0,
        1,
        "retry: false makes one attempt"
    );

    for status in [400, 404, 422, 501] {
        let (api, fault) = faulty(&format!("status={status}"), json!({}));
        fails(api.list_organization_invitations(None, None)).await;
        assert_eq!(fault_counts(&fault).await.0, 1, "{status} is not transient");
    }
}

#[wasm_bindgen_test]
async fn post_is_not_retried_after_a_503_or_a_dropped_connection() {
    let w = world().await;
    for spec in [
        "status=503",
        "status=502;times=1",
        "status=429;retry-after=0",
        "drop=1",
    ] {
        let (api, fault) = faulty(spec, json!({}));
        let body = create_body(&w, &format!("{}@example.com", unique("post")));
        let error = fails(api.create_organization_invitation(js(body), None)).await;
        assert!(
            error.kind == "http" || error.kind == "network",
            "{spec}: {}",
            error.kind
        );
        assert_eq!(attempts(&fault), 1.0, "{spec}: create must not be repeated");
        assert!(!error.message.contains("attempts"), "{}", error.message);
        if !spec.starts_with("drop") {
            assert_eq!(
                fault_counts(&fault).await.0,
                1,
                "{spec}: the server saw one create"
            );
        }

        let (api, fault) = faulty(spec, json!({}));
        let payload = js(json!({}));
        let error = fails(api.create_organization_invitation_message(
            JsValue::from_str("x"),
            payload,
            None,
        ))
        .await;
        assert!(
            error.kind == "http" || error.kind == "network",
            "{spec}: {}",
            error.kind
        );
        assert_eq!(attempts(&fault), 1.0, "{spec}: resend must not be repeated");
        if !spec.starts_with("drop") {
            assert_eq!(
                fault_counts(&fault).await.0,
                1,
                "{spec}: the server saw one resend"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_network_error_and_gets_are_retried() {
    // Every request dropped: the package's own attempts are counted by its onRequest hook
    // (Chromium may also resend a dropped request by itself, which the server would count).
    for retries in [1u32, 2] {
        let (api, fault) = faulty(
            "drop=1",
            json!({"retry": {"retries": retries, "baseDelayMs": 10}}),
        );
        let error = fails(api.list_organization_invitations(None, None)).await;
        assert_eq!(error.kind, "network");
        let attempts_text = format!("(after {} attempts)", retries + 1);
        let expected = error.message.contains("CORS") && error.message.contains(&attempts_text);
        assert!(expected, "{}", error.message);
        assert_eq!(attempts(&fault), f64::from(retries + 1));
    }
}

#[wasm_bindgen_test]
async fn retry_after_is_honoured_and_a_long_one_ends_the_retries() {
    let (api, fault) = faulty("status=429;retry-after=1;times=1", json!({}));
    let started = now();
    ok(api.list_organization_invitations(None, None)).await;
    let waited = now() - started;
    assert!(
        waited >= 950.0,
        "waited only {waited} ms for Retry-After: 1"
    );
    assert_eq!(fault_counts(&fault).await.0, 2);

    let (api, fault) = faulty("status=503;retry-after=120;times=1", json!({}));
    let started = now();
    let error = fails(api.list_organization_invitations(None, None)).await;
    assert_eq!(error.status, Some(503));
    assert!(
        now() - started < 1000.0,
        "did not wait for a Retry-After past maxDelayMs"
    );
    assert_eq!(fault_counts(&fault).await.0, 1);
}

#[wasm_bindgen_test]
async fn truncated_bodies_are_errors_not_hangs() {
    let (api, _) = faulty("truncate=1", json!({"retry": false}));
    let error = fails(api.list_organization_invitations(None, None)).await;
    assert!(
        error.kind == "decode" || error.kind == "network",
        "{}: {}",
        error.kind,
        error.message
    );
}

fn token_getter(body: &str) -> Function {
    Function::new_with_args("options", body)
}

fn client_with_getter(getter: &Function) -> OrganizationInvitationsApi {
    let config = js(json!({"baseUrl": server(), "retry": false}));
    Reflect::set(&config, &"getAccessToken".into(), getter).unwrap();
    OrganizationInvitationsApi::new(config).unwrap()
}

fn global_number(name: &str) -> f64 {
    Reflect::get(&js_sys::global(), &name.into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}

#[wasm_bindgen_test]
async fn a_401_fetches_one_fresh_token_and_repeats_the_call_once() {
    js_sys::eval("globalThis.__refresh = []").unwrap();
    let getter = token_getter(
        "globalThis.__refresh.push(options.forceRefresh); \
         return options.forceRefresh ? 'dev-token' : 'stale-token';",
    );
    let api = client_with_getter(&getter);
    ok(api.list_organization_invitations(None, None)).await;
    let calls = to_json(&Reflect::get(&js_sys::global(), &"__refresh".into()).unwrap());
    assert_eq!(calls, json!([false, true]));

    // A POST is repeated too: a 401 means Logto did nothing.
    js_sys::eval("globalThis.__refresh = []").unwrap();
    let w = world().await;
    ok(api.create_organization_invitation(js(create_body(&w, &w.invitee_email)), None)).await;
    let calls = to_json(&Reflect::get(&js_sys::global(), &"__refresh".into()).unwrap());
    assert_eq!(calls, json!([false, true]));

    let always_bad = client_with_getter(&token_getter("return 'garbage';"));
    let mark = log_mark().await;
    let error = fails(always_bad.list_organization_invitations(None, None)).await;
    assert_eq!(
        (error.status, error.code.as_deref()),
        (Some(401), Some("auth.unauthorized"))
    );
    assert!(
        error.message.ends_with("(after 2 attempts)"),
        "{}",
        error.message
    );
    assert_eq!(requests_since(mark).await.len(), 2, "one repeat, no more");
}

#[wasm_bindgen_test]
async fn concurrent_calls_share_one_pending_token_request() {
    js_sys::eval("globalThis.__tokenAsks = 0").unwrap();
    let getter = token_getter(
        "globalThis.__tokenAsks += 1; \
         return new Promise((resolve) => setTimeout(() => resolve('dev-token'), 100));",
    );
    let api = client_with_getter(&getter);
    let calls: Array = (0..5)
        .map(|_| JsValue::from(api.list_organization_invitations(None, None)))
        .collect();
    let all = wasm_bindgen_futures::JsFuture::from(Promise::all(&calls)).await;
    assert!(all.is_ok());
    assert_eq!(
        global_number("__tokenAsks"),
        1.0,
        "five concurrent calls, one token request"
    );
    ok(api.list_organization_invitations(None, None)).await;
    assert_eq!(global_number("__tokenAsks"), 2.0, "a later call asks again");
}

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
    ok(api.list_organization_invitations(Some(js(json!({"invitee": "a@b.co"}))), None)).await;

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
        let error = fails(api.list_organization_invitations(None, None)).await;
        assert_eq!(error.kind, "hook", "{key}");
        assert!(
            error.message.contains(key) && error.message.contains("down"),
            "{}",
            error.message
        );
    }
}

#[wasm_bindgen_test]
async fn aborts_and_timeouts_close_the_connection_the_server_sees() {
    let (api, fault) = faulty("delay=3000", json!({}));
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let promise = api.list_organization_invitations(None, Some(options.into()));
    sleep(200).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    let (api2, fault2) = faulty("delay=3000", json!({"timeoutMs": 200}));
    let error = fails(api2.list_organization_invitations(None, None)).await;
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
    let promise = api.list_organization_invitations(None, Some(options.into()));
    sleep(150).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    assert!(now() - started < 1500.0, "the abort waited for the backoff");
}

#[wasm_bindgen_test]
async fn the_token_never_appears_in_errors_or_urls() {
    let secret = "secret-token-value";
    let api = client_with(json!({"baseUrl": server(), "accessToken": secret, "retry": false}));
    let mark = log_mark().await;
    let error = fails(api.get_organization_invitation(JsValue::from_str("x"), None)).await;
    assert_eq!(error.status, Some(401));
    assert!(!format!("{error:?}").contains(secret));
    let sent = requests_since(mark).await;
    assert!(!sent[0]["path"].as_str().unwrap().contains(secret));
    let unreachable = client_with(
        json!({"baseUrl": "http://127.0.0.1:9", "accessToken": secret, "retry": false}),
    );
    let error = fails(unreachable.list_organization_invitations(None, None)).await;
    assert!(!format!("{error:?}").contains(secret));
}

#[wasm_bindgen_test]
async fn a_redirect_to_another_origin_does_not_carry_the_token() {
    // 127.0.0.1 and localhost are different origins on the same server.
    let other_origin = server().replace("127.0.0.1", "localhost");
    let target = format!("{other_origin}/api/organization-invitations?redirected=1");
    let (api, _) = faulty(
        &format!("redirect={target};times=1"),
        json!({"retry": false}),
    );
    let mark = log_mark().await;
    let result = settle(api.list_organization_invitations(None, None)).await;
    let sent = requests_since(mark).await;
    let redirected: Vec<&Value> = sent
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").contains("redirected=1"))
        .collect();
    // Either the browser followed the redirect without the Authorization header (and the
    // server answered 401), or it refused to follow; never does the token reach the new origin.
    for request in &redirected {
        assert_eq!(header(request, "authorization"), None, "{request}");
    }
    match result {
        Ok(value) => panic!(
            "a tokenless redirected request succeeded: {:?}",
            to_json(&value)
        ),
        Err(error) => {
            let error = failure(&error);
            assert!(
                (error.kind == "http" && error.status == Some(401)) || error.kind == "network",
                "{error:?}"
            );
        }
    }
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
        let error = fails(api.list_organization_invitations(None, None)).await;
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
    let promise = api.list_organization_invitations(None, Some(options.into()));
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
        ok(api.list_organization_invitations(None, Some(options.into()))).await;
    }
    // Past every call's time limit, then an abort of the signal they all listened to.
    sleep(400).await;
    controller.abort();
    sleep(50).await;
    let late = to_json(&Reflect::get(&js_sys::global(), &"__late".into()).unwrap());
    assert_eq!(late, json!([]), "something fired after its call settled");
}

#[wasm_bindgen_test]
async fn concurrent_401s_share_one_forced_refresh() {
    js_sys::eval("globalThis.__asks = []").unwrap();
    let getter = token_getter(
        "globalThis.__asks.push(options.forceRefresh); \
         return options.forceRefresh \
           ? new Promise((resolve) => setTimeout(() => resolve('dev-token'), 150)) \
           : 'stale-token';",
    );
    let api = client_with_getter(&getter);
    let calls: Array = (0..3)
        .map(|_| JsValue::from(api.list_organization_invitations(None, None)))
        .collect();
    let all = wasm_bindgen_futures::JsFuture::from(Promise::all(&calls)).await;
    assert!(all.is_ok(), "{:?}", all.map_err(|e| failure(&e)));
    let asks = to_json(&Reflect::get(&js_sys::global(), &"__asks".into()).unwrap());
    assert_eq!(
        asks,
        json!([false, true]),
        "one shared token, then one shared refresh"
    );
}

#[wasm_bindgen_test]
async fn a_refresh_after_401_does_not_reuse_a_token_request_that_began_before_it() {
    use std::cell::RefCell;
    use std::rc::Rc;
    // The plain token request is slow and gives a stale token; the forced one is fast and good.
    js_sys::eval("globalThis.__asks2 = []; globalThis.__second = undefined").unwrap();
    let getter = token_getter(
        "globalThis.__asks2.push(options.forceRefresh); \
         return options.forceRefresh ? 'dev-token' \
           : new Promise((resolve) => setTimeout(() => resolve('stale-token'), 300));",
    );
    // When the first call sees its 401, a second call starts and asks for a plain token: that
    // request is in flight when the first call refreshes, and must not be reused.
    let slot: Rc<RefCell<Option<Rc<OrganizationInvitationsApi>>>> = Rc::new(RefCell::new(None));
    let hook_slot = slot.clone();
    let on_response = Closure::<dyn FnMut(JsValue)>::new(move |response: JsValue| {
        let status = Reflect::get(&response, &"status".into()).unwrap().as_f64();
        let started = !Reflect::get(&js_sys::global(), &"__second".into())
            .unwrap()
            .is_undefined();
        if status == Some(401.0) && !started {
            if let Some(api) = hook_slot.borrow().as_ref() {
                let second = api.list_organization_invitations(None, None);
                Reflect::set(&js_sys::global(), &"__second".into(), &second).unwrap();
            }
        }
    });
    let config = js(json!({"baseUrl": server(), "retry": false}));
    Reflect::set(&config, &"getAccessToken".into(), &getter).unwrap();
    Reflect::set(&config, &"onResponse".into(), on_response.as_ref()).unwrap();
    let api = Rc::new(OrganizationInvitationsApi::new(config).unwrap());
    *slot.borrow_mut() = Some(api.clone());

    let first = settle(api.list_organization_invitations(None, None)).await;
    assert!(
        first.is_ok(),
        "the refresh reused the stale request: {:?}",
        first.map_err(|e| failure(&e))
    );
    let second: Promise = Reflect::get(&js_sys::global(), &"__second".into())
        .unwrap()
        .unchecked_into();
    assert!(
        settle(second).await.is_ok(),
        "the second call recovers through its own refresh"
    );
    let asks = to_json(&Reflect::get(&js_sys::global(), &"__asks2".into()).unwrap());
    assert_eq!(asks[0], json!(false));
    assert!(asks.as_array().unwrap().contains(&json!(true)), "{asks}");
    drop(on_response);
}
