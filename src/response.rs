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
use crate::wire::{check_object, CheckMember, Location, Value, ValueType};

/// Checks a 2xx body against what the route answers (nothing to check for 204).
pub fn check_success<V: Value>(expect: Expect, status: u16, body: &V) -> Result<(), ApiError> {
    match expect {
        Expect::Invitation => check_invitation_body(status, body),
        Expect::InvitationList => check_invitation_list_body(status, body),
        Expect::NoContent => Ok(()),
        Expect::OrganizationRoles => {
            check_list::<V, OrganizationRole>(status, body, "a list of organization roles")
        }
        Expect::Organization => check_one::<V, Organization>(status, body, "an organization"),
        Expect::OrganizationUsers => {
            check_list::<V, OrganizationUser>(status, body, "a list of organization members")
        }
        Expect::InvitationForInvitee => {
            check_one::<V, InvitationForInvitee>(status, body, "an invitation")
        }
        Expect::AcceptedInvitation => {
            check_one::<V, AcceptedInvitation>(status, body, "an accepted invitation")
        }
    }
}

/// Checks a 2xx body that should be one `T`, named `what` in the error.
fn check_one<V: Value, T: CheckMember>(
    status: u16,
    body: &V,
    what: &'static str,
) -> Result<(), ApiError> {
    check_object::<V, T>(body, &Location::default())
        .map_err(|problem| ApiError::decode(status, what, &problem))
}

/// Checks a 2xx body that should be one invitation.
pub fn check_invitation_body<V: Value>(status: u16, body: &V) -> Result<(), ApiError> {
    check_one::<V, OrganizationInvitation>(status, body, "an invitation")
}

/// Checks a 2xx body that should be an array of invitations.
pub fn check_invitation_list_body<V: Value>(status: u16, body: &V) -> Result<(), ApiError> {
    check_list::<V, OrganizationInvitation>(status, body, "a list of invitations")
}

/// Checks a 2xx body that should be an array of `T`, named `what` in the error.
fn check_list<V: Value, T: CheckMember>(
    status: u16,
    body: &V,
    what: &'static str,
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
            check_object::<V, T>(&item, &at)
                .map_err(|problem| ApiError::decode(status, what, &problem))?;
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
