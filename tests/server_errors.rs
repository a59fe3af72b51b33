//! Logto's own answers: error rows with status, code, details and data, and the value and
//! business rules that are Logto's to decide.
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
async fn create_errors_from_the_server_carry_code_details_and_zod_data() {
    let w = world().await;
    let api = client();
    let email = format!("{}@example.com", unique("dup"));
    create(&api, create_body(&w, &email)).await;
    let duplicate =
        fails(api.create_organization_invitation(js(create_body(&w, &email)), JsValue::UNDEFINED))
            .await;
    assert_eq!(
        (duplicate.status, duplicate.code.as_deref()),
        (Some(422), Some("entity.unique_integrity_violation"))
    );

    // Logto's email rule, not the package's: the call is sent and Logto answers.
    let invalid = fails(
        api.create_organization_invitation(js(create_body(&w, "a@b..com")), JsValue::UNDEFINED),
    )
    .await;
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
        let error = fails(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await;
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
    let error = fails(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await;
    assert_eq!(
        (error.status, error.code.as_deref()),
        (Some(501), Some("connector.not_found"))
    );
    let saved =
        ok(api.list_organization_invitations(js(json!({"invitee": email})), JsValue::UNDEFINED))
            .await;
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
    let past = fails(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await;
    assert_eq!(
        (past.kind.as_str(), past.status, past.code.as_deref()),
        ("http", Some(400), Some("request.invalid_input"))
    );
    assert_eq!(
        past.message,
        "Input is invalid. The value of `expiresAt` must be in the future."
    );
    assert_eq!((past.field.as_deref(), past.attempts), (None, 1));

    // An invitee that is not an email address: Logto's ZodError.
    let invalid = fails(
        api.create_organization_invitation(js(create_body(&w, "invalid")), JsValue::UNDEFINED),
    )
    .await;
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
        JsValue::UNDEFINED,
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
            JsValue::UNDEFINED,
        ))
        .await;
        assert_eq!(
            (error.kind.as_str(), error.status, error.code.as_deref()),
            ("http", Some(422), Some("request.invalid_input")),
            "{label}"
        );
        assert_eq!(
            error.message,
            "Input is invalid. The `acceptedUserId` is required when accepting an invitation.",
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
    let read =
        invitation(&ok(api.get_organization_invitation(id.clone(), JsValue::UNDEFINED)).await);
    assert_eq!(read.status, OrganizationInvitationStatus::Expired);
    let listed = ok(api.list_organization_invitations(
        js(json!({"invitee": w.invitee_email})),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        invitation(&Array::from(&listed).get(0)).status,
        OrganizationInvitationStatus::Expired
    );
    let change = fails(api.replace_organization_invitation_status(
        id,
        js(json!({"status": "Revoked"})),
        JsValue::UNDEFINED,
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
    let missing =
        fails(no_token.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
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
    let bad =
        fails(bad.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(
        (bad.status, bad.code.as_deref()),
        (Some(401), Some("auth.unauthorized"))
    );

    let scopeless = client_with(json!({"baseUrl": server(), "accessToken": "dev-token-no-scope"}));
    let forbidden =
        fails(scopeless.list_organization_invitations(JsValue::UNDEFINED, JsValue::UNDEFINED))
            .await;
    assert_eq!(
        (forbidden.status, forbidden.code.as_deref()),
        (Some(403), Some("auth.forbidden"))
    );
}
