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
    /// When the invitation expires, epoch milliseconds (fractions are rounded); must be in the
    /// future.
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
    /// The accepting user; required with `"Accepted"`, ignored with `"Revoked"`. The user's
    /// primary email must match the invitee.
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

/// A loose email check: one `@` with something on each side, a dot in the domain, and no
/// whitespace. Logto applies its stricter rule and answers 400 `guard.invalid_input` itself.
pub fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.len() >= 3
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl CreateOrganizationInvitationRequest {
    /// Checks what Logto would refuse anyway, so the caller hears it without a round trip;
    /// `now_ms` is the current time in epoch milliseconds.
    pub fn validate(&self, now_ms: f64) -> Result<(), ApiError> {
        if !looks_like_email(&self.invitee) {
            return Err(ApiError::invalid_input(
                "invitee",
                "must be an email address such as \"ana@example.com\"",
            ));
        }
        validate_id("organizationId", &self.organization_id)?;
        if !self.expires_at.is_finite() {
            return Err(ApiError::invalid_input(
                "expiresAt",
                "must be a finite number of epoch milliseconds",
            ));
        }
        if self.expires_at > MAX_DATE_MS {
            return Err(ApiError::invalid_input(
                "expiresAt",
                "is past the largest date JavaScript can represent (8.64e15 ms)",
            ));
        }
        if self.expires_at <= now_ms {
            return Err(ApiError::invalid_input(
                "expiresAt",
                "must be in the future (epoch milliseconds, e.g. Date.now() + 7 * 86_400_000)",
            ));
        }
        if let Some(inviter) = &self.inviter_id {
            validate_id("inviterId", inviter)?;
        }
        for role in self.organization_role_ids.iter().flatten() {
            validate_id("organizationRoleIds[]", role)?;
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

impl ReplaceOrganizationInvitationStatusRequest {
    /// Checks that `"Accepted"` comes with an `acceptedUserId`.
    pub fn validate(&self) -> Result<(), ApiError> {
        match (&self.status, &self.accepted_user_id) {
            (InvitationStatusUpdate::Accepted, None) => Err(ApiError::invalid_input(
                "acceptedUserId",
                "is required when status is \"Accepted\"",
            )),
            (InvitationStatusUpdate::Accepted, Some(user)) => validate_id("acceptedUserId", user),
            (InvitationStatusUpdate::Revoked, _) => Ok(()),
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
    fn email_check_is_loose_but_not_empty() {
        for ok in ["a@b.co", "Mixed.Case_1@Example.COM", "x+y@sub.example.org"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in [
            "",
            "not-an-email",
            "@example.com",
            "a@",
            "a@b",
            "a b@c.com",
            "a@.com",
            "a@com.",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn create_validation_names_the_field() {
        assert_eq!(create().validate(NOW), Ok(()));
        type Mutation = Box<dyn Fn(&mut CreateOrganizationInvitationRequest)>;
        let cases: Vec<(Mutation, &str)> = vec![
            (Box::new(|r| r.invitee = "nope".into()), "invitee"),
            (
                Box::new(|r| r.organization_id = String::new()),
                "organizationId",
            ),
            (Box::new(|r| r.expires_at = NOW), "expiresAt"),
            (Box::new(|r| r.expires_at = f64::NAN), "expiresAt"),
            (Box::new(|r| r.expires_at = f64::INFINITY), "expiresAt"),
            (Box::new(|r| r.expires_at = 9e15), "expiresAt"),
            (Box::new(|r| r.inviter_id = Some("..".into())), "inviterId"),
            (
                Box::new(|r| r.organization_role_ids = Some(vec!["".into()])),
                "organizationRoleIds[]",
            ),
        ];
        for (mutate, field) in cases {
            let mut request = create();
            mutate(&mut request);
            let error = request.validate(NOW).unwrap_err();
            assert_eq!(error.field.as_deref(), Some(field), "{}", error.message);
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
    fn accepted_needs_a_user() {
        let mut r = ReplaceOrganizationInvitationStatusRequest {
            status: InvitationStatusUpdate::Accepted,
            accepted_user_id: None,
        };
        assert_eq!(
            r.validate().unwrap_err().field.as_deref(),
            Some("acceptedUserId")
        );
        r.accepted_user_id = Some("u1".into());
        assert_eq!(r.validate(), Ok(()));
        r.status = InvitationStatusUpdate::Revoked;
        r.accepted_user_id = None;
        assert_eq!(r.validate(), Ok(()));
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
