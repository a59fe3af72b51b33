//! The client's three read-only lookups (`listOrganizationRoles`, `getOrganization`,
//! `listOrganizationUsers`) through the same transport as the six operations (a 401 refreshes
//! the token, Logto's errors are `LogtoApiError`s, pages are read whole), and the requests of
//! `InvitationAcceptanceApi` as the browser sends them (the handler itself is tested from Node,
//! `tests/acceptance/run.mjs`).
//!
//! Headless Chromium against the local Logto-compatible server (tests/server), started by
//! scripts/test.sh, which passes its URL as `LOGTO_TEST_URL` at build time.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::{Array, Reflect};
use logto_invitations::InvitationAcceptanceApi;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_three_lookups_answer_logto_shapes() {
    let w = world().await;
    let api = client();
    admin(
        "POST",
        &format!("/api/organizations/{}/users", w.org),
        json!({"userIds": [w.invitee_user]}),
    )
    .await;
    let organization =
        to_json(&ok(api.get_organization(w.org.clone().into(), JsValue::UNDEFINED)).await);
    assert_eq!(organization["id"], w.org.as_str());
    assert!(organization["name"].as_str().unwrap().starts_with("Org "));
    assert!(
        organization["customData"].is_object(),
        "Logto's other members are kept"
    );
    let members =
        to_json(&ok(api.list_organization_users(w.org.clone().into(), JsValue::UNDEFINED)).await);
    assert_eq!(members.as_array().unwrap().len(), 1);
    assert_eq!(members[0]["id"], w.invitee_user.as_str());
    assert_eq!(members[0]["primaryEmail"], w.invitee_email.as_str());
    assert_eq!(members[0]["organizationRoles"], json!([]));
    let roles = to_json(&ok(api.list_organization_roles(JsValue::UNDEFINED)).await);
    assert!(roles
        .as_array()
        .unwrap()
        .iter()
        .any(|role| role["id"] == w.role.as_str() && role["name"] == w.role_name.as_str()));

    let missing = fails(api.get_organization("no-such-org".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (
            missing.kind.as_str(),
            missing.status,
            missing.code.as_deref()
        ),
        ("http", Some(404), Some("entity.not_found"))
    );
    let missing =
        fails(api.list_organization_users("no-such-org".into(), JsValue::UNDEFINED)).await;
    assert_eq!(missing.status, Some(404));
    let bad = fails(api.get_organization("..".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (bad.kind.as_str(), bad.field.as_deref()),
        ("invalid_input", Some("id"))
    );
    let bad =
        fails(api.list_organization_users(wasm_bindgen::JsValue::from(7), JsValue::UNDEFINED))
            .await;
    assert_eq!(bad.field.as_deref(), Some("id"));
}

#[wasm_bindgen_test]
async fn every_page_is_read_and_joined() {
    let w = world().await;
    let tag = unique("p");
    let mut ids = Vec::new();
    for i in 0..205 {
        let user = admin(
            "POST",
            "/api/users",
            json!({"username": format!("m{i}_{tag}")}),
        )
        .await;
        ids.push(user["id"].as_str().unwrap().to_owned());
    }
    admin(
        "POST",
        &format!("/api/organizations/{}/users", w.org),
        json!({"userIds": ids}),
    )
    .await;
    let mark = log_mark().await;
    let members =
        ok(client().list_organization_users(w.org.clone().into(), JsValue::UNDEFINED)).await;
    let members = Array::from(&members);
    assert_eq!(members.length(), 205, "all of them, not Logto's first 20");
    let paths: Vec<Value> = requests_since(mark)
        .await
        .iter()
        .map(|r| r["path"].clone())
        .collect();
    let base = format!("/api/organizations/{}/users", w.org);
    assert_eq!(
        paths,
        [1, 2, 3]
            .map(|page| json!(format!("{base}?page={page}&page_size=100")))
            .to_vec(),
        "pages of 100 until a short one"
    );
}

#[wasm_bindgen_test]
async fn the_lookups_refresh_the_token_after_a_401_like_every_call() {
    let w = world().await;
    js_sys::eval("globalThis.__lookupRefresh = []").unwrap();
    let getter = token_getter(
        "globalThis.__lookupRefresh.push(options.forceRefresh); \
         return options.forceRefresh ? 'dev-token' : 'expired-token';",
    );
    let api = client_with_getter(&getter);
    let calls = || to_json(&Reflect::get(&js_sys::global(), &"__lookupRefresh".into()).unwrap());
    ok(api.list_organization_roles(JsValue::UNDEFINED)).await;
    assert_eq!(calls(), json!([false, true]), "roles");
    js_sys::eval("globalThis.__lookupRefresh = []").unwrap();
    ok(api.get_organization(w.org.clone().into(), JsValue::UNDEFINED)).await;
    assert_eq!(calls(), json!([false, true]), "organization");
    js_sys::eval("globalThis.__lookupRefresh = []").unwrap();
    let mark = log_mark().await;
    ok(api.list_organization_users(w.org.clone().into(), JsValue::UNDEFINED)).await;
    assert_eq!(calls(), json!([false, true]), "members");
    let statuses: Vec<Value> = requests_since(mark)
        .await
        .iter()
        .map(|r| json!([r["status"], header(r, "authorization")]))
        .collect();
    assert_eq!(
        statuses,
        [
            json!([401, "Bearer expired-token"]),
            json!([200, "Bearer dev-token"])
        ],
        "one 401, one repeat with the fresh token"
    );
}

#[wasm_bindgen_test]
async fn a_lookup_whose_answer_is_not_logtos_shape_is_a_decode_error() {
    let (api, _) = faulty("wrongshape=1", json!({}));
    let error = fails(api.list_organization_roles(JsValue::UNDEFINED)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("decode", Some(200)),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("a list of organization roles"),
        "{}",
        error.message
    );
    let (api, _) = faulty("nonjson=1", json!({}));
    let error = fails(api.get_organization("x".into(), JsValue::UNDEFINED)).await;
    assert_eq!(error.kind, "http");
}

fn invitee(config: Value) -> InvitationAcceptanceApi {
    InvitationAcceptanceApi::new(js(config)).unwrap_or_else(|e| panic!("{:?}", to_json(&e)))
}

#[wasm_bindgen_test]
async fn the_invitee_client_sends_what_the_handler_takes() {
    // Pointed at the local server, which has no acceptance handler: what arrives is what a
    // handler would get.
    let base = format!("{}/invitations", server());
    let api = invitee(json!({"baseUrl": format!("{base}/"), "headers": {"x-app": "1"}}));
    assert_eq!(api.base_url(), base);
    let mark = log_mark().await;
    // (Its static files answer a POST 405 and a GET 404.)
    let error = fails(api.accept_invitation("inv 1/é".into(), JsValue::UNDEFINED)).await;
    assert_eq!((error.kind.as_str(), error.status), ("http", Some(405)));
    let error = fails(api.get_invitation("inv 1/é".into(), JsValue::UNDEFINED)).await;
    assert_eq!((error.kind.as_str(), error.status), ("http", Some(404)));
    let sent = requests_since(mark).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0]["method"], "POST");
    assert_eq!(sent[0]["path"], "/invitations/inv%201%2F%C3%A9/accept");
    assert_eq!(header(&sent[0], "content-type"), Some("application/json"));
    assert_eq!(sent[0]["body"], "{}");
    assert_eq!(header(&sent[0], "authorization"), None, "no token");
    assert_eq!(header(&sent[0], "x-app"), Some("1"));
    assert_eq!(
        [&sent[1]["method"], &sent[1]["path"]],
        [&json!("GET"), &json!("/invitations/inv%201%2F%C3%A9")]
    );
    assert_eq!(header(&sent[1], "content-type"), None);

    // Its answers decode as declared, and each failure is a LogtoApiError.
    let through_logto = format!("{}/api/organization-invitations", server());
    let (status, _) = raw(
        "POST",
        "/__mock/faults",
        Some(
            &json!({"fault": "status=410", "method": "POST", "path": "/api/organization-invitations/x/accept"})
                .to_string(),
        ),
        &[],
    )
    .await;
    assert_eq!(status, 201);
    let api = invitee(
        json!({"baseUrl": through_logto, "headers": {"authorization": "Bearer dev-token"}}),
    );
    let error = fails(api.accept_invitation("x".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.attempts),
        ("http", Some(410), 1),
        "never repeated"
    );
    let w = world().await;
    let created = create(&client(), create_body(&w, &w.invitee_email)).await;
    let error = fails(api.get_invitation(created.id.clone().into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("decode", Some(200)),
        "an OrganizationInvitation is not an InvitationForInvitee: {}",
        error.message
    );
    assert!(
        error.message.contains("`organization`"),
        "{}",
        error.message
    );
    let bad = fails(api.get_invitation("".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (bad.kind.as_str(), bad.field.as_deref()),
        ("invalid_input", Some("id"))
    );
}

#[wasm_bindgen_test]
fn the_invitee_client_takes_no_tokens() {
    for config in [
        json!({"baseUrl": "/invitations", "accessToken": "t"}),
        json!({"baseUrl": "nope:"}),
    ] {
        let error = match InvitationAcceptanceApi::new(js(config)) {
            Ok(_) => panic!("accepted"),
            Err(error) => failure(&error),
        };
        assert_eq!(error.kind, "invalid_input");
    }
    let error = match InvitationAcceptanceApi::new(js(json!({"baseUrl": "/x"}))) {
        Ok(api) => api.base_url(),
        Err(error) => panic!("{:?}", to_json(&error)),
    };
    assert_eq!(error, "/x");
}
