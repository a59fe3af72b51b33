//! The whole API in headless Chromium against the local Logto-compatible server
//! (tests/server), started by scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at
//! build time. Every test makes its own organization, users and roles, so tests do not share
//! state; the few that change server settings put them back.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Function, Object, Reflect};
use logto_invitations::invitation::OrganizationInvitationStatus;
use logto_invitations::OrganizationInvitationsApi;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- the six methods, success

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
        &ok(api.get_organization_invitation(JsValue::from_str(&created.id), None)).await,
        "inviterId"
    )
    .is_null());

    set_email_connector(true).await;
    let mark = log_mark().await;
    let mut body = create_body(&w, &format!("{}@example.com", unique("mail")));
    body["messagePayload"] = json!({"link": "https://app.example.com/join", "locale": "en", "custom": {"n": 1, "list": ["a"]}});
    let result = settle(api.create_organization_invitation(js(body), None)).await;
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
        &ok(api.get_organization_invitation(JsValue::from_str(&created.id), None)).await,
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
    let by_org =
        ok(api.list_organization_invitations(Some(js(json!({"organizationId": w.org}))), None))
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
        Some(js(
            json!({"organizationId": w.org, "inviterId": w.inviter, "invitee": upper}),
        )),
        None,
    ))
    .await;
    assert_eq!(Array::from(&combined).length(), 1);
    assert_eq!(invitation(&Array::from(&combined).get(0)).id, first.id);

    let empty = ok(
        api.list_organization_invitations(Some(js(json!({"organizationId": "no-such-org"}))), None)
    )
    .await;
    assert_eq!(Array::from(&empty).length(), 0);
    let all = ok(api.list_organization_invitations(None, None)).await;
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
            None,
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
        None,
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
        None,
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
        None,
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
        None,
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
            None,
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
        None,
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
        None,
    ))
    .await;
    assert_eq!(
        (unknown.status, unknown.code.as_deref()),
        (Some(404), Some("entity.not_found"))
    );

    // Now a member: a new invitation for the same email is refused.
    let member =
        fails(api.create_organization_invitation(js(create_body(&w, &w.invitee_email)), None))
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
    let deleted = ok(api.delete_organization_invitation(id.clone(), None)).await;
    assert!(deleted.is_undefined());
    let gone = fails(api.get_organization_invitation(id.clone(), None)).await;
    assert_eq!(
        (gone.kind.as_str(), gone.status, gone.code.as_deref()),
        ("http", Some(404), Some("entity.not_found"))
    );
    assert_eq!(gone.message, "The resource does not exist.");
    assert!(gone.request_id.as_deref().is_some_and(|r| r.len() >= 8));
    let again = fails(api.delete_organization_invitation(id, None)).await;
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
        None,
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
    let empty =
        fails(api.create_organization_invitation_message(id.clone(), js(json!({})), None)).await;
    assert_eq!(empty.status, Some(501));

    set_email_connector(true).await;
    let mark = log_mark().await;
    let sent = settle(api.create_organization_invitation_message(
        id.clone(),
        js(json!({"link": "https://x.example/i", "extra": 1})),
        None,
    ))
    .await;
    let unknown = settle(api.create_organization_invitation_message(
        JsValue::from_str("no-such-id"),
        js(json!({})),
        None,
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

// ---------------------------------------------------------------- server-side error rows

#[wasm_bindgen_test]
async fn create_errors_from_the_server_carry_code_details_and_zod_data() {
    let w = world().await;
    let api = client();
    let email = format!("{}@example.com", unique("dup"));
    create(&api, create_body(&w, &email)).await;
    let duplicate =
        fails(api.create_organization_invitation(js(create_body(&w, &email)), None)).await;
    assert_eq!(
        (duplicate.status, duplicate.code.as_deref()),
        (Some(422), Some("entity.unique_integrity_violation"))
    );

    // Logto's email rule, not the package's: the call is sent and Logto answers.
    let invalid =
        fails(api.create_organization_invitation(js(create_body(&w, "a@b..com")), None)).await;
    assert_eq!(
        (
            invalid.kind.as_str(),
            invalid.status,
            invalid.code.as_deref()
        ),
        ("http", Some(400), Some("guard.invalid_input"))
    );
    assert!(
        invalid.details.as_deref().unwrap_or("").contains("invitee"),
        "{:?}",
        invalid.details
    );
    assert_eq!(invalid.data["name"], "ZodError");
    assert_eq!(invalid.data["issues"][0]["path"], json!(["invitee"]));

    for (field, value) in [
        ("organizationId", json!("no-such-org")),
        ("inviterId", json!("no-such-user")),
        ("organizationRoleIds", json!(["no-such-role"])),
    ] {
        let mut body = create_body(&w, &format!("{}@example.com", unique("fk")));
        body[field] = value;
        let error = fails(api.create_organization_invitation(js(body), None)).await;
        assert_eq!(
            (error.status, error.code.as_deref()),
            (Some(422), Some("entity.relation_foreign_key_not_found")),
            "{field}"
        );
    }

    // With a payload and no email connector: 501, and nothing is saved.
    let email = format!("{}@example.com", unique("mail"));
    let mut body = create_body(&w, &email);
    body["messagePayload"] = json!({"link": "https://example.com/invite"});
    let error = fails(api.create_organization_invitation(js(body), None)).await;
    assert_eq!(
        (error.status, error.code.as_deref()),
        (Some(501), Some("connector.not_found"))
    );
    let saved =
        ok(api.list_organization_invitations(Some(js(json!({"invitee": email}))), None)).await;
    assert_eq!(Array::from(&saved).length(), 0);
}

/// Value and business rules are Logto's own (issue 14): these calls are sent, and reject with
/// Logto's status, code, message, `details` and `data`, never with a local `invalid_input`.
#[wasm_bindgen_test]
async fn value_rules_are_answered_by_logto_not_refused_locally() {
    let w = world().await;
    let api = client();
    let mark = log_mark().await;

    // An expiry in the past (by the server's clock, not the browser's).
    let mut body = create_body(&w, &format!("{}@example.com", unique("past")));
    body["expiresAt"] = json!(now() - 60_000.0);
    let past = fails(api.create_organization_invitation(js(body), None)).await;
    assert_eq!(
        (past.kind.as_str(), past.status, past.code.as_deref()),
        ("http", Some(400), Some("request.invalid_input"))
    );
    assert_eq!(
        past.message,
        "The value of `expiresAt` must be in the future."
    );
    assert_eq!((past.field.as_deref(), past.attempts), (None, 1));

    // An invitee that is not an email address: Logto's ZodError.
    let invalid =
        fails(api.create_organization_invitation(js(create_body(&w, "invalid")), None)).await;
    assert_eq!(
        (
            invalid.kind.as_str(),
            invalid.status,
            invalid.code.as_deref()
        ),
        ("http", Some(400), Some("guard.invalid_input"))
    );
    assert_eq!(invalid.data["name"], "ZodError");
    assert_eq!(invalid.data["issues"][0]["path"], json!(["invitee"]));
    assert!(invalid.details.as_deref().unwrap_or("").contains("invitee"));

    // "Accepted" without acceptedUserId, on a Pending, an Expired and a Revoked invitation.
    let pending = create(
        &api,
        create_body(&w, &format!("{}@example.com", unique("p"))),
    )
    .await;
    let revoked = create(
        &api,
        create_body(&w, &format!("{}@example.com", unique("r"))),
    )
    .await;
    ok(api.replace_organization_invitation_status(
        JsValue::from_str(&revoked.id),
        js(json!({"status": "Revoked"})),
        None,
    ))
    .await;
    let mut soon = create_body(&w, &format!("{}@example.com", unique("e")));
    soon["expiresAt"] = json!(now() + 1_200.0);
    let expired = create(&api, soon).await;
    sleep(1_500).await;
    for (label, id) in [
        ("Pending", &pending.id),
        ("Expired", &expired.id),
        ("Revoked", &revoked.id),
    ] {
        let error = fails(api.replace_organization_invitation_status(
            JsValue::from_str(id),
            js(json!({"status": "Accepted"})),
            None,
        ))
        .await;
        assert_eq!(
            (error.kind.as_str(), error.status, error.code.as_deref()),
            ("http", Some(422), Some("request.invalid_input")),
            "{label}"
        );
        assert_eq!(
            error.message, "The `acceptedUserId` is required when accepting an invitation.",
            "{label}"
        );
    }
    let sent = requests_since(mark).await;
    let creates = sent
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/api/organization-invitations")
        .count();
    let puts = sent.iter().filter(|r| r["method"] == "PUT").count();
    assert_eq!((creates, puts), (5, 4), "every call reached the server");
}

/// Rows the client refuses before sending (its own checks) are still the server's behaviour:
/// they are checked here with raw requests, and the client's refusal is checked in
/// `wrong_arguments_reject_with_invalid_input_naming_the_field`.
#[wasm_bindgen_test]
async fn server_rows_the_client_prevents_still_behave_like_logto() {
    let w = world().await;
    let bearer = format!("Bearer {TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    let body = |extra: Value| {
        let mut b =
            json!({"invitee": format!("{}@example.com", unique("raw")), "organizationId": w.org});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b.to_string()
    };
    let path = "/api/organization-invitations";
    let (status, text) = raw(
        "POST",
        path,
        Some(&body(json!({"expiresAt": now() - 60_000.0}))),
        &auth,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        text.contains("request.invalid_input") && text.contains("must be in the future"),
        "{text}"
    );
    let (status, text) = raw("POST", path, Some(&body(json!({}))), &auth).await;
    assert_eq!(status, 400);
    assert!(
        text.contains("guard.invalid_input") && text.contains("expiresAt"),
        "{text}"
    );
    let (status, text) = raw(
        "POST",
        path,
        Some(&body(json!({"expiresAt": "2099-01-01T00:00:00Z"}))),
        &auth,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("guard.invalid_input"), "{text}");
    let (status, text) = raw(
        "POST",
        path,
        Some(&body(
            json!({"expiresAt": now() + DAY_MS, "messagePayload": true}),
        )),
        &auth,
    )
    .await;
    assert_eq!(status, 400, "{text}");
    let (status, text) = raw("POST", path, Some("{not json"), &auth).await;
    assert_eq!(status, 400);
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert!(
        parsed.get("code").is_none() && parsed["message"].is_string(),
        "{text}"
    );
    let (status, text) = raw(
        "POST",
        path,
        Some(&body(
            json!({"expiresAt": now() + DAY_MS, "status": "Accepted"}),
        )),
        &auth,
    )
    .await;
    assert_eq!(status, 201, "an unknown extra field is ignored: {text}");
    let created: Value = serde_json::from_str(&text).unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["status"], "Pending");

    let status_path = format!("{path}/{id}/status");
    for status_value in ["Pending", "Expired"] {
        let (status, text) = raw(
            "PUT",
            &status_path,
            Some(&json!({"status": status_value}).to_string()),
            &auth,
        )
        .await;
        assert_eq!(status, 400, "{status_value}: {text}");
        assert!(text.contains("guard.invalid_input"), "{text}");
    }
    let (status, text) = raw("PUT", &status_path, Some(r#"{"status":"Accepted"}"#), &auth).await;
    assert_eq!(status, 422);
    assert!(text.contains("acceptedUserId"), "{text}");
    let (status, text) = raw(
        "POST",
        &format!("{path}/{id}/message"),
        Some(r#"{"link":123}"#),
        &auth,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("ZodError") && text.contains("link"), "{text}");
    let (status, _) = raw(
        "PATCH",
        &format!("{path}/{id}"),
        Some(r#"{"status":"Revoked"}"#),
        &auth,
    )
    .await;
    assert_eq!(status, 405);

    // The list has no pagination: page, page_size and status are ignored.
    let query = format!(
        "{path}?page=1&page_size=1&status=Accepted&organizationId={}",
        w.org
    );
    let (status, text) = raw("GET", &query, None, &auth).await;
    assert_eq!(status, 200);
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{text}");
    assert_eq!(listed[0]["status"], "Pending");
}

#[wasm_bindgen_test]
async fn an_invitation_past_expires_at_reads_back_expired_and_cannot_change() {
    let w = world().await;
    let api = client();
    let body =
        json!({"invitee": w.invitee_email, "organizationId": w.org, "expiresAt": now() + 1_200.0});
    let created = create(&api, body).await;
    assert_eq!(created.status, OrganizationInvitationStatus::Pending);
    sleep(1_500).await;
    let id = JsValue::from_str(&created.id);
    let read = invitation(&ok(api.get_organization_invitation(id.clone(), None)).await);
    assert_eq!(read.status, OrganizationInvitationStatus::Expired);
    let listed =
        ok(api.list_organization_invitations(Some(js(json!({"invitee": w.invitee_email}))), None))
            .await;
    assert_eq!(
        invitation(&Array::from(&listed).get(0)).status,
        OrganizationInvitationStatus::Expired
    );
    let change = fails(api.replace_organization_invitation_status(
        id,
        js(json!({"status": "Revoked"})),
        None,
    ))
    .await;
    assert_eq!(
        (change.status, change.code.as_deref()),
        (Some(422), Some("request.invalid_input"))
    );
}

#[wasm_bindgen_test]
async fn missing_bad_and_scopeless_tokens_are_401_401_403() {
    let no_token = client_with(json!({"baseUrl": server()}));
    let mark = log_mark().await;
    let missing = fails(no_token.list_organization_invitations(None, None)).await;
    assert_eq!(
        (missing.status, missing.code.as_deref()),
        (Some(401), Some("auth.authorization_header_missing"))
    );
    assert_eq!(missing.message, "Authorization header is missing.");
    let sent = requests_since(mark).await;
    assert_eq!(
        header(&sent[0], "authorization"),
        None,
        "a client with no token sends no Authorization"
    );

    let bad = client_with(json!({"baseUrl": server(), "accessToken": "garbage"}));
    let bad = fails(bad.list_organization_invitations(None, None)).await;
    assert_eq!(
        (bad.status, bad.code.as_deref()),
        (Some(401), Some("auth.unauthorized"))
    );

    let scopeless = client_with(json!({"baseUrl": server(), "accessToken": "dev-token-no-scope"}));
    let forbidden = fails(scopeless.list_organization_invitations(None, None)).await;
    assert_eq!(
        (forbidden.status, forbidden.code.as_deref()),
        (Some(403), Some("auth.forbidden"))
    );
}

// ---------------------------------------------------------------- configuration

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
    ok(api.list_organization_invitations(None, None)).await;
    ok(api.list_organization_invitations(None, None)).await;
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
        .list_organization_invitations(None, None))
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
                .list_organization_invitations(None, None),
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
    ok(api.list_organization_invitations(None, None)).await;
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
        ok(api.list_organization_invitations(None, None)).await;
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
async fn ids_are_sent_as_one_percent_encoded_segment() {
    let api = client();
    let mark = log_mark().await;
    for id in ["../users", "a/b?c#d", "sp ace%", "é✓"] {
        let error = fails(api.get_organization_invitation(JsValue::from_str(id), None)).await;
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
        let error = fails(api.delete_organization_invitation(JsValue::from_str(id), None)).await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("invalid_input", Some("id"))
        );
    }
}

// ---------------------------------------------------------------- failures without a server answer

#[wasm_bindgen_test]
async fn an_unreachable_server_rejects_with_a_network_error_naming_cors() {
    // Port 9 (discard) has no listener here: the connection is refused at once.
    let api = client_with(json!({"baseUrl": "http://127.0.0.1:9", "accessToken": TOKEN}));
    let error = fails(api.get_organization_invitation(JsValue::from_str("x"), None)).await;
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
        let error = fails(api.create_organization_invitation(body, None)).await;
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
    let error = fails(api.create_organization_invitation(null_payload, None)).await;
    assert_eq!(error.field.as_deref(), Some("messagePayload"));
    let nan = with("expiresAt", json!(0));
    Reflect::set(&nan, &"expiresAt".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    assert_eq!(
        fails(api.create_organization_invitation(nan, None))
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
        None,
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
        let error = fails(api.get_organization_invitation(id, None)).await;
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
            None,
        ))
        .await;
        assert_eq!(error.field.as_deref(), Some(field));
    }
    let error =
        fails(api.list_organization_invitations(Some(js(json!({"invitee": 5}))), None)).await;
    assert_eq!(error.field.as_deref(), Some("invitee"));
    let error =
        fails(api.list_organization_invitations(None, Some(js(json!({"timeoutMs": -1}))))).await;
    assert_eq!(error.field.as_deref(), Some("options.timeoutMs"));
    let error =
        fails(api.list_organization_invitations(None, Some(js(json!({"signal": "stop"}))))).await;
    assert_eq!(error.field.as_deref(), Some("options.signal"));

    assert!(
        requests_since(mark).await.is_empty(),
        "no bad argument reached the server"
    );
    // The module still works.
    ok(api.list_organization_invitations(None, None)).await;
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

// ---------------------------------------------------------------- malformed replies, timeouts, aborts

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
        let error =
            fails(api.create_organization_invitation(js(create_body(&w, &w.invitee_email)), None))
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
    let error = fails(api.list_organization_invitations(None, None)).await;
    assert_eq!(error.kind, "decode");
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
        let error = fails(api.get_organization_invitation(JsValue::from_str("x"), None)).await;
        assert_eq!(
            (error.kind.as_str(), error.status),
            ("http", Some(status)),
            "{fault}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_timeout_aborts_the_request_and_rejects_with_timeout() {
    let api = client_with(
        json!({"baseUrl": server(), "accessToken": TOKEN, "headers": {"x-mock-fault": "delay=3000"}, "timeoutMs": 300}),
    );
    let started = now();
    let error = fails(api.list_organization_invitations(None, None)).await;
    let elapsed = now() - started;
    assert_eq!(error.kind, "timeout");
    assert!(error.message.contains("300 ms"), "{}", error.message);
    assert!(elapsed < 2_500.0, "took {elapsed} ms");
    // A per-call timeout overrides the configured one.
    let error =
        fails(api.list_organization_invitations(None, Some(js(json!({"timeoutMs": 100}))))).await;
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
    let promise = api.list_organization_invitations(None, Some(options.clone().into()));
    sleep(100).await;
    controller.abort();
    let error = failure(&settle(promise).await.unwrap_err());
    assert_eq!(error.kind, "aborted");
    // An already-aborted signal rejects before sending.
    let error = fails(api.list_organization_invitations(None, Some(options.into()))).await;
    assert_eq!(error.kind, "aborted");
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
        None,
    ))
    .await;

    set_email_connector(true).await;
    let mut outcomes = Vec::new();
    for _ in 0..12 {
        let result = settle(api.create_organization_invitation_message(
            id.clone(),
            js(json!({"link": "https://x.example/i"})),
            None,
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

    let after = invitation(&ok(api.get_organization_invitation(id, None)).await);
    assert_eq!(
        after.expires_at, created.expires_at,
        "resending does not extend expiresAt"
    );
}
