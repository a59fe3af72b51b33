//! The six methods against the local server: Logto's wire format in, the invitation out.
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time. Every test makes its
//! own organization, users and roles, so tests do not share state.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::Array;
use logto_invitations::OrganizationInvitationStatus;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn create_sends_logtos_wire_format_and_returns_the_invitation() {
    let w = world().await;
    let api = client();
    let mark = log_mark().await;
    let body = json!({
        "invitee": w.invitee_email, "organizationId": w.org, "expiresAt": now() + DAY_MS,
        "inviterId": w.inviter, "organizationRoleIds": [w.role], "messagePayload": false,
    });
    let created = create(&api, body).await;
    assert_eq!(created.status, OrganizationInvitationStatus::Pending);
    assert_eq!(created.invitee, w.invitee_email);
    assert_eq!(created.inviter_id.as_deref(), Some(w.inviter.as_str()));
    assert_eq!(created.accepted_user_id, None);
    assert_eq!(created.organization_id, w.org);
    assert_eq!(created.organization_roles.len(), 1);
    assert_eq!(created.organization_roles[0].id, w.role);
    assert_eq!(created.organization_roles[0].name, w.role_name);
    assert_eq!(created.tenant_id, "default");

    let sent = requests_since(mark).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let request = &sent[0];
    assert_eq!(request["method"], "POST");
    assert_eq!(request["path"], "/api/organization-invitations");
    assert_eq!(header(request, "authorization"), Some("Bearer dev-token"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(header(request, "content-type"), Some("application/json"));
    let wire: Value = serde_json::from_str(request["body"].as_str().unwrap()).unwrap();
    assert_eq!(wire["messagePayload"], json!(false));
    assert_eq!(wire["organizationRoleIds"], json!([w.role]));
}

#[wasm_bindgen_test]
async fn inviter_is_null_when_absent_and_extra_payload_members_reach_the_server_as_json() {
    let w = world().await;
    let api = client();
    let created = create(
        &api,
        create_body(&w, &format!("{}@example.com", unique("plain"))),
    )
    .await;
    assert_eq!(created.inviter_id, None);
    assert!(get(
        &ok(api.get_organization_invitation(JsValue::from_str(&created.id), JsValue::UNDEFINED))
            .await,
        "inviterId"
    )
    .is_null());

    set_email_connector(true).await;
    let mark = log_mark().await;
    let mut body = create_body(&w, &format!("{}@example.com", unique("mail")));
    body["messagePayload"] = json!({"link": "https://app.example.com/join", "locale": "en", "custom": {"n": 1, "list": ["a"]}});
    let result = settle(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await;
    set_email_connector(false).await;
    assert!(result.is_ok(), "{:?}", result.map_err(|e| message(&e)));
    let sent = requests_since(mark).await;
    let wire: Value = serde_json::from_str(sent[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        wire["messagePayload"],
        json!({"link": "https://app.example.com/join", "locale": "en", "custom": {"n": 1, "list": ["a"]}})
    );
}

#[wasm_bindgen_test]
async fn get_returns_the_invitation_and_get_sends_no_body_headers() {
    let w = world().await;
    let api = client();
    let created = create(&api, create_body(&w, &w.invitee_email)).await;
    let mark = log_mark().await;
    let fetched = invitation(
        &ok(api.get_organization_invitation(JsValue::from_str(&created.id), JsValue::UNDEFINED))
            .await,
    );
    assert_eq!(fetched, created);
    let sent = requests_since(mark).await;
    assert_eq!(sent[0]["method"], "GET");
    assert_eq!(
        sent[0]["path"],
        format!("/api/organization-invitations/{}", created.id)
    );
    assert_eq!(header(&sent[0], "content-type"), None);
    assert_eq!(header(&sent[0], "accept"), Some("application/json"));
}

#[wasm_bindgen_test]
async fn list_filters_combine_and_are_sent_only_when_given() {
    let w = world().await;
    let api = client();
    let first = create(&api, json!({"invitee": w.invitee_email, "organizationId": w.org, "expiresAt": now() + DAY_MS, "inviterId": w.inviter})).await;
    let second = create(
        &api,
        create_body(&w, &format!("{}@example.com", unique("second"))),
    )
    .await;

    let mark = log_mark().await;
    let by_org = ok(
        api.list_organization_invitations(js(json!({"organizationId": w.org})), JsValue::UNDEFINED)
    )
    .await;
    let ids: Vec<String> = Array::from(&by_org)
        .iter()
        .map(|i| invitation(&i).id)
        .collect();
    assert_eq!(
        ids,
        vec![second.id.clone(), first.id.clone()],
        "newest first"
    );

    let upper = w.invitee_email.to_uppercase();
    let combined = ok(api.list_organization_invitations(
        js(json!({"organizationId": w.org, "inviterId": w.inviter, "invitee": upper})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(Array::from(&combined).length(), 1);
    assert_eq!(invitation(&Array::from(&combined).get(0)).id, first.id);

    let empty = ok(api.list_organization_invitations(
        js(json!({"organizationId": "no-such-org"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(Array::from(&empty).length(), 0);
    let all = ok(api.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert!(Array::from(&all).length() >= 2);

    let sent = requests_since(mark).await;
    assert_eq!(
        sent[0]["path"],
        format!("/api/organization-invitations?organizationId={}", w.org)
    );
    assert_eq!(
        sent[1]["path"],
        format!(
            "/api/organization-invitations?organizationId={}&inviterId={}&invitee={}",
            w.org,
            w.inviter,
            upper.replace('@', "%40")
        )
    );
    assert_eq!(sent[3]["path"], "/api/organization-invitations");
}

#[wasm_bindgen_test]
async fn revoke_then_any_change_is_refused_by_the_server() {
    let w = world().await;
    let api = client();
    let created = create(&api, create_body(&w, &w.invitee_email)).await;
    let id = JsValue::from_str(&created.id);
    let revoked = invitation(
        &ok(api.replace_organization_invitation_status(
            id.clone(),
            js(json!({"status": "Revoked", "acceptedUserId": w.invitee_user})),
            JsValue::UNDEFINED,
        ))
        .await,
    );
    assert_eq!(revoked.status, OrganizationInvitationStatus::Revoked);
    assert_eq!(
        revoked.accepted_user_id, None,
        "acceptedUserId is ignored with Revoked"
    );

    let again = fails(api.replace_organization_invitation_status(
        id.clone(),
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (again.kind.as_str(), again.status, again.code.as_deref()),
        ("http", Some(422), Some("request.invalid_input"))
    );
    assert!(
        again.message.contains("cannot be changed"),
        "{}",
        again.message
    );
    let accept = fails(api.replace_organization_invitation_status(
        id,
        js(json!({"status": "Accepted", "acceptedUserId": w.invitee_user})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(accept.status, Some(422));
    assert!(accept.request_id.is_some());
}

#[wasm_bindgen_test]
async fn accept_needs_a_matching_existing_user_and_adds_the_member() {
    let w = world().await;
    let api = client();
    let created = create(&api, json!({"invitee": w.invitee_email, "organizationId": w.org, "expiresAt": now() + DAY_MS, "organizationRoleIds": [w.role]})).await;
    let id = JsValue::from_str(&created.id);

    let mismatch = fails(api.replace_organization_invitation_status(
        id.clone(),
        js(json!({"status": "Accepted", "acceptedUserId": w.inviter})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (mismatch.status, mismatch.code.as_deref()),
        (Some(422), Some("request.invalid_input"))
    );
    assert!(
        mismatch.message.contains("same email"),
        "{}",
        mismatch.message
    );

    let unknown = fails(api.replace_organization_invitation_status(
        id.clone(),
        js(json!({"status": "Accepted", "acceptedUserId": "no-such-user"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (unknown.status, unknown.code.as_deref()),
        (Some(404), Some("entity.not_found"))
    );

    let accepted = invitation(
        &ok(api.replace_organization_invitation_status(
            id,
            js(json!({"status": "Accepted", "acceptedUserId": w.invitee_user})),
            JsValue::UNDEFINED,
        ))
        .await,
    );
    assert_eq!(accepted.status, OrganizationInvitationStatus::Accepted);
    assert_eq!(
        accepted.accepted_user_id.as_deref(),
        Some(w.invitee_user.as_str())
    );
    let members = admin(
        "GET",
        &format!("/api/organizations/{}/users", w.org),
        Value::Null,
    )
    .await;
    assert!(members
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == w.invitee_user.as_str()));

    // An accepted invitation cannot change any more.
    let after = fails(api.replace_organization_invitation_status(
        JsValue::from_str(&created.id),
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (after.status, after.code.as_deref()),
        (Some(422), Some("request.invalid_input"))
    );
    // A status change of an unknown invitation is 404.
    let unknown = fails(api.replace_organization_invitation_status(
        JsValue::from_str("no-such-invitation"),
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (unknown.status, unknown.code.as_deref()),
        (Some(404), Some("entity.not_found"))
    );

    // Now a member: a new invitation for the same email is refused.
    let member =
        fails(api.create_organization_invitation(
            js(create_body(&w, &w.invitee_email)),
            JsValue::UNDEFINED,
        ))
        .await;
    assert_eq!(
        (member.status, member.code.as_deref()),
        (Some(422), Some("request.invalid_input"))
    );
    assert!(
        member.message.contains("already a member"),
        "{}",
        member.message
    );
}

#[wasm_bindgen_test]
async fn delete_then_get_and_delete_again_are_404() {
    let w = world().await;
    let api = client();
    let created = create(&api, create_body(&w, &w.invitee_email)).await;
    let id = JsValue::from_str(&created.id);
    let deleted = ok(api.delete_organization_invitation(id.clone(), JsValue::UNDEFINED)).await;
    assert!(deleted.is_undefined());
    let gone = fails(api.get_organization_invitation(id.clone(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (gone.kind.as_str(), gone.status, gone.code.as_deref()),
        ("http", Some(404), Some("entity.not_found"))
    );
    assert_eq!(gone.message, "The resource does not exist.");
    assert!(gone.request_id.as_deref().is_some_and(|r| r.len() >= 8));
    let again = fails(api.delete_organization_invitation(id, JsValue::UNDEFINED)).await;
    assert_eq!(again.status, Some(404));
}

#[wasm_bindgen_test]
async fn resend_is_501_without_a_connector_204_with_one_and_404_for_unknown_ids() {
    let w = world().await;
    let api = client();
    let created = create(&api, create_body(&w, &w.invitee_email)).await;
    let id = JsValue::from_str(&created.id);

    let no_connector = fails(api.create_organization_invitation_message(
        id.clone(),
        js(json!({"link": "https://x.example/i"})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (no_connector.status, no_connector.code.as_deref()),
        (Some(501), Some("connector.not_found"))
    );
    assert_eq!(
        no_connector.message,
        "Cannot find any available connector for type: Email."
    );
    let empty = fails(api.create_organization_invitation_message(
        id.clone(),
        js(json!({})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(empty.status, Some(501));

    set_email_connector(true).await;
    let mark = log_mark().await;
    let sent = settle(api.create_organization_invitation_message(
        id.clone(),
        js(json!({"link": "https://x.example/i", "extra": 1})),
        JsValue::UNDEFINED,
    ))
    .await;
    let unknown = settle(api.create_organization_invitation_message(
        JsValue::from_str("no-such-id"),
        js(json!({})),
        JsValue::UNDEFINED,
    ))
    .await;
    set_email_connector(false).await;
    assert!(
        sent.as_ref().is_ok_and(JsValue::is_undefined),
        "{:?}",
        sent.map_err(|e| message(&e))
    );
    let unknown = failure(&unknown.unwrap_err());
    assert_eq!(
        (unknown.status, unknown.code.as_deref()),
        (Some(404), Some("entity.not_found"))
    );
    let log = requests_since(mark).await;
    assert_eq!(
        log[0]["path"],
        format!("/api/organization-invitations/{}/message", created.id)
    );
    assert_eq!(
        serde_json::from_str::<Value>(log[0]["body"].as_str().unwrap()).unwrap(),
        json!({"link": "https://x.example/i", "extra": 1})
    );
}

#[wasm_bindgen_test]
async fn resend_ignores_status_keeps_expiry_and_is_rate_limited_per_recipient() {
    let w = world().await;
    let api = client();
    let created = create(&api, create_body(&w, &w.invitee_email)).await;
    let id = JsValue::from_str(&created.id);
    ok(api.replace_organization_invitation_status(
        id.clone(),
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
    ))
    .await;

    set_email_connector(true).await;
    let mut outcomes = Vec::new();
    for _ in 0..12 {
        let result = settle(api.create_organization_invitation_message(
            id.clone(),
            js(json!({"link": "https://x.example/i"})),
            JsValue::UNDEFINED,
        ))
        .await;
        outcomes.push(result.map_err(|e| failure(&e)));
    }
    set_email_connector(false).await;

    // Logto resends whatever the status (source), until the per-recipient limit.
    assert!(
        outcomes[0].is_ok(),
        "a revoked invitation can be resent: {:?}",
        outcomes[0]
    );
    let limited = outcomes
        .iter()
        .position(Result::is_err)
        .expect("the rate limit was never reached");
    assert!(limited >= 1 && outcomes[..limited].iter().all(Result::is_ok));
    let error = outcomes[limited].as_ref().unwrap_err();
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        ("http", Some(429), Some("request.message_rate_limited"))
    );
    assert!(
        !error.message.contains("attempts"),
        "a POST is never retried, not even on 429"
    );

    let after = invitation(&ok(api.get_organization_invitation(id, JsValue::UNDEFINED)).await);
    assert_eq!(
        after.expires_at, created.expires_at,
        "resending does not extend expiresAt"
    );
}
