//! Repeats of transient failures (the local server's `x-mock-fault` header, see
//! tests/server/README.md): which calls repeat, how often, after how long.
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
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn idempotent_calls_retry_transient_statuses_until_they_succeed() {
    let id = invitation_id(&client()).await;
    for status in [408, 429, 500, 502, 503, 504] {
        let (api, fault) = faulty(&format!("status={status};times=2"), json!({}));
        let value =
            ok(api.get_organization_invitation(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
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
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(fault_counts(&fault).await.0, 2, "PUT status is retried");
    let (api, fault) = faulty("status=504;times=1", json!({}));
    ok(api.delete_organization_invitation(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
    assert_eq!(fault_counts(&fault).await.0, 2, "DELETE is retried");
}

#[wasm_bindgen_test]
async fn the_error_after_the_last_attempt_counts_the_attempts() {
    let (api, fault) = faulty(
        "status=503",
        json!({"retry": {"retries": 2, "baseDelayMs": 10}}),
    );
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!((error.kind.as_str(), error.status), ("http", Some(503)));
    assert!(
        error.message.ends_with("(after 3 attempts)"),
        "{}",
        error.message
    );
    assert_eq!(fault_counts(&fault).await.0, 3);

    let (api, fault) = faulty("status=503", json!({"retry": false}));
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert!(!error.message.contains("attempts"), "{}", error.message);
    assert_eq!(
        fault_counts(&fault).await.0,
        1,
        "retry: false makes one attempt"
    );

    for status in [400, 404, 422, 501] {
        let (api, fault) = faulty(&format!("status={status}"), json!({}));
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
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
        let error = fails(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await;
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
            JsValue::UNDEFINED,
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
        let error =
            fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
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
    ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let waited = now() - started;
    assert!(
        waited >= 950.0,
        "waited only {waited} ms for Retry-After: 1"
    );
    assert_eq!(fault_counts(&fault).await.0, 2);

    let (api, fault) = faulty("status=503;retry-after=120;times=1", json!({}));
    let started = now();
    let error =
        fails(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(error.status, Some(503));
    assert!(
        now() - started < 1000.0,
        "did not wait for a Retry-After past maxDelayMs"
    );
    assert_eq!(fault_counts(&fault).await.0, 1);
}

/// After a failure that may have come after the server acted (a 5xx, a dropped connection), a
/// repeat's answer that shows the goal state reached is success (issue 12, retried outcomes).
#[wasm_bindgen_test]
async fn a_repeat_that_finds_the_goal_state_reached_is_success() {
    // DELETE applied, answered 504: the repeat's 404 means this very call deleted it.
    let id = invitation_id(&client()).await;
    let (api, fault) = faulty("status=504;apply;times=1", json!({}));
    let deleted =
        ok(api.delete_organization_invitation(JsValue::from_str(&id), JsValue::UNDEFINED)).await;
    assert!(deleted.is_undefined());
    assert_eq!(attempts(&fault), 2.0);
    let gone =
        fails(client().get_organization_invitation(JsValue::from_str(&id), JsValue::UNDEFINED))
            .await;
    assert_eq!(gone.status, Some(404));

    // Status change applied, answered 502: the repeat's 422 is checked by reading it back.
    let id = invitation_id(&client()).await;
    let (api, fault) = faulty("status=502;apply;times=1", json!({}));
    let revoked = ok(api.replace_organization_invitation_status(
        JsValue::from_str(&id),
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        get(&revoked, "status").as_string().as_deref(),
        Some("Revoked")
    );
    assert!(attempts(&fault) >= 2.0);
}

/// Where a repeat cannot tell, the error carries the first failure as `cause` and says the first
/// attempt may have been applied.
#[wasm_bindgen_test]
async fn a_repeat_that_cannot_tell_says_the_first_attempt_may_have_been_applied() {
    let id = invitation_id(&client()).await;
    let hook = Function::new_with_args(
        "request",
        "request.headers['x-mock-fault'] = request.attempt === 1 ? 'status=504;apply' : 'status=500';",
    );
    // The same client with a hook that makes attempt 1 apply and later ones fail.
    let config = js(json!({
        "baseUrl": server(), "accessToken": TOKEN,
        "retry": {"retries": 2, "baseDelayMs": 10, "maxDelayMs": 100}
    }));
    Reflect::set(&config, &"onRequest".into(), &hook).unwrap();
    let api = OrganizationInvitationsApi::new(config).unwrap();
    let error =
        settle(api.delete_organization_invitation(JsValue::from_str(&id), JsValue::UNDEFINED))
            .await
            .unwrap_err();
    let parsed = failure(&error);
    assert_eq!((parsed.kind.as_str(), parsed.status), ("http", Some(500)));
    assert!(
        parsed.message.contains("may have been applied") && parsed.message.contains("504"),
        "{}",
        parsed.message
    );
    let first = get(&error, "cause");
    assert_eq!(get(&first, "status").as_f64(), Some(504.0));
}
