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

#[wasm_bindgen_test]
async fn decode_and_json_errors_carry_the_request_id() {
    // Logto's request ID is read only where it is used: a 2xx answer that fails its checks
    // (wrongshape) or is not JSON (nonjson) still names it, as an HTTP error does.
    for (fault, expected) in [("wrongshape=1", "tenantId"), ("nonjson=1", "JSON")] {
        let api = client_with(
            json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": fault}}),
        );
        let error =
            fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        assert_eq!(error.kind, "decode", "{fault}: {}", error.message);
        assert!(
            error.message.contains(expected),
            "{fault}: {}",
            error.message
        );
        assert!(
            error.request_id.as_deref().is_some_and(|id| !id.is_empty()),
            "{fault}: {:?}",
            error.request_id
        );
    }
}

#[wasm_bindgen_test]
async fn a_member_whose_type_changes_between_reads_is_a_decode_error_not_a_trap() {
    // The checks read a member's type (memberTypes) and then, for an array or an object, the
    // member itself: a getter on Object.prototype may answer differently the second time
    // (here an array, then `undefined`). The call must still settle, with a typed error if not
    // with the list.
    js_sys::eval(
        r#"
        globalThis.__json = Response.prototype.json;
        Response.prototype.json = function () {
          return globalThis.__json.call(this).then(() => [{ tenantId: "t", id: "i", inviterId: null,
            invitee: "a@example.com", acceptedUserId: null, organizationId: "o", status: "Pending",
            createdAt: 1, updatedAt: 1, expiresAt: 1 }]);
        };
        let reads = 0;
        Object.defineProperty(Object.prototype, "organizationRoles", {
          configurable: true, get() { reads += 1; return reads === 1 ? [] : undefined; } });
        "#,
    )
    .unwrap();
    let api = client_with(json!({"baseUrl": server(), "accessToken": TOKEN}));
    let call = api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED);
    let limit = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into())
            .unwrap()
            .into();
        let _ = set_timeout.call2(&global, &resolve, &JsValue::from(3000));
    });
    let raced = js_sys::Promise::race(&js_sys::Array::of2(&call, &limit));
    let outcome = wasm_bindgen_futures::JsFuture::from(raced).await;
    js_sys::eval(
        "Response.prototype.json = globalThis.__json; delete Object.prototype.organizationRoles;",
    )
    .unwrap();
    match outcome {
        Err(error) => {
            let error = failure(&error);
            assert_eq!(error.kind, "decode", "{}", error.message);
        }
        Ok(value) => assert!(value.is_object(), "the call did not settle within 3 s"),
    }
}
