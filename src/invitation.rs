//! Logto's organization-invitation models, as they travel on the wire, and their validation.
//!
//! Response models derive `Deserialize` (the wasm shell decodes the browser's parsed JSON into
//! them to check their shape) and `Tsify` (their TypeScript declarations land in `pkg/*.d.ts`).
//! Request models are built and checked here, then written as JSON by [`crate::request`].

use serde::Deserialize;
use tsify::Tsify;

use crate::error::ApiError;

/// The state of an invitation. `Expired` is computed by Logto when a `Pending` invitation is read
/// after its `expiresAt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
pub enum OrganizationInvitationStatus {
    /// Waiting for the invitee.
    Pending,
    /// The invitee joined the organization (`acceptedUserId` says as whom).
    Accepted,
    /// `expiresAt` has passed while the invitation was pending.
    Expired,
    /// Withdrawn by an administrator.
    Revoked,
}

/// An organization role granted by an invitation.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
pub struct OrganizationRole {
    /// The organization role's ID.
    pub id: String,
    /// The organization role's name, e.g. `admin`.
    pub name: String,
}

/// An organization invitation as Logto returns it. All eleven members are always present.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationInvitation {
    /// The tenant the invitation belongs to (`default` on self-hosted Logto).
    pub tenant_id: String,
    /// The invitation's ID.
    pub id: String,
    /// The user who sent the invitation, or `null` when it was created without one.
    #[tsify(type = "string | null")]
    pub inviter_id: Option<String>,
    /// The invitee's email address, with the case it was created with.
    pub invitee: String,
    /// The user who accepted the invitation; `null` until it is `Accepted`.
    #[tsify(type = "string | null")]
    pub accepted_user_id: Option<String>,
    /// The organization the invitee is invited to.
    pub organization_id: String,
    /// The invitation's state.
    pub status: OrganizationInvitationStatus,
    /// Creation time, epoch milliseconds.
    pub created_at: f64,
    /// Last update time, epoch milliseconds.
    pub updated_at: f64,
    /// Expiry time, epoch milliseconds.
    pub expires_at: f64,
    /// The organization roles the invitee gets on acceptance (`[]` when none).
    pub organization_roles: Vec<OrganizationRole>,
}

/// Variables for Logto's invitation email template. Every extra key reaches the template as is,
/// as a plain JSON member.
#[derive(Clone, Debug, PartialEq, Tsify)]
#[tsify(
    type = "{ code?: string; link?: string; locale?: string; uiLocales?: string; [key: string]: unknown }"
)]
pub struct SendMessagePayload {
    /// The payload, already written as a JSON object by the caller's environment.
    pub json: String,
}

/// Whether and how creating an invitation sends the invitation email.
#[derive(Clone, Debug, PartialEq)]
pub enum MessagePayload {
    /// `false`: create the invitation without sending an email.
    Disabled,
    /// Send the email with these template variables.
    Send(SendMessagePayload),
}

/// The body of `createOrganizationInvitation`.
#[derive(Clone, Debug, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrganizationInvitationRequest {
    /// The invitee's email address.
    pub invitee: String,
    /// The organization to invite to.
    pub organization_id: String,
    /// When the invitation expires, epoch milliseconds (fractions are rounded). Logto requires it
    /// in the future by its own clock and answers 400 `request.invalid_input` otherwise.
    pub expires_at: f64,
    /// The inviting user's ID; omit (or `null`) for none.
    #[tsify(optional, type = "string | null")]
    pub inviter_id: Option<String>,
    /// Organization roles granted on acceptance.
    #[tsify(optional)]
    pub organization_role_ids: Option<Vec<String>>,
    /// Template variables for the invitation email, or `false` (the default when omitted) to send
    /// no email. Sending needs an email connector in Logto, else the call fails with 501
    /// `connector.not_found` and nothing is saved.
    #[tsify(optional, type = "SendMessagePayload | false")]
    pub message_payload: Option<MessagePayload>,
}

/// The statuses an administrator can set on a pending invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
pub enum InvitationStatusUpdate {
    /// Accept on behalf of `acceptedUserId`, who joins the organization.
    Accepted,
    /// Withdraw the invitation.
    Revoked,
}

/// The body of `replaceOrganizationInvitationStatus`.
#[derive(Clone, Debug, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceOrganizationInvitationStatusRequest {
    /// The new status.
    pub status: InvitationStatusUpdate,
    /// The accepting user. Logto requires it with `"Accepted"` (422 `request.invalid_input`
    /// otherwise) and ignores it with `"Revoked"`; the user's primary email must match the invitee.
    #[tsify(optional, type = "string | null")]
    pub accepted_user_id: Option<String>,
}

/// Filters for `listOrganizationInvitations`; they combine with AND. `undefined`, `null` and
/// `""` mean "no filter". Logto does not paginate this list.
#[derive(Clone, Debug, Default, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ListOrganizationInvitationsQuery {
    /// Only invitations to this organization.
    #[tsify(optional, type = "string | null")]
    pub organization_id: Option<String>,
    /// Only invitations sent by this user.
    #[tsify(optional, type = "string | null")]
    pub inviter_id: Option<String>,
    /// Only invitations to this email address (Logto compares without case).
    #[tsify(optional, type = "string | null")]
    pub invitee: Option<String>,
}

/// The largest epoch-millisecond value a JavaScript `Date` can hold.
pub const MAX_DATE_MS: f64 = 8.64e15;

/// Checks an ID used as a path segment or reference: non-empty, and not `.` or `..`, which URL
/// parsing would turn into a directory step even when percent-encoded.
pub fn validate_id(field: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() {
        return Err(ApiError::invalid_input(field, "must not be empty"));
    }
    if id == "." || id == ".." {
        return Err(ApiError::invalid_input(
            field,
            "cannot be \".\" or \"..\" (no Logto ID is)",
        ));
    }
    Ok(())
}

impl CreateOrganizationInvitationRequest {
    /// Checks what cannot be sent: `expiresAt` must be a finite number within a JavaScript
    /// `Date`'s range (epoch milliseconds), which JSON can carry exactly. Value rules (an email
    /// address, an expiry in the future, known IDs) are Logto's: the call is sent and rejects with
    /// Logto's own answer.
    pub fn validate(&self) -> Result<(), ApiError> {
        if !self.expires_at.is_finite() || self.expires_at.abs() > MAX_DATE_MS {
            return Err(ApiError::invalid_input(
                "expiresAt",
                "must be a finite number of epoch milliseconds within a JavaScript Date's range (e.g. Date.now() + 7 * 86_400_000)",
            ));
        }
        Ok(())
    }
}

impl InvitationStatusUpdate {
    /// Parses the wire string; any other status (including `"Pending"` and `"Expired"`) is refused.
    pub fn parse(value: &str) -> Result<Self, ApiError> {
        match value {
            "Accepted" => Ok(InvitationStatusUpdate::Accepted),
            "Revoked" => Ok(InvitationStatusUpdate::Revoked),
            _ => Err(ApiError::invalid_input(
                "status",
                "must be \"Accepted\" or \"Revoked\" (only a Pending invitation can change, and only to these)",
            )),
        }
    }

    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatusUpdate::Accepted => "Accepted",
            InvitationStatusUpdate::Revoked => "Revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_795_686_586_000.0;

    fn create() -> CreateOrganizationInvitationRequest {
        CreateOrganizationInvitationRequest {
            invitee: "ana@example.com".into(),
            organization_id: "org_1".into(),
            expires_at: NOW + 1000.0,
            inviter_id: None,
            organization_role_ids: None,
            message_payload: None,
        }
    }

    #[test]
    fn create_checks_only_what_cannot_be_sent() {
        // Value rules are Logto's: a past expiry, a non-email invitee, empty IDs are all sent.
        let mut request = create();
        request.invitee = "invalid".into();
        request.organization_id = String::new();
        request.inviter_id = Some("..".into());
        request.organization_role_ids = Some(vec![String::new()]);
        for expires_at in [NOW - 60_000.0, 0.0, -1.0, MAX_DATE_MS, -MAX_DATE_MS, 1.5] {
            request.expires_at = expires_at;
            assert_eq!(request.validate(), Ok(()), "{expires_at}");
        }
        for expires_at in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 9e15, -9e15] {
            request.expires_at = expires_at;
            let error = request.validate().unwrap_err();
            assert_eq!(error.field.as_deref(), Some("expiresAt"), "{expires_at}");
        }
    }

    #[test]
    fn status_update_accepts_only_accepted_and_revoked() {
        assert_eq!(
            InvitationStatusUpdate::parse("Accepted"),
            Ok(InvitationStatusUpdate::Accepted)
        );
        assert_eq!(
            InvitationStatusUpdate::parse("Revoked"),
            Ok(InvitationStatusUpdate::Revoked)
        );
        for bad in ["Pending", "Expired", "accepted", ""] {
            let e = InvitationStatusUpdate::parse(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("status"));
        }
    }

    #[test]
    fn ids_refuse_empty_and_dot_segments() {
        assert!(validate_id("id", "abc").is_ok());
        assert!(validate_id("id", "a/b?c").is_ok());
        for bad in ["", ".", ".."] {
            assert!(validate_id("id", bad).is_err(), "{bad}");
        }
    }
}
