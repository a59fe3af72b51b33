//! Logto's organization-invitation models as they travel on the wire, each declared once with
//! [`shape!`]: the TypeScript declaration, the argument reader, the JSON writer and the response
//! check all derive from these member lists.

use serde::Deserialize;
use tsify::Tsify;

use crate::error::ApiError;
use crate::wire::{
    check_object, shape, string_enum, CheckMember, Field, JsonWriter, Location, ReadArg, Sink,
    Value, ValueType, WriteMember,
};

string_enum! {
    /// The state of an invitation. `Expired` is computed by Logto when a `Pending` invitation is
    /// read after its `expiresAt`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
    pub enum OrganizationInvitationStatus {
        /// Waiting for the invitee.
        Pending = "Pending",
        /// The invitee joined the organization (`acceptedUserId` says as whom).
        Accepted = "Accepted",
        /// `expiresAt` has passed while the invitation was pending.
        Expired = "Expired",
        /// Withdrawn by an administrator.
        Revoked = "Revoked",
    }
}

string_enum! {
    /// The statuses an administrator can set on a pending invitation.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
    pub enum InvitationStatusUpdate {
        /// Accept on behalf of `acceptedUserId`, who joins the organization.
        Accepted = "Accepted",
        /// Withdraw the invitation.
        Revoked = "Revoked",
    }
}

shape! {
    [check, write, member]
    /// An organization role: one granted by an invitation, a member's, or one of the tenant's
    /// (`listOrganizationRoles`, whose items Logto sends with more members, kept as they are).
    #[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
    pub struct OrganizationRole {
        /// The organization role's ID.
        id: String = "id",
        /// The organization role's name, e.g. `admin`.
        name: String = "name",
    }
}

shape! {
    [check]
    /// An organization invitation as Logto returns it. All eleven members are always present.
    #[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
    pub struct OrganizationInvitation {
        /// The tenant the invitation belongs to (`default` on self-hosted Logto).
        tenant_id: String = "tenantId",
        /// The invitation's ID.
        id: String = "id",
        /// The user who sent the invitation, or `null` when it was created without one.
        #[tsify(type = "string | null")]
        inviter_id: Option<String> = "inviterId",
        /// The invitee's email address, with the case it was created with.
        invitee: String = "invitee",
        /// The user who accepted the invitation; `null` until it is `Accepted`.
        #[tsify(type = "string | null")]
        accepted_user_id: Option<String> = "acceptedUserId",
        /// The organization the invitee is invited to.
        organization_id: String = "organizationId",
        /// The invitation's state.
        status: OrganizationInvitationStatus = "status",
        /// Creation time, epoch milliseconds.
        created_at: f64 = "createdAt",
        /// Last update time, epoch milliseconds.
        updated_at: f64 = "updatedAt",
        /// Expiry time, epoch milliseconds.
        expires_at: f64 = "expiresAt",
        /// The organization roles the invitee gets on acceptance (`[]` when none).
        organization_roles: Vec<OrganizationRole> = "organizationRoles",
    }
}

shape! {
    [check, write, member]
    /// The organization an invitation is to, as its invitee sees it.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct InvitationOrganization {
        /// The organization's ID (switch to it after accepting).
        id: String = "id",
        /// The organization's name.
        name: String = "name",
    }
}

shape! {
    [check, write]
    /// Who sent an invitation, as its invitee sees it: a name only.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct InvitationInviter {
        /// The inviter's name in Logto (their username when they have no name).
        name: String = "name",
    }
}

/// The `inviter` of an [`InvitationForInvitee`]: `null` when the invitation names no inviter or
/// the inviter has neither a name nor a username.
#[derive(Clone, Debug, PartialEq)]
pub struct Inviter(pub Option<InvitationInviter>);

impl CheckMember for Inviter {
    const ALLOWED: &'static [ValueType] = &[ValueType::Object, ValueType::Null];
    fn check_value<V: Value>(value: &V, _key: &'static str, at: &Location) -> Result<(), String> {
        if value.is(ValueType::Object) {
            check_object::<V, InvitationInviter>(value, at)
        } else {
            Ok(())
        }
    }
}

impl<S: Sink> WriteMember<S> for Inviter {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        match &self.0 {
            Some(inviter) => sink.json(key, &JsonWriter::object(inviter)),
            None => sink.json(key, "null"),
        }
    }
}

shape! {
    [check, write]
    /// What the invitee may see of their own invitation (`createInvitationAcceptance`'s
    /// `GET {prefix}/{id}`, `InvitationAcceptanceApi.getInvitation`): never an email address.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct InvitationForInvitee {
        /// The invitation's ID.
        id: String = "id",
        /// The invitation's state; a `Pending` one past `expiresAt` reads `Expired`.
        status: OrganizationInvitationStatus = "status",
        /// Expiry time, epoch milliseconds.
        expires_at: f64 = "expiresAt",
        /// The organization the invitation is to.
        organization: InvitationOrganization = "organization",
        /// Who sent it, or `null`.
        #[tsify(type = "InvitationInviter | null")]
        inviter: Inviter = "inviter",
        /// The organization roles the invitee gets on acceptance (`[]` when none).
        organization_roles: Vec<OrganizationRole> = "organizationRoles",
    }
}

shape! {
    [check, write]
    /// The answer to accepting an invitation: the organization the user has joined, so that the
    /// app can switch to it.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct AcceptedInvitation {
        /// The organization's ID.
        organization_id: String = "organizationId",
    }
}

shape! {
    [check]
    /// An organization as Logto's `GET /api/organizations/{id}` answers it (its other members,
    /// such as `customData` and `branding`, are kept as Logto sends them).
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct Organization {
        /// The organization's ID.
        id: String = "id",
        /// The organization's name.
        name: String = "name",
        /// Its description, or `null`.
        #[tsify(type = "string | null")]
        description: Option<String> = "description",
        /// Creation time, epoch milliseconds.
        created_at: f64 = "createdAt",
    }
}

shape! {
    [check]
    /// A member of an organization as Logto's `GET /api/organizations/{id}/users` answers it: a
    /// Logto user with the roles they have in that organization (Logto's other user members are
    /// kept as it sends them).
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct OrganizationUser {
        /// The user's ID.
        id: String = "id",
        /// The user's username, or `null`.
        #[tsify(type = "string | null")]
        username: Option<String> = "username",
        /// The user's primary email address, or `null`.
        #[tsify(type = "string | null")]
        primary_email: Option<String> = "primaryEmail",
        /// The user's name, or `null`.
        #[tsify(type = "string | null")]
        name: Option<String> = "name",
        /// The user's avatar URL, or `null`.
        #[tsify(type = "string | null")]
        avatar: Option<String> = "avatar",
        /// The user's roles in this organization.
        organization_roles: Vec<OrganizationRole> = "organizationRoles",
    }
}

/// Variables for Logto's invitation email template. Every extra key reaches the template as is,
/// as a plain JSON member.
#[derive(Clone, Debug, PartialEq, Tsify)]
#[tsify(
    type = "{ code?: string | undefined; link?: string | undefined; locale?: string | undefined; uiLocales?: string | undefined; [key: string]: unknown }"
)]
pub struct SendMessagePayload {
    /// The payload, already written as a JSON object by the caller's environment.
    pub json: String,
}

/// The template variables Logto knows (`SendMessagePayload`'s declared members): only their types
/// are checked (a string, or absent), the whole object is sent.
const KNOWN_TEMPLATE_VARIABLES: [&str; 4] = ["code", "link", "locale", "uiLocales"];

/// A payload object: its known members must be strings, and it is written as JSON by the
/// caller's environment (`JSON.stringify`: cyclic objects and BigInts are refused).
impl<V: Value> ReadArg<V> for SendMessagePayload {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if !value.is(ValueType::Object) {
            return Err(at.wrong_type(
                "an object of template variables such as { link: \"https://...\" }, or false",
                value,
            ));
        }
        for key in KNOWN_TEMPLATE_VARIABLES {
            Option::<String>::read_member(value, key, at)?;
        }
        match value.to_json() {
            Some(json) if json.starts_with('{') => Ok(SendMessagePayload { json }),
            Some(_) => Err(at.error("must be written as a JSON object (check its toJSON method)")),
            None => {
                Err(at.error("cannot be written as JSON (is it cyclic, or does it hold a BigInt?)"))
            }
        }
    }
}

impl<S: Sink> WriteMember<S> for SendMessagePayload {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        sink.json(key, &self.json);
    }
}

/// Whether and how creating an invitation sends the invitation email.
#[derive(Clone, Debug, PartialEq)]
pub enum MessagePayload {
    /// `false`: create the invitation without sending an email.
    Disabled,
    /// Send the email with these template variables.
    Send(SendMessagePayload),
}

/// `undefined` is absent, `false` is [`MessagePayload::Disabled`], an object is sent.
impl<V: Value> ReadArg<V> for Option<MessagePayload> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is(ValueType::Undefined) {
            return Ok(None);
        }
        if value.boolean() == Some(false) {
            return Ok(Some(MessagePayload::Disabled));
        }
        SendMessagePayload::read(value, at).map(|p| Some(MessagePayload::Send(p)))
    }
}

impl<S: Sink> WriteMember<S> for MessagePayload {
    fn write_member(&self, key: &'static str, sink: &mut S) {
        match self {
            MessagePayload::Disabled => sink.json(key, "false"),
            MessagePayload::Send(payload) => payload.write_member(key, sink),
        }
    }
}

/// The shapes whose members' types are read with code of their own (`npm/json-body.js`'s
/// `shapeMemberTypes`, generated from this list by src/wire/member_types.rs): the items of the
/// lists a dashboard reads, where the reads add up (invitations and the roles in them,
/// organization members). A checked shape whose member list is not here (one answered one
/// object at a time) is read the generic way, which costs the download nothing; one with the
/// same list as a listed shape (`InvitationOrganization`: `id`, `name`) shares its reads.
pub const LIST_ITEM_SHAPES: &[(&str, &[&str])] = &[
    (
        "OrganizationInvitation",
        OrganizationInvitation::MEMBER_KEYS,
    ),
    ("OrganizationRole", OrganizationRole::MEMBER_KEYS),
    ("OrganizationUser", OrganizationUser::MEMBER_KEYS),
];

shape! {
    [read, write]
    /// The body of `createOrganizationInvitation`.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct CreateOrganizationInvitationRequest {
        /// The invitee's email address (Logto checks that it is one: 400 `guard.invalid_input`).
        invitee: String = "invitee",
        /// The organization to invite to.
        organization_id: String = "organizationId",
        /// When the invitation expires, epoch milliseconds (fractions are rounded). Logto requires
        /// it in the future by its own clock and answers 400 `request.invalid_input` otherwise.
        expires_at: f64 = "expiresAt",
        /// The inviting user's ID; omit (or `null`) for none.
        #[tsify(optional, type = "string | null")]
        inviter_id: Option<String> = "inviterId",
        /// Organization roles granted on acceptance.
        #[tsify(optional)]
        organization_role_ids: Option<Vec<String>> = "organizationRoleIds",
        /// Template variables for the invitation email, or `false` (the default when omitted) to
        /// send no email. Sending needs an email connector in Logto, else the call fails with 501
        /// `connector.not_found` and nothing is saved. A link to the invitation needs its ID: omit
        /// this and send the email with `createOrganizationInvitationMessage` once created.
        #[tsify(optional, type = "SendMessagePayload | false")]
        message_payload: Option<MessagePayload> = "messagePayload",
    }
}

shape! {
    [read, write]
    /// The body of `replaceOrganizationInvitationStatus`.
    #[derive(Clone, Debug, PartialEq, Tsify)]
    pub struct ReplaceOrganizationInvitationStatusRequest {
        /// The new status.
        status: InvitationStatusUpdate = "status",
        /// The accepting user. Logto requires it with `"Accepted"` (422 `request.invalid_input`
        /// otherwise) and ignores it with `"Revoked"`; the user's primary email must match the
        /// invitee.
        #[tsify(optional, type = "string | null")]
        accepted_user_id: Option<String> = "acceptedUserId",
    }
}

shape! {
    [read, write]
    /// Filters for `listOrganizationInvitations`; they combine with AND. `undefined`, `null` and
    /// `""` mean "no filter". Logto does not paginate this list.
    #[derive(Clone, Debug, Default, PartialEq, Tsify)]
    pub struct ListOrganizationInvitationsQuery {
        /// Only invitations to this organization.
        #[tsify(optional, type = "string | null")]
        organization_id: Option<String> = "organizationId",
        /// Only invitations sent by this user.
        #[tsify(optional, type = "string | null")]
        inviter_id: Option<String> = "inviterId",
        /// Only invitations to this email address (Logto compares without case).
        #[tsify(optional, type = "string | null")]
        invitee: Option<String> = "invitee",
    }
}

/// The largest epoch-millisecond value a JavaScript `Date` can hold.
pub const MAX_DATE_MS: f64 = 8.64e15;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn the_invitee_view_is_written_as_its_declaration() {
        let mut view = InvitationForInvitee {
            id: "inv \"1\"".into(),
            status: OrganizationInvitationStatus::Pending,
            expires_at: NOW,
            organization: InvitationOrganization {
                id: "o".into(),
                name: "Acme".into(),
            },
            inviter: Inviter(Some(InvitationInviter {
                name: "Alice".into(),
            })),
            organization_roles: vec![
                OrganizationRole {
                    id: "r1".into(),
                    name: "member".into(),
                },
                OrganizationRole {
                    id: "r2".into(),
                    name: "viewer".into(),
                },
            ],
        };
        let written: serde_json::Value = serde_json::from_str(&JsonWriter::object(&view)).unwrap();
        assert_eq!(
            written,
            json!({"id": "inv \"1\"", "status": "Pending", "expiresAt": 1_795_686_586_000_u64,
                   "organization": {"id": "o", "name": "Acme"}, "inviter": {"name": "Alice"},
                   "organizationRoles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "viewer"}]})
        );
        assert_eq!(
            crate::response::check_success(
                crate::routes::Expect::InvitationForInvitee,
                200,
                &Some(written)
            ),
            Ok(()),
            "what the server writes, the browser accepts"
        );
        view.inviter = Inviter(None);
        view.organization_roles.clear();
        let written: serde_json::Value = serde_json::from_str(&JsonWriter::object(&view)).unwrap();
        assert_eq!(
            (&written["inviter"], &written["organizationRoles"]),
            (&json!(null), &json!([]))
        );
        assert_eq!(
            JsonWriter::object(&AcceptedInvitation {
                organization_id: "o".into()
            }),
            r#"{"organizationId":"o"}"#
        );
    }

    #[test]
    fn statuses_parse_from_their_one_declaration() {
        assert_eq!(
            OrganizationInvitationStatus::STRINGS,
            ["Pending", "Accepted", "Expired", "Revoked"]
        );
        assert_eq!(
            InvitationStatusUpdate::parse("Accepted"),
            Some(InvitationStatusUpdate::Accepted)
        );
        for bad in ["Pending", "Expired", "accepted", ""] {
            assert_eq!(InvitationStatusUpdate::parse(bad), None);
        }
    }

    fn read<T: ReadArg<Option<serde_json::Value>>>(
        value: serde_json::Value,
    ) -> Result<T, ApiError> {
        T::read(&Some(value), Field::body("body"))
    }

    #[test]
    fn bodies_are_read_member_by_member() {
        let body: CreateOrganizationInvitationRequest = read(json!({
            "invitee": "a@b.co", "organizationId": "o", "expiresAt": 5,
            "organizationRoleIds": ["r"], "messagePayload": false, "extra": true
        }))
        .unwrap();
        assert_eq!(body.organization_role_ids, Some(vec!["r".to_owned()]));
        assert_eq!(body.message_payload, Some(MessagePayload::Disabled));
        for (bad, field) in [
            (json!({"organizationId": "o", "expiresAt": 5}), "invitee"),
            (
                json!({"invitee": 1, "organizationId": "o", "expiresAt": 5}),
                "invitee",
            ),
            (
                json!({"invitee": "a", "organizationId": "o", "expiresAt": "5"}),
                "expiresAt",
            ),
            (
                json!({"invitee": "a", "organizationId": "o", "expiresAt": 5, "messagePayload": true}),
                "messagePayload",
            ),
            (
                json!({"invitee": "a", "organizationId": "o", "expiresAt": 5, "messagePayload": {"link": 1}}),
                "messagePayload.link",
            ),
            (json!([]), "body"),
        ] {
            let error = read::<CreateOrganizationInvitationRequest>(bad).unwrap_err();
            assert_eq!(error.field.as_deref(), Some(field), "{}", error.message);
        }
        let status: ReplaceOrganizationInvitationStatusRequest =
            read(json!({"status": "Accepted"})).unwrap();
        assert_eq!(
            status.accepted_user_id, None,
            "Logto decides that it is required"
        );
        let error =
            read::<ReplaceOrganizationInvitationStatusRequest>(json!({"status": "Pending"}))
                .unwrap_err();
        assert_eq!(
            error.message,
            "`status` must be \"Accepted\" or \"Revoked\""
        );
    }
}
