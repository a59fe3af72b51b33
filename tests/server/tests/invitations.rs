//! The organization-invitation endpoints, row by row of the reference behaviour table, with the
//! error bodies compared byte for byte with the real-server transcripts in `fixtures/`.

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::*;
use logto_local_server::Config;
use serde_json::{json, Value};

const INV: &str = "/api/organization-invitations";

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn create_returns_201_with_exactly_the_entity_keys() {
    let s = start_default();
    let inviter = s.user("inviter", "inviter@example.com");
    let org = s.org("Org");
    let role_b = s.role("b-role");
    let role_a = s.role("a-role");
    let expires = future();
    let r = s.post(
        INV,
        &json!({
            "organizationId": org, "invitee": "Mixed.Case@Example.COM", "inviterId": inviter,
            "expiresAt": expires, "organizationRoleIds": [role_b, role_a], "messagePayload": false
        }),
    );
    assert_eq!(r.status, 201);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let inv = r.json();

    // Key set and order as Logto returns it, and the OpenAPI document's required list.
    assert_eq!(
        keys(&inv),
        [
            "tenantId",
            "id",
            "inviterId",
            "invitee",
            "acceptedUserId",
            "organizationId",
            "status",
            "createdAt",
            "updatedAt",
            "expiresAt",
            "organizationRoles"
        ]
    );
    let openapi: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/fixtures/organization-invitations.openapi.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let mut required: Vec<String> = openapi["components"]["schemas"]
        ["OrganizationInvitationEntity"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut got = keys(&inv);
    required.sort();
    got.sort();
    assert_eq!(got, required);

    let id = inv["id"].as_str().unwrap();
    assert_eq!(id.len(), 21);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    assert_eq!(inv["tenantId"], "default");
    assert_eq!(inv["inviterId"], inviter.as_str());
    assert_eq!(
        inv["invitee"], "Mixed.Case@Example.COM",
        "original case kept"
    );
    assert_eq!(inv["acceptedUserId"], Value::Null);
    assert_eq!(inv["status"], "Pending");
    assert_eq!(inv["expiresAt"], expires);
    assert!(inv["createdAt"].as_i64().unwrap() >= now() - 5_000);
    assert_eq!(inv["createdAt"], inv["updatedAt"]);
    // Roles ordered by name.
    assert_eq!(
        inv["organizationRoles"],
        json!([{ "id": role_a, "name": "a-role" }, { "id": role_b, "name": "b-role" }])
    );

    // Absent messagePayload and inviterId: null inviter, [] roles.
    let inv = s.invite(&org, "second@example.com");
    assert_eq!(inv["inviterId"], Value::Null);
    assert_eq!(inv["organizationRoles"], json!([]));
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "third@example.com", "expiresAt": future(), "inviterId": null }),
    );
    assert_eq!(r.status, 201);
}

#[test]
fn create_duplicate_pending_is_a_unique_violation_case_insensitively() {
    let s = start_default();
    let org = s.org("Org");
    let first = s.invite(&org, "dup@example.com");
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "DUP@example.com", "expiresAt": future() }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body(
            "real-server-transcript-1.txt",
            "--- create: duplicate pending"
        )
    );
    // Another organization is fine.
    let other = s.org("Other");
    s.invite(&other, "dup@example.com");
    // After revoking, the same invitee can be invited again.
    let r = s.put(
        &format!("{INV}/{}/status", first["id"].as_str().unwrap()),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 200);
    s.invite(&org, "dup@example.com");
}

#[test]
fn create_for_an_existing_member_is_rejected() {
    let s = start_default();
    let org = s.org("Org");
    let user = s.user("member", "Member@Example.com");
    let r = s.post(
        &format!("/api/organizations/{org}/users"),
        &json!({ "userIds": [user] }),
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json(), json!({ "userIds": [user] }));
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "member@example.com", "expiresAt": future() }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-1.txt", "### POST /api/organization-invitations  body={\"organizationId\":\"3yx5mqb5c0i6\",\"invitee\":\"other_444119")
    );
    assert_eq!(
        r.json()["message"],
        "Input is invalid. The invitee is already a member of the organization."
    );
}

#[test]
fn create_with_message_payload_needs_an_email_connector() {
    let s = start_default();
    let org = s.org("Org");
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "mail@example.com", "expiresAt": future(),
                 "messagePayload": { "link": "https://example.com/invite" } }),
    );
    assert_eq!(r.status, 501);
    assert_eq!(
        r.text(),
        transcript_body(
            "real-server-transcript-1.txt",
            "--- create: messagePayload given"
        )
    );
    // Nothing saved.
    let r = s.get(&format!("{INV}?invitee=mail@example.com"));
    assert_eq!(r.json(), json!([]));
    assert_eq!(s.mock("GET", "/__mock/emails", None).json(), json!([]));

    // Turn the connector on: 201, saved, "email" recorded.
    let r = s.mock(
        "PUT",
        "/__mock/email-connector",
        Some(&json!({ "enabled": true })),
    );
    assert_eq!(r.json(), json!({ "enabled": true }));
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "mail@example.com", "expiresAt": future(),
                 "messagePayload": { "link": "https://example.com/invite", "extra": 1 } }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        s.get(&format!("{INV}?invitee=mail@example.com"))
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let emails = s.mock("GET", "/__mock/emails", None).json();
    assert_eq!(emails[0]["to"], "mail@example.com");
    assert_eq!(emails[0]["invitationId"], id.as_str());
    assert_eq!(emails[0]["payload"]["link"], "https://example.com/invite");
    assert_eq!(emails[0]["payload"]["extra"], 1);
}

#[test]
fn create_validation_errors_match_the_real_server() {
    let s = start_default();
    let org = s.org("Org");
    let t1 = "real-server-transcript-1.txt";
    let t2 = "real-server-transcript-2.txt";

    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "not-an-email", "expiresAt": future() }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), transcript_body(t1, "--- create: invalid email"));

    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "past@example.com", "expiresAt": now() - 60_000 }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- create: expiresAt in the past")
    );

    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "noexp@example.com" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- create: expiresAt missing")
    );

    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "iso@example.com", "expiresAt": "2099-01-01T00:00:00Z" }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- create: expiresAt as ISO string")
    );

    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "t@example.com", "expiresAt": future(), "messagePayload": true }));
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), transcript_body(t2, "--- messagePayload: true"));

    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "n@example.com", "expiresAt": future(), "messagePayload": null }));
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(body["code"], "guard.invalid_input");
    let issue = &body["data"]["issues"][0];
    assert_eq!(issue["code"], "invalid_union");
    assert_eq!(
        issue["unionErrors"][0]["issues"][0]["message"],
        "Expected object, received null"
    );
    assert_eq!(
        issue["unionErrors"][1]["issues"][0]["received"],
        Value::Null
    );
    assert_eq!(
        body["details"],
        "Error in key path \"messagePayload\": (invalid_union) Invalid input"
    );

    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "o@example.com", "expiresAt": future(), "messagePayload": { "link": 5 } }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["data"]["issues"][0]["unionErrors"][0]["issues"][0]["path"],
        json!(["messagePayload", "link"])
    );

    let r = s.post(INV, &json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body(t2, "### POST /api/organization-invitations  body={}")
    );

    let r = s.post_raw(INV, "{not json");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body(t2, "### POST /api/organization-invitations  body={not json")
    );
    assert_eq!(r.json().as_object().unwrap().len(), 1, "only `message`");

    // Other shapes zod rejects.
    let r = s.post_raw(INV, "[]");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["data"]["issues"][0]["message"],
        "Expected object, received array"
    );
    let r = s.post(
        INV,
        &json!({ "organizationId": "", "invitee": 5, "expiresAt": future(),
                                 "inviterId": "x".repeat(22), "organizationRoleIds": ["r", 1] }),
    );
    assert_eq!(r.status, 400);
    let codes: Vec<(String, String)> = r.json()["data"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["path"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("too_big".to_owned(), "[\"inviterId\"]".to_owned()),
            ("invalid_type".to_owned(), "[\"invitee\"]".to_owned()),
            ("too_small".to_owned(), "[\"organizationId\"]".to_owned()),
            (
                "invalid_type".to_owned(),
                "[\"organizationRoleIds\",1]".to_owned()
            ),
        ]
    );
    assert!(r.json()["details"]
        .as_str()
        .unwrap()
        .contains("Error in key path \"organizationRoleIds.1\""));

    // Nothing of the above was saved.
    assert_eq!(s.get(INV).json(), json!([]));
}

#[test]
fn create_with_unknown_references_is_a_foreign_key_error() {
    let s = start_default();
    let org = s.org("Org");
    let expected = transcript_body(
        "real-server-transcript-1.txt",
        "--- create: unknown organizationId",
    );
    for body in [
        json!({ "organizationId": "no-such-org", "invitee": "x@example.com", "expiresAt": future() }),
        json!({ "organizationId": org, "invitee": "y@example.com", "inviterId": "no-such-user", "expiresAt": future() }),
        json!({ "organizationId": org, "invitee": "z@example.com", "expiresAt": future(), "organizationRoleIds": ["no-such-role"] }),
    ] {
        let r = s.post(INV, &body);
        assert_eq!(r.status, 422, "{body}");
        assert_eq!(r.text(), expected);
    }
    assert_eq!(s.get(INV).json(), json!([]));
}

#[test]
fn create_ignores_unknown_fields() {
    let s = start_default();
    let org = s.org("Org");
    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "w@example.com", "expiresAt": future(), "status": "Accepted", "foo": [1] }));
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"], "Pending");
}

#[test]
fn list_is_newest_first_with_and_filters() {
    let s = start_default();
    let inviter = s.user("inviter", "inviter@example.com");
    let org = s.org("Org");
    let org2 = s.org("Org2");
    let a = s.invite(&org, "a@example.com");
    let b = s.post(INV, &json!({ "organizationId": org, "invitee": "Invitee@Example.com", "inviterId": inviter, "expiresAt": future() })).json();
    let c = s.invite(&org2, "invitee@example.com");
    let ids = |r: &Resp| -> Vec<String> {
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();

    let r = s.get(INV);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("total-number"), None, "no pagination header");
    assert_eq!(ids(&r), [id(&c), id(&b), id(&a)]);
    assert_eq!(
        ids(&s.get(&format!("{INV}?organizationId={org}"))),
        [id(&b), id(&a)]
    );
    assert_eq!(ids(&s.get(&format!("{INV}?inviterId={inviter}"))), [id(&b)]);
    assert_eq!(
        ids(&s.get(&format!("{INV}?invitee=INVITEE@EXAMPLE.COM"))),
        [id(&c), id(&b)]
    );
    assert_eq!(
        ids(&s.get(&format!(
            "{INV}?organizationId={org}&inviterId={inviter}&invitee=invitee%40example.com"
        ))),
        [id(&b)]
    );
    assert_eq!(
        s.get(&format!("{INV}?organizationId=no-such-org")).json(),
        json!([])
    );
    // page, page_size and status are ignored.
    assert_eq!(
        ids(&s.get(&format!(
            "{INV}?page=1&page_size=1&status=Accepted&organizationId={org}"
        ))),
        [id(&b), id(&a)]
    );
    // A repeated filter is an array for Koa: the query guard rejects it.
    let r = s.get(&format!("{INV}?organizationId=a&organizationId=b"));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "The request query is invalid.");
}

#[test]
fn get_and_delete() {
    let s = start_default();
    let org = s.org("Org");
    let inv = s.invite(&org, "x@example.com");
    let id = inv["id"].as_str().unwrap();
    let r = s.get(&format!("{INV}/{id}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), inv);

    let not_found = transcript_body(
        "real-server-transcript-1.txt",
        "### GET /api/organization-invitations/no-such-id",
    );
    let r = s.get(&format!("{INV}/no-such-id"));
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), not_found);

    let r = s.delete(&format!("{INV}/{id}"));
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-type"), None);
    assert_eq!(s.get(&format!("{INV}/{id}")).text(), not_found);
    let r = s.delete(&format!("{INV}/{id}"));
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), not_found);
}

#[test]
fn expired_is_computed_on_read_and_frees_the_invitee() {
    let s = start_default();
    let org = s.org("Org");
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "exp@example.com", "expiresAt": now() + 300 }),
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"], "Pending");
    let id = r.json()["id"].as_str().unwrap().to_owned();
    sleep(Duration::from_millis(400));
    let got = s.get(&format!("{INV}/{id}")).json();
    assert_eq!(got["status"], "Expired");
    assert_eq!(got["updatedAt"], got["createdAt"], "not written, computed");
    assert_eq!(
        s.get(&format!("{INV}?invitee=exp@example.com")).json()[0]["status"],
        "Expired"
    );
    let r = s.put(
        &format!("{INV}/{id}/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body(
            "real-server-transcript-2.txt",
            "### PUT /api/organization-invitations/c28zd3jed924xdmz8sk24/status"
        )
    );
    // Re-invite after expiry works.
    s.invite(&org, "exp@example.com");
    let list = s.get(&format!("{INV}?invitee=exp@example.com")).json();
    assert_eq!(list[0]["status"], "Pending");
    assert_eq!(list[1]["status"], "Expired");
}

#[test]
fn revoke_ignores_accepted_user_id_and_is_final() {
    let s = start_default();
    let org = s.org("Org");
    let user = s.user("u", "rev@example.com");
    let inv = s.invite(&org, "rev@example.com");
    let path = format!("{INV}/{}/status", inv["id"].as_str().unwrap());
    let r = s.put(
        &path,
        &json!({ "status": "Revoked", "acceptedUserId": user }),
    );
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["status"], "Revoked");
    assert_eq!(body["acceptedUserId"], Value::Null);
    assert!(body["updatedAt"].as_i64().unwrap() >= body["createdAt"].as_i64().unwrap());
    let r = s.put(&path, &json!({ "status": "Revoked" }));
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-1.txt", "--- revoke again")
    );
    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": user }),
    );
    assert_eq!(r.status, 422);
}

#[test]
fn accept_checks_the_user_and_adds_the_membership() {
    let s = start_default();
    let t1 = "real-server-transcript-1.txt";
    let org = s.org("Org");
    let role = s.role("member");
    let invitee = s.user("invitee", "Invitee@Example.com");
    let other = s.user("other", "other@example.com");
    let inv = s.post(INV, &json!({ "organizationId": org, "invitee": "invitee@example.com", "expiresAt": future(), "organizationRoleIds": [role] })).json();
    let path = format!("{INV}/{}/status", inv["id"].as_str().unwrap());

    let r = s.put(&path, &json!({ "status": "Accepted" }));
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- Accepted without acceptedUserId")
    );
    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": null }),
    );
    assert_eq!(r.status, 422);

    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": other }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- Accepted with user whose email != invitee")
    );

    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": "no-such-user" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text(),
        transcript_body(t1, "--- Accepted with unknown user")
    );

    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": invitee }),
    );
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["status"], "Accepted");
    assert_eq!(body["acceptedUserId"], invitee.as_str());
    assert_eq!(
        body["organizationRoles"],
        json!([{ "id": role, "name": "member" }])
    );

    let r = s.get(&format!("/api/organizations/{org}/users"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("total-number"), Some("1"));
    let members = r.json();
    assert_eq!(members[0]["id"], invitee.as_str());
    assert_eq!(
        members[0]["organizationRoles"],
        json!([{ "id": role, "name": "member" }])
    );
    let roles = s
        .get(&format!("/api/organizations/{org}/users/{invitee}/roles"))
        .json();
    assert_eq!(roles[0]["id"], role.as_str());
    assert_eq!(roles[0]["type"], "User");

    // Accepted is final.
    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": invitee }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-2.txt", "--- accepted again")
    );
    // And the invitee is now a member: a new invitation is refused.
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "INVITEE@example.com", "expiresAt": future() }),
    );
    assert_eq!(r.status, 422);
}

#[test]
fn status_guard_errors() {
    let s = start_default();
    let org = s.org("Org");
    let inv = s.invite(&org, "g@example.com");
    let path = format!("{INV}/{}/status", inv["id"].as_str().unwrap());
    let r = s.put(&path, &json!({ "status": "Pending" }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-1.txt", "### PUT /api/organization-invitations/8mzbddiytw03zeuppxlwe/status  body={\"status\":\"Pending\"}")
    );
    let r = s.put(&path, &json!({ "status": "Expired" }));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-1.txt", "### PUT /api/organization-invitations/8mzbddiytw03zeuppxlwe/status  body={\"status\":\"Expired\"}")
    );
    let r = s.put(&path, &json!({ "status": "accepted" }));
    assert_eq!(r.status, 400);
    let r = s.put(&path, &json!({}));
    assert_eq!(r.status, 400);
    let issue = &r.json()["data"]["issues"][0];
    assert_eq!(issue["code"], "invalid_type");
    assert_eq!(issue["expected"], "'Accepted' | 'Revoked'");
    assert_eq!(issue["message"], "Required");
    let r = s.put(
        &path,
        &json!({ "status": "Accepted", "acceptedUserId": 12 }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["data"]["issues"][0]["path"],
        json!(["acceptedUserId"])
    );

    let r = s.put(
        &format!("{INV}/no-such-id/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text(),
        transcript_body("real-server-transcript-1.txt", "--- unknown id")
    );
    // The guard runs before the lookup.
    let r = s.put(
        &format!("{INV}/no-such-id/status"),
        &json!({ "status": "Pending" }),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn resend_message() {
    let s = start_default();
    let t1 = "real-server-transcript-1.txt";
    let org = s.org("Org");
    let inv = s.invite(&org, "m@example.com");
    let id = inv["id"].as_str().unwrap();
    let path = format!("{INV}/{id}/message");

    let r = s.post(&path, &json!({ "link": "https://example.com/invite" }));
    assert_eq!(r.status, 501);
    assert_eq!(r.text(), transcript_body(t1, "### POST /api/organization-invitations/8mzbddiytw03zeuppxlwe/message  body={\"link\":\"https"));
    let r = s.post(&path, &json!({}));
    assert_eq!(r.status, 501);
    let r = s.post(&path, &json!({ "link": 123 }));
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), transcript_body(t1, "### POST /api/organization-invitations/8mzbddiytw03zeuppxlwe/message  body={\"link\":123}"));
    let r = s.post(
        &format!("{INV}/no-such-id/message"),
        &json!({ "link": "https://example.com" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text(),
        transcript_body(
            t1,
            "### POST /api/organization-invitations/no-such-id/message"
        )
    );

    s.mock(
        "PUT",
        "/__mock/email-connector",
        Some(&json!({ "enabled": true })),
    );
    let r = s.post(
        &path,
        &json!({ "link": "https://example.com/invite", "locale": "fr" }),
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    // Any status: a revoked invitation can still be resent, and expiresAt does not move.
    s.put(
        &format!("{INV}/{id}/status"),
        &json!({ "status": "Revoked" }),
    );
    let r = s.post(&path, &json!({}));
    assert_eq!(r.status, 204);
    assert_eq!(
        s.get(&format!("{INV}/{id}")).json()["expiresAt"],
        inv["expiresAt"]
    );
    assert_eq!(
        s.mock("GET", "/__mock/emails", None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn message_rate_limit_is_per_recipient() {
    let s = start(Config {
        email_connector: true,
        message_rate_limit_max: 2,
        message_rate_limit_seconds: 600,
        ..Config::default()
    });
    let org = s.org("Org");
    // The create-with-payload email counts as one send.
    let r = s.post(INV, &json!({ "organizationId": org, "invitee": "Limit@example.com", "expiresAt": future(), "messagePayload": {} }));
    assert_eq!(r.status, 201);
    let path = format!("{INV}/{}/message", r.json()["id"].as_str().unwrap());
    assert_eq!(s.post(&path, &json!({})).status, 204);
    let r = s.post(&path, &json!({}));
    assert_eq!(r.status, 429);
    assert_eq!(
        r.json(),
        json!({ "code": "request.message_rate_limited", "message": "Too many messages sent to this recipient. Please try again later." })
    );
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry));
    // Counted per recipient (case-insensitively), across invitations.
    let other_org = s.org("Other");
    let r = s.post(INV, &json!({ "organizationId": other_org, "invitee": "limit@EXAMPLE.com", "expiresAt": future(), "messagePayload": {} }));
    assert_eq!(r.status, 429, "rolled back like a failed send");
    let r = s.post(INV, &json!({ "organizationId": other_org, "invitee": "fresh@example.com", "expiresAt": future(), "messagePayload": {} }));
    assert_eq!(r.status, 201);

    // Window 0 disables the cap; a short window frees the recipient again.
    let r = s.mock(
        "PUT",
        "/__mock/message-rate-limit",
        Some(&json!({ "seconds": 0 })),
    );
    assert_eq!(r.json(), json!({ "seconds": 0, "max": 2 }));
    for _ in 0..5 {
        assert_eq!(s.post(&path, &json!({})).status, 204);
    }
    s.mock(
        "PUT",
        "/__mock/message-rate-limit",
        Some(&json!({ "seconds": 1, "max": 1 })),
    );
    assert_eq!(s.post(&path, &json!({})).status, 204);
    assert_eq!(s.post(&path, &json!({})).status, 429);
    sleep(Duration::from_millis(1100));
    assert_eq!(s.post(&path, &json!({})).status, 204);
}

#[test]
fn default_rate_limit_is_ten_per_ten_minutes() {
    let s = with_connector();
    let org = s.org("Org");
    let inv = s.invite(&org, "ten@example.com");
    let path = format!("{INV}/{}/message", inv["id"].as_str().unwrap());
    for i in 0..10 {
        assert_eq!(
            s.post(&path, &json!({ "link": "x" })).status,
            204,
            "send {i}"
        );
    }
    let r = s.post(&path, &json!({ "link": "x" }));
    assert_eq!(r.status, 429);
    assert_eq!(
        s.mock("GET", "/__mock/message-rate-limit", None).json(),
        json!({ "seconds": 600, "max": 10 })
    );
}

#[test]
fn patch_is_method_not_allowed() {
    let s = start_default();
    let org = s.org("Org");
    let inv = s.invite(&org, "p@example.com");
    let r = s.send(
        "PATCH",
        &format!("{INV}/{}", inv["id"].as_str().unwrap()),
        &[AUTH, JSON_CT],
        Some(r#"{"status":"Revoked"}"#),
    );
    assert_eq!(r.status, 405);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.text(), "Method Not Allowed");
    assert_eq!(r.header("allow"), Some("HEAD, GET, DELETE"));
    // Also for the other routes.
    assert_eq!(
        s.send("GET", &format!("{INV}/x/status"), &[AUTH], None)
            .status,
        405
    );
    assert_eq!(s.send("PUT", INV, &[AUTH], None).status, 405);
}

#[test]
fn ids_are_matched_by_the_raw_decoded_segment() {
    let weird = "a/b c?d#é%2F";
    let s = start(Config {
        seeds: vec![json!({
            "organizations": [{ "id": "org1", "name": "Org" }],
            "invitations": [{ "id": weird, "organizationId": "org1", "invitee": "w@example.com", "expiresAt": "+1d" }]
        })],
        ..Config::default()
    });
    let encoded = enc(weird);
    assert_eq!(encoded, "a%2Fb%20c%3Fd%23%C3%A9%252F");
    let r = s.get(&format!("{INV}/{encoded}"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["id"], weird);

    // `%2F` does not split the segment: these are single unknown ids, not other routes.
    for id in [
        "a%2Fstatus",
        "x%2Fy%2Fz",
        "%2F",
        "a%3Fb",
        "caf%C3%A9",
        "..%2F..",
        "%E2%9C%93",
    ] {
        let r = s.get(&format!("{INV}/{id}"));
        assert_eq!(r.status, 404, "{id}");
        assert_eq!(r.json()["code"], "entity.not_found", "{id}");
        assert_eq!(s.delete(&format!("{INV}/{id}")).status, 404, "{id}");
    }
    let r = s.put(
        &format!("{INV}/a%2Fb/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 404);
    let r = s.post(&format!("{INV}/a%2Fb/message"), &json!({}));
    assert_eq!(r.status, 404);

    // Status and message routes with the encoded id.
    let r = s.put(
        &format!("{INV}/{encoded}/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["id"], weird);
    let r = s.post(&format!("{INV}/{encoded}/message"), &json!({}));
    assert_eq!(r.status, 501);
    assert_eq!(s.delete(&format!("{INV}/{encoded}")).status, 204);
}

#[test]
fn hostile_bodies_never_crash_the_server() {
    let s = start_default();
    let org = s.org("Org");
    let inv = s.invite(&org, "h@example.com");
    let id = inv["id"].as_str().unwrap();
    let bodies = [
        "",
        " ",
        "null",
        "true",
        "1",
        "\"s\"",
        "[]",
        "[1,2]",
        "{",
        "}",
        "{\"a\":}",
        "{\"a\":1,}",
        "\u{0}",
        "{\"expiresAt\":1e400}",
        "{\"expiresAt\":-1e308}",
        "{\"invitee\":{}}",
        "{\"messagePayload\":[]}",
        "{\"status\":null}",
        "{\"link\":null}",
        "{\"userIds\":[]}",
        "{\"userIds\":[\"\"]}",
        "{\"name\":\"\"}",
        "{\"organizationRoleIds\":{}}",
    ];
    let paths = [
        ("POST", INV.to_owned()),
        ("PUT", format!("{INV}/{id}/status")),
        ("POST", format!("{INV}/{id}/message")),
        ("POST", "/api/users".to_owned()),
        ("POST", "/api/organizations".to_owned()),
        ("POST", "/api/organization-roles".to_owned()),
        ("POST", format!("/api/organizations/{org}/users")),
        ("POST", "/__mock/bulk-invitations".to_owned()),
        ("PUT", "/__mock/email-connector".to_owned()),
    ];
    for (method, path) in &paths {
        for body in bodies {
            let r = s.send(method, path, &[AUTH, JSON_CT], Some(body));
            assert!(
                (200..500).contains(&r.status) || r.status == 501,
                "{method} {path} {body:?} -> {} {}",
                r.status,
                r.text()
            );
        }
    }
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "big@example.com", "expiresAt": 1e300 }),
    );
    assert_eq!(r.status, 201);
    assert_eq!(s.get(INV).status, 200);
}

#[test]
fn create_with_expires_at_not_in_the_future_is_request_invalid_input() {
    let s = start_default();
    let org = s.org("Org");
    let expected = transcript_body(
        "real-server-transcript-1.txt",
        "--- create: expiresAt in the past",
    );
    assert_eq!(
        serde_json::from_str::<Value>(&expected).unwrap(),
        json!({ "code": "request.invalid_input",
                "message": "Input is invalid. The value of `expiresAt` must be in the future." })
    );
    for expires in [
        json!(now() - 86_400_000),
        json!(now() - 1),
        json!(0),
        json!(-5),
        json!(1.5),
    ] {
        let r = s.post(
            INV,
            &json!({ "organizationId": org, "invitee": "past@example.com", "expiresAt": expires }),
        );
        assert_eq!(r.status, 400, "{expires}");
        assert_eq!(r.text(), expected, "{expires}");
    }
    // Checked in the route, before any lookup: an unknown organization gets the same answer.
    let r = s.post(
        INV,
        &json!({ "organizationId": "no-such-org", "invitee": "past@example.com", "expiresAt": now() - 1000 }),
    );
    assert_eq!(r.text(), expected);
    assert_eq!(s.get(INV).json(), json!([]), "nothing saved");
}

#[test]
fn create_with_invitee_invalid_is_a_zod_error() {
    let s = start_default();
    let org = s.org("Org");
    let expected = transcript_body("real-server-transcript-1.txt", "--- create: invalid email");
    for org_id in [org.as_str(), "no-such-org"] {
        let r = s.post(
            INV,
            &json!({ "organizationId": org_id, "invitee": "invalid", "expiresAt": future() }),
        );
        assert_eq!(r.status, 400);
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(r.text(), expected, "the value is not part of the body");
    }
    let body: Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(
        body,
        json!({
            "code": "guard.invalid_input",
            "data": { "issues": [{ "validation": "email", "code": "invalid_string",
                                   "message": "Invalid email", "path": ["invitee"] }],
                      "name": "ZodError" },
            "details": "Error in key path \"invitee\": (invalid_string) Invalid email",
            "message": "The request body is invalid."
        })
    );
    assert_eq!(s.get(INV).json(), json!([]), "nothing saved");
}

/// Logto checks `acceptedUserId` in the route before the library looks the invitation up
/// (`routes/organization-invitation/index.ts`: `assertThat(acceptedUserId, ...)` then
/// `updateStatus`), so the answer is the same whatever the invitation's state.
#[test]
fn accepted_without_accepted_user_id_is_422_in_every_state() {
    let s = start_default();
    let org = s.org("Org");
    let user = s.user("acc", "acc@example.com");
    let expected = transcript_body(
        "real-server-transcript-1.txt",
        "--- Accepted without acceptedUserId",
    );
    assert_eq!(
        serde_json::from_str::<Value>(&expected).unwrap()["message"],
        "Input is invalid. The `acceptedUserId` is required when accepting an invitation."
    );
    let id_of = |inv: &Value| inv["id"].as_str().unwrap().to_owned();
    let pending = id_of(&s.invite(&org, "pending@example.com"));
    let revoked = id_of(&s.invite(&org, "revoked@example.com"));
    let r = s.put(
        &format!("{INV}/{revoked}/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 200);
    let accepted = id_of(&s.invite(&org, "acc@example.com"));
    let r = s.put(
        &format!("{INV}/{accepted}/status"),
        &json!({ "status": "Accepted", "acceptedUserId": user }),
    );
    assert_eq!(r.status, 200);
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "expired@example.com", "expiresAt": now() + 300 }),
    );
    assert_eq!(r.status, 201);
    let expired = id_of(&r.json());
    sleep(Duration::from_millis(400));

    for (id, state) in [
        (&pending, "Pending"),
        (&expired, "Expired"),
        (&revoked, "Revoked"),
        (&accepted, "Accepted"),
    ] {
        assert_eq!(s.get(&format!("{INV}/{id}")).json()["status"], state);
        for body in [
            json!({ "status": "Accepted" }),
            json!({ "status": "Accepted", "acceptedUserId": null }),
            json!({ "status": "Accepted", "acceptedUserId": "" }),
        ] {
            let r = s.put(&format!("{INV}/{id}/status"), &body);
            assert_eq!(r.status, 422, "{state} {body}");
            assert_eq!(r.text(), expected, "{state} {body}");
        }
        // Unchanged.
        assert_eq!(s.get(&format!("{INV}/{id}")).json()["status"], state);
    }
    // With an `acceptedUserId`, the state check answers instead.
    for id in [&expired, &revoked] {
        let r = s.put(
            &format!("{INV}/{id}/status"),
            &json!({ "status": "Accepted", "acceptedUserId": user }),
        );
        assert_eq!(r.status, 422);
        assert_eq!(
            r.json()["message"],
            "Input is invalid. The status of the invitation cannot be changed anymore."
        );
    }
    // And for an unknown id too.
    let r = s.put(
        &format!("{INV}/no-such-id/status"),
        &json!({ "status": "Accepted" }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.text(), expected);
}
