//! Tokens: `getAccessToken` sharing and refresh after a 401, and the token never leaking.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Promise, Reflect};
use logto_invitations::OrganizationInvitationsApi;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_401_fetches_one_fresh_token_and_repeats_the_call_once() {
    js_sys::eval("globalThis.__refresh = []").unwrap();
    let getter = token_getter(
        "globalThis.__refresh.push(options.forceRefresh); \
         return options.forceRefresh ? 'dev-token' : 'stale-token';",
    );
    let api = client_with_getter(&getter);
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let calls = to_json(&Reflect::get(&js_sys::global(), &"__refresh".into()).unwrap());
    assert_eq!(calls, json!([false, true]));

    // A POST is repeated too: a 401 means Logto did nothing.
    js_sys::eval("globalThis.__refresh = []").unwrap();
    let w = world().await;
    ok(api
        .create_organization_invitation(js(create_body(&w, &w.invitee_email)), JsValue::UNDEFINED))
    .await;
    let calls = to_json(&Reflect::get(&js_sys::global(), &"__refresh".into()).unwrap());
    assert_eq!(calls, json!([false, true]));

    let always_bad = client_with_getter(&token_getter("return 'garbage';"));
    let mark = log_mark().await;
    let error =
        fails(always_bad.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
            .await;
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
        .map(|_| {
            JsValue::from(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
        })
        .collect();
    let all = wasm_bindgen_futures::JsFuture::from(Promise::all(&calls)).await;
    assert!(all.is_ok());
    assert_eq!(
        global_number("__tokenAsks"),
        1.0,
        "five concurrent calls, one token request"
    );
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(global_number("__tokenAsks"), 2.0, "a later call asks again");
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
        .map(|_| {
            JsValue::from(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
        })
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
                let second =
                    api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED);
                Reflect::set(&js_sys::global(), &"__second".into(), &second).unwrap();
            }
        }
    });
    let config = js(json!({"baseUrl": server(), "retry": false}));
    Reflect::set(&config, &"getAccessToken".into(), &getter).unwrap();
    Reflect::set(&config, &"onResponse".into(), on_response.as_ref()).unwrap();
    let api = Rc::new(OrganizationInvitationsApi::new(config).unwrap());
    *slot.borrow_mut() = Some(api.clone());

    let first =
        settle(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
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

#[wasm_bindgen_test]
async fn the_token_never_appears_in_errors_or_urls() {
    let secret = "secret-token-value";
    let api = client_with(json!({"baseUrl": server(), "accessToken": secret, "retry": false}));
    let mark = log_mark().await;
    let error =
        fails(api.get_organization_invitation(JsValue::from_str("x"), JsValue::UNDEFINED)).await;
    assert_eq!(error.status, Some(401));
    assert!(!format!("{error:?}").contains(secret));
    let sent = requests_since(mark).await;
    assert!(!sent[0]["path"].as_str().unwrap().contains(secret));
    let unreachable = client_with(
        json!({"baseUrl": "http://127.0.0.1:9", "accessToken": secret, "retry": false}),
    );
    let error =
        fails(unreachable.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
            .await;
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
    let result =
        settle(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
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

/// A token request lives only while a call waits for it (issue 12, token state): when its only
/// waiter is aborted or times out before it settles, a later call asks `getAccessToken` again
/// instead of getting the old answer.
#[wasm_bindgen_test]
async fn a_token_request_does_not_outlive_the_calls_waiting_for_it() {
    for (stop, kind) in [
        (
            "(() => { const c = new AbortController(); setTimeout(() => c.abort(), 50); return { signal: c.signal }; })()",
            "aborted",
        ),
        ("({ timeoutMs: 50 })", "timeout"),
        ("({ signal: AbortSignal.timeout(50) })", "timeout"),
    ] {
        let counter = unique("asks");
        let getter = token_getter(&format!(
            "const n = globalThis['{counter}'] = (globalThis['{counter}'] || 0) + 1;
             if (n === 1) return new Promise((_, reject) => setTimeout(() => reject(new Error('token service down')), 200));
             return '{TOKEN}';"
        ));
        let api = client_with_getter(&getter);
        let first = fails(api.list_organization_invitations(JsValue::UNDEFINED, js_sys::eval(stop).unwrap())).await;
        assert_eq!(first.kind, kind, "{}", first.message);
        sleep(400).await;
        ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        assert_eq!(global_number(&counter), 2.0, "{stop}: asked again");
    }
}
