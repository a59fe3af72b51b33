//! Argument checks: wrong types reject with `invalid_input` naming the field and send nothing;
//! IDs travel as one encoded path segment.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Object, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn wrong_arguments_reject_with_invalid_input_naming_the_field() {
    let w = world().await;
    let api = client();
    let mark = log_mark().await;
    let good = create_body(&w, &w.invitee_email);
    let with = |key: &str, value: Value| {
        let mut b = good.clone();
        if value.is_null() {
            b.as_object_mut().unwrap().remove(key);
        } else {
            b[key] = value;
        }
        js(b)
    };
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::NULL, "body"),
        (JsValue::from(7), "body"),
        (with("invitee", Value::Null), "invitee"),
        (with("invitee", json!(5)), "invitee"),
        (with("expiresAt", json!("tomorrow")), "expiresAt"),
        (with("organizationId", json!(["x"])), "organizationId"),
        (with("inviterId", json!(3)), "inviterId"),
        (
            with("organizationRoleIds", json!("role")),
            "organizationRoleIds",
        ),
        (
            with("organizationRoleIds", json!([1])),
            "organizationRoleIds[]",
        ),
        (with("messagePayload", json!(true)), "messagePayload"),
        (with("messagePayload", json!("yes")), "messagePayload"),
        (
            with("messagePayload", json!({"link": 123})),
            "messagePayload.link",
        ),
    ];
    for (body, field) in cases {
        let error = fails(api.create_organization_invitation(body, JsValue::UNDEFINED)).await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some(field)),
            "{}",
            error.message
        );
        assert!(
            error.message.contains(field.trim_end_matches("[]")),
            "{}",
            error.message
        );
    }
    let null_payload = with("messagePayload", json!(null));
    Reflect::set(&null_payload, &"messagePayload".into(), &JsValue::NULL).unwrap();
    let error = fails(api.create_organization_invitation(null_payload, JsValue::UNDEFINED)).await;
    assert_eq!(error.field.as_deref(), Some("messagePayload"));
    let nan = with("expiresAt", json!(0));
    Reflect::set(&nan, &"expiresAt".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    assert_eq!(
        fails(api.create_organization_invitation(nan, JsValue::UNDEFINED))
            .await
            .field
            .as_deref(),
        Some("expiresAt")
    );

    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let error = fails(api.create_organization_invitation_message(
        JsValue::from_str("x"),
        cyclic.into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(error.field.as_deref(), Some("payload"));
    assert!(error.message.contains("cyclic"), "{}", error.message);

    for id in [
        JsValue::from(42),
        JsValue::NULL,
        JsValue::UNDEFINED,
        Object::new().into(),
    ] {
        let error = fails(api.get_organization_invitation(id, JsValue::UNDEFINED)).await;
        assert_eq!(error.field.as_deref(), Some("id"));
    }
    let status_cases = [
        (json!({"status": "Pending"}), "status"),
        (json!({"status": "Expired"}), "status"),
        (json!({"status": 1}), "status"),
        (
            json!({"status": "Accepted", "acceptedUserId": 9}),
            "acceptedUserId",
        ),
    ];
    for (body, field) in status_cases {
        let error = fails(api.replace_organization_invitation_status(
            JsValue::from_str("x"),
            js(body),
            JsValue::UNDEFINED,
        ))
        .await;
        assert_eq!(error.field.as_deref(), Some(field));
    }
    let error =
        fails(api.list_organization_invitations(js(json!({"invitee": 5})), JsValue::UNDEFINED))
            .await;
    assert_eq!(error.field.as_deref(), Some("invitee"));
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, js(json!({"timeoutMs": -1}))))
            .await;
    assert_eq!(error.field.as_deref(), Some("options.timeoutMs"));
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, js(json!({"signal": "stop"}))))
            .await;
    assert_eq!(error.field.as_deref(), Some("options.signal"));

    assert!(
        requests_since(mark).await.is_empty(),
        "no bad argument reached the server"
    );
    // The module still works.
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
}

#[wasm_bindgen_test]
async fn ids_are_sent_as_one_percent_encoded_segment() {
    let api = client();
    let mark = log_mark().await;
    for id in ["../users", "a/b?c#d", "sp ace%", "é✓"] {
        let error =
            fails(api.get_organization_invitation(JsValue::from_str(id), JsValue::UNDEFINED)).await;
        assert_eq!(
            (error.status, error.code.as_deref()),
            (Some(404), Some("entity.not_found")),
            "{id}"
        );
    }
    let paths: Vec<String> = requests_since(mark)
        .await
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/organization-invitations/..%2Fusers",
            "/api/organization-invitations/a%2Fb%3Fc%23d",
            "/api/organization-invitations/sp%20ace%25",
            "/api/organization-invitations/%C3%A9%E2%9C%93",
        ]
    );
    for id in ["..", ".", ""] {
        let error =
            fails(api.delete_organization_invitation(JsValue::from_str(id), JsValue::UNDEFINED))
                .await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some("id"))
        );
    }
}
