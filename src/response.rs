//! Checking what Logto answers: that a success body has the documented shape (derived from the
//! model's own member list, see [`crate::invitation`]), and which fields of an error body are
//! there. The checks read the parsed body in place through [`Value`]: in wasm that is the
//! browser's own `JSON.parse` result, with no copy into Rust.

use crate::error::{ApiError, ErrorBody};
use crate::invitation::{
    AcceptedInvitation, InvitationForInvitee, Organization, OrganizationInvitation,
    OrganizationRole, OrganizationUser,
};
use crate::routes::Expect;
use crate::wire::{check_object, Location, Value, ValueType};

/// Checks a 2xx body against what the route answers (nothing to check for 204).
pub fn check_success<V: Value>(expect: Expect, status: u16, body: &V) -> Result<(), ApiError> {
    let (check, what, list): (Check<V>, _, _) = match expect {
        Expect::NoContent => return Ok(()),
        Expect::Invitation => (
            check_object::<V, OrganizationInvitation>,
            "an invitation",
            false,
        ),
        Expect::InvitationList => (
            check_object::<V, OrganizationInvitation>,
            "a list of invitations",
            true,
        ),
        Expect::OrganizationRoles => (
            check_object::<V, OrganizationRole>,
            "a list of organization roles",
            true,
        ),
        Expect::Organization => (check_object::<V, Organization>, "an organization", false),
        Expect::OrganizationUsers => (
            check_object::<V, OrganizationUser>,
            "a list of organization members",
            true,
        ),
        Expect::InvitationForInvitee => (
            check_object::<V, InvitationForInvitee>,
            "an invitation",
            false,
        ),
        Expect::AcceptedInvitation => (
            check_object::<V, AcceptedInvitation>,
            "an accepted invitation",
            false,
        ),
    };
    if list {
        check_list(status, body, what, check)
    } else {
        check(body, &Location::default())
            .map_err(|problem| ApiError::decode(status, what, &problem))
    }
}

/// The check of one object of a shape.
type Check<V> = fn(&V, &Location) -> Result<(), String>;

/// Checks a 2xx body that should be one invitation.
#[cfg(test)]
pub fn check_invitation_body<V: Value>(status: u16, body: &V) -> Result<(), ApiError> {
    check_success(Expect::Invitation, status, body)
}

/// Checks a 2xx body that should be an array of invitations.
#[cfg(test)]
pub fn check_invitation_list_body<V: Value>(status: u16, body: &V) -> Result<(), ApiError> {
    check_success(Expect::InvitationList, status, body)
}

/// Checks a 2xx body that should be an array of objects each passing `check`, named `what` in
/// the error.
fn check_list<V: Value>(
    status: u16,
    body: &V,
    what: &'static str,
    check: Check<V>,
) -> Result<(), ApiError> {
    if !body.is(ValueType::Array) {
        return Err(ApiError::decode(
            status,
            what,
            &Location::default().problem(&crate::text::concat(&[
                "expected an array, got ",
                body.value_type().describe(),
            ])),
        ));
    }
    for index in 0..body.length() {
        if let Some(item) = body.element(index) {
            let at = Location {
                item: Some(index),
                element: None,
            };
            check(&item, &at).map_err(|problem| ApiError::decode(status, what, &problem))?;
        }
    }
    Ok(())
}

/// Reads the string fields of Logto's error body `{ code?, message, details?, data? }`; members
/// of another type count as absent, and a body that is not an object has none.
pub fn error_body<V: Value>(body: &V) -> Option<ErrorBody> {
    if !body.is(ValueType::Object) {
        return None;
    }
    let read = |key: &'static str| body.member(key).ok().and_then(|v| v.string());
    Some(ErrorBody {
        code: read("code"),
        message: read("message"),
        details: read("details"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value as Json};

    fn invitation() -> Json {
        json!({"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,
               "organizationId":"o","status":"Pending","createdAt":1,"updatedAt":2,"expiresAt":3,
               "organizationRoles":[{"id":"r","name":"n"}]})
    }

    #[test]
    fn a_logto_invitation_passes_with_extra_members() {
        let mut body = invitation();
        body["newMember"] = json!({"x": 1});
        body["organizationRoles"][0]["description"] = json!("new");
        assert_eq!(check_invitation_body(201, &Some(body.clone())), Ok(()));
        assert_eq!(
            check_invitation_list_body(200, &Some(json!([body.clone(), body]))),
            Ok(())
        );
        assert_eq!(check_invitation_list_body(200, &Some(json!([]))), Ok(()));
    }

    #[test]
    fn wrong_shapes_name_the_member() {
        let cases: [(&str, Json, &str); 7] = [
            (
                "status",
                json!("Weird"),
                "`status` should be one of Pending, Accepted, Expired, Revoked, got \"Weird\"",
            ),
            (
                "createdAt",
                json!("1"),
                "`createdAt` should be a number, got a string",
            ),
            (
                "id",
                json!(null),
                "`id` should be a string, got null or absent",
            ),
            (
                "inviterId",
                json!(5),
                "`inviterId` should be a string or null or absent, got a number",
            ),
            (
                "organizationRoles",
                json!({}),
                "`organizationRoles` should be an array, got an object",
            ),
            (
                "organizationRoles",
                json!([{"id": 1, "name": "n"}]),
                "organizationRoles[0]: `id` should be a string",
            ),
            (
                "organizationRoles",
                json!([7]),
                "organizationRoles[0]: expected an object",
            ),
        ];
        for (key, value, expected) in cases {
            let mut body = invitation();
            body[key] = value;
            let error = check_invitation_body(200, &Some(body)).unwrap_err();
            assert_eq!(error.kind, crate::error::ErrorKind::Decode);
            assert_eq!(error.status, Some(200));
            assert!(error.message.contains(expected), "{key}: {}", error.message);
        }
        let error = check_invitation_body(200, &Some(json!({"unexpected": true}))).unwrap_err();
        assert!(
            error.message.contains("`tenantId` should be a string"),
            "{}",
            error.message
        );
        let error = check_invitation_body(200, &Some(json!([1]))).unwrap_err();
        assert!(
            error.message.contains("expected an object, got an array"),
            "{}",
            error.message
        );
    }

    #[test]
    fn list_problems_name_the_item() {
        let mut bad = invitation();
        bad.as_object_mut().unwrap().remove("expiresAt");
        let error = check_invitation_list_body(200, &Some(json!([invitation(), bad]))).unwrap_err();
        assert!(
            error
                .message
                .contains("item 1: `expiresAt` should be a number"),
            "{}",
            error.message
        );
        let error = check_invitation_list_body(200, &Some(json!({"items": []}))).unwrap_err();
        assert!(
            error.message.contains("expected an array, got an object"),
            "{}",
            error.message
        );
    }

    fn invitee_view() -> Json {
        json!({"id":"i","status":"Pending","expiresAt":3,"organization":{"id":"o","name":"Acme"},
               "inviter":{"name":"Alice"},"organizationRoles":[{"id":"r","name":"member"}]})
    }

    #[test]
    fn the_new_shapes_are_checked_as_declared() {
        let check = |expect, body: Json| check_success(expect, 200, &Some(body));
        assert_eq!(check(Expect::InvitationForInvitee, invitee_view()), Ok(()));
        let mut no_inviter = invitee_view();
        no_inviter["inviter"] = Json::Null;
        assert_eq!(check(Expect::InvitationForInvitee, no_inviter), Ok(()));
        for (key, value, expected) in [
            ("inviter", json!({"name": 1}), "`name` should be a string"),
            (
                "inviter",
                json!("Alice"),
                "`inviter` should be an object or null",
            ),
            (
                "organization",
                json!(null),
                "`organization` should be an object",
            ),
            (
                "organization",
                json!({"id": "o"}),
                "`name` should be a string",
            ),
            ("status", json!("Gone"), "`status` should be one of"),
        ] {
            let mut body = invitee_view();
            body[key] = value;
            let error = check(Expect::InvitationForInvitee, body).unwrap_err();
            assert!(error.message.contains(expected), "{key}: {}", error.message);
        }
        assert_eq!(
            check(Expect::AcceptedInvitation, json!({"organizationId": "o"})),
            Ok(())
        );
        assert!(check(Expect::AcceptedInvitation, json!({})).is_err());
        let role =
            json!({"tenantId":"default","id":"r","name":"admin","description":null,"type":"User"});
        assert_eq!(check(Expect::OrganizationRoles, json!([role])), Ok(()));
        let error = check(Expect::OrganizationRoles, json!([{"id": "r"}])).unwrap_err();
        assert!(
            error.message.contains("a list of organization roles"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("item 0: `name`"),
            "{}",
            error.message
        );
        let organization = json!({"tenantId":"default","id":"o","name":"Acme","description":null,"customData":{},"createdAt":1});
        assert_eq!(check(Expect::Organization, organization), Ok(()));
        assert!(check(Expect::Organization, json!([])).is_err());
        let member = json!({"id":"u","username":"ana","primaryEmail":null,"name":"Ana","avatar":null,
                            "customData":{},"organizationRoles":[{"id":"r","name":"admin"}]});
        assert_eq!(check(Expect::OrganizationUsers, json!([member])), Ok(()));
        let error = check(
            Expect::OrganizationUsers,
            json!([{"id": "u", "organizationRoles": 1}]),
        )
        .unwrap_err();
        assert!(
            error
                .message
                .contains("`organizationRoles` should be an array"),
            "{}",
            error.message
        );
        assert_eq!(check(Expect::NoContent, json!(null)), Ok(()));
    }

    #[test]
    fn error_bodies_keep_only_string_members() {
        let body = error_body(&Some(
            json!({"code":"entity.not_found","message":"The resource does not exist."}),
        ))
        .unwrap();
        assert_eq!(body.code.as_deref(), Some("entity.not_found"));
        assert_eq!(
            body.message.as_deref(),
            Some("The resource does not exist.")
        );
        assert_eq!(body.details, None);
        let odd = error_body(&Some(json!({"code": 7, "message": ["x"], "details": "d"}))).unwrap();
        assert_eq!(
            (odd.code, odd.message, odd.details.as_deref()),
            (None, None, Some("d"))
        );
        assert_eq!(error_body(&Some(json!("text"))), None);
    }
}
