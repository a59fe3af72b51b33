//! Accepting an invitation as Logto 1.42 does (`PUT .../status {"status":"Accepted",
//! acceptedUserId}`), read in Logto's code: `routes/organization-invitation/index.ts` (the
//! `acceptedUserId` check, then `invitations.findById`: 404 first) and
//! `libraries/organization-invitation.ts` `updateStatus` (an ending status is 422 "cannot be
//! changed anymore", computed `Expired` included; then `findUserById`: 404; then
//! `user.primaryEmail?.toLowerCase() !== invitee.toLowerCase()`: 422; then the membership and
//! the invitation's roles inserted `on conflict do nothing`, all in one transaction). And the
//! paging of the two lookups the client reads whole (`koaPagination()`: 20 by default, at most
//! 100, `guard.invalid_pagination` otherwise, `Total-Number`).

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const INV: &str = "/api/organization-invitations";

fn accept(s: &Server, id: &str, user: &str) -> Resp {
    s.put(
        &format!("{INV}/{id}/status"),
        &json!({ "status": "Accepted", "acceptedUserId": user }),
    )
}

fn member_roles(s: &Server, org: &str, user: &str) -> Option<Value> {
    let members = s.get(&format!("/api/organizations/{org}/users")).json();
    members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == user)
        .map(|m| m["organizationRoles"].clone())
}

#[test]
fn the_email_is_compared_without_case_and_a_user_without_one_is_refused() {
    let s = start_default();
    let org = s.org("Org");
    let upper = s.user("upper", "ANA.Lopez@EXAMPLE.com");
    let inv = s.invite(&org, "ana.lopez@example.com");
    let id = inv["id"].as_str().unwrap();
    let none = s
        .post("/api/users", &json!({ "username": "no_email" }))
        .json();
    let r = accept(&s, id, none["id"].as_str().unwrap());
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        r.json()["message"],
        "Input is invalid. The accepted user must have the same email as the invitee."
    );
    let r = accept(&s, id, &upper);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["acceptedUserId"], upper.as_str());
    assert_eq!(member_roles(&s, &org, &upper), Some(json!([])));
}

#[test]
fn an_unknown_invitation_is_404_before_the_user_is_looked_up() {
    let s = start_default();
    let r = accept(&s, "no-such-invitation", "no-such-user");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "entity.not_found");
}

#[test]
fn an_expired_or_revoked_invitation_cannot_be_accepted_and_adds_no_member() {
    let s = start_default();
    let org = s.org("Org");
    let role = s.role("member");
    let user = s.user("late", "late@example.com");
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "late@example.com", "expiresAt": now() + 800, "organizationRoleIds": [role] }),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    sleep(Duration::from_millis(900));
    assert_eq!(s.get(&format!("{INV}/{id}")).json()["status"], "Expired");
    let r = accept(&s, &id, &user);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "Input is invalid. The status of the invitation cannot be changed anymore."
    );
    assert_eq!(member_roles(&s, &org, &user), None, "no membership");
    let revoked = s.invite(&org, "late@example.com");
    let revoked_id = revoked["id"].as_str().unwrap();
    let r = s.put(
        &format!("{INV}/{revoked_id}/status"),
        &json!({ "status": "Revoked" }),
    );
    assert_eq!(r.status, 200);
    assert_eq!(accept(&s, revoked_id, &user).status, 422);
    assert_eq!(member_roles(&s, &org, &user), None, "still no membership");
}

#[test]
fn a_user_added_since_the_invitation_is_not_added_twice_and_gains_its_roles() {
    let s = start_default();
    let org = s.org("Org");
    let member = s.role("member");
    let viewer = s.role("viewer");
    let r = s.post(
        INV,
        &json!({ "organizationId": org, "invitee": "kim@example.com", "expiresAt": future(), "organizationRoleIds": [viewer, member] }),
    );
    let id = r.json()["id"].as_str().unwrap().to_owned();
    // Added directly after the invitation was sent (a create refuses an invitee who is a member).
    let kim = s.user("kim", "kim@example.com");
    let r = s.post(
        &format!("/api/organizations/{org}/users"),
        &json!({ "userIds": [kim] }),
    );
    assert_eq!(r.status, 201);
    assert_eq!(member_roles(&s, &org, &kim), Some(json!([])));
    let r = accept(&s, &id, &kim);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        member_roles(&s, &org, &kim),
        Some(json!([{ "id": member, "name": "member" }, { "id": viewer, "name": "viewer" }]))
    );
    let members = s.get(&format!("/api/organizations/{org}/users")).json();
    assert_eq!(
        members.as_array().unwrap().len(),
        1,
        "one membership (on conflict do nothing)"
    );
}

#[test]
fn organization_roles_and_members_are_paged_as_logto_pages_them() {
    let s = start_default();
    let org = s.org("Big");
    let mut user_ids = Vec::new();
    for i in 0..130 {
        s.role(&format!("role-{i:03}"));
        user_ids.push(s.user(&format!("user{i:03}"), &format!("user{i:03}@example.com")));
    }
    let r = s.post(
        &format!("/api/organizations/{org}/users"),
        &json!({ "userIds": user_ids }),
    );
    assert_eq!(r.status, 201);
    for path in [
        "/api/organization-roles".to_owned(),
        format!("/api/organizations/{org}/users"),
    ] {
        let first = s.get(&path);
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(first.header("total-number"), Some("130"), "{path}");
        assert_eq!(
            first.json().as_array().unwrap().len(),
            20,
            "{path}: 20 by default"
        );
        let sep = if path.contains('?') { '&' } else { '?' };
        let page = |query: &str| s.get(&format!("{path}{sep}{query}"));
        assert_eq!(
            page("page=1&page_size=100")
                .json()
                .as_array()
                .unwrap()
                .len(),
            100
        );
        let last = page("page=2&page_size=100").json();
        assert_eq!(last.as_array().unwrap().len(), 30, "{path}: the rest");
        assert_eq!(page("page=3&page_size=100").json(), json!([]));
        assert_eq!(page("page=2").json().as_array().unwrap().len(), 20);
        for bad in [
            "page=0",
            "page_size=0",
            "page_size=101",
            "page=x",
            "page_size=-1",
        ] {
            let r = page(bad);
            assert_eq!(r.status, 400, "{path}?{bad}");
            assert_eq!(
                r.text(),
                r#"{"code":"guard.invalid_pagination","message":"The request pagination value is invalid."}"#
            );
        }
    }
    let roles = s.get("/api/organization-roles?page=1&page_size=3").json();
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["role-000", "role-001", "role-002"], "by name");
}
