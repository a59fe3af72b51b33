//! Replies that are not what Logto sends: malformed success bodies, error statuses without
//! JSON, truncated bodies.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn malformed_success_bodies_reject_with_decode() {
    // wrongshape answers 200 with another body; nonjson keeps the handler's 201.
    for (fault, expected, status) in [
        ("wrongshape=1", "an invitation", 200),
        ("nonjson=1", "JSON", 201),
    ] {
        let api = client_with(
            json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": fault}}),
        );
        let w = world().await;
        let error = fails(api.create_organization_invitation(
            js(create_body(&w, &w.invitee_email)),
            JsValue::UNDEFINED,
        ))
        .await;
        assert_eq!(
            (error.kind.as_str(), error.status),
            ("decode", Some(status)),
            "{fault}: {}",
            error.message
        );
        assert!(
            error.message.contains(expected),
            "{fault}: {}",
            error.message
        );
    }
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "wrongshape=1"}}),
    );
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "decode");
    // The checks read the parsed body in JavaScript and name what is wrong, with the item.
    assert!(
        error
            .message
            .contains("item 0: `tenantId` should be a string, got null or absent"),
        "{}",
        error.message
    );
    let w = world().await;
    let error =
        fails(api.create_organization_invitation(
            js(create_body(&w, &w.invitee_email)),
            JsValue::UNDEFINED,
        ))
        .await;
    assert!(
        error
            .message
            .contains("`tenantId` should be a string, got null or absent"),
        "{}",
        error.message
    );
}

#[wasm_bindgen_test]
async fn error_statuses_without_a_json_body_are_still_http_errors() {
    for (fault, status) in [
        ("status=502;body=text", 502),
        ("status=503;body=empty", 503),
        ("status=500", 500),
    ] {
        let api = client_with(
            json!({"baseUrl": server(), "accessToken": TOKEN, "retry": false, "headers": {"x-mock-fault": fault}}),
        );
        let error =
            fails(api.get_organization_invitation(JsValue::from_str("x"), JsValue::UNDEFINED))
                .await;
        assert_eq!(
            (error.kind.as_str(), error.status),
            ("http", Some(status)),
            "{fault}"
        );
        if fault.contains("body=") {
            // Not Logto's answer: the message says which call got it.
            let call = format!(
                "GET {}/api/organization-invitations/x answered HTTP {status}",
                server()
            );
            assert!(error.message.starts_with(&call), "{}", error.message);
        }
    }
}

#[wasm_bindgen_test]
async fn truncated_bodies_are_errors_not_hangs() {
    // A body cut off midway is a broken connection, not a malformed body: a network error that
    // names the status, repeated like one (a GET here).
    let (api, fault) = faulty("truncate=1;times=1", json!({}));
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(attempts(&fault), 2.0, "repeated after the cut-off body");
    let (api, _) = faulty("truncate=1", json!({"retry": false}));
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "network", "{}", error.message);
    assert!(
        error
            .message
            .contains("the 200 response body could not be read"),
        "{}",
        error.message
    );
}

/// `Object.prototype`.
fn object_prototype() -> js_sys::Object {
    js_sys::Object::get_prototype_of(&js_sys::Object::new())
}

/// A getter on `Object.prototype` for `key` that throws, removed when dropped.
struct ThrowingPrototypeGetter(&'static str);

impl ThrowingPrototypeGetter {
    fn install(key: &'static str) -> Self {
        let descriptor = js_sys::Object::new();
        let getter = js_sys::Function::new_no_args("throw new Error('a getter threw')");
        js_sys::Reflect::set(&descriptor, &"get".into(), &getter).unwrap();
        js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
        js_sys::Reflect::define_property(&object_prototype(), &key.into(), &descriptor).unwrap();
        ThrowingPrototypeGetter(key)
    }
}

impl Drop for ThrowingPrototypeGetter {
    fn drop(&mut self) {
        let _ = js_sys::Reflect::delete_property(&object_prototype(), &self.0.into());
    }
}

#[wasm_bindgen_test]
async fn a_member_whose_read_throws_is_named() {
    // A getter on Object.prototype runs for a member the body lacks. The checks read the types
    // of all of an object's members in one call; the one whose read threw is still named.
    // `[{"id":1}]`: no `tenantId` of its own.
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "wrongshape=1"}}),
    );
    let getter = ThrowingPrototypeGetter::install("tenantId");
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    drop(getter);
    assert_eq!(error.kind, "decode", "{}", error.message);
    assert!(
        error
            .message
            .contains("item 0: `tenantId` could not be read"),
        "{}",
        error.message
    );
}
