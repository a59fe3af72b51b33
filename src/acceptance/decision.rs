//! The acceptance handler's decisions, in the order it makes them: who is signed in (the app's
//! `userId` answer), whose invitation it is (the user's primary email against the invitee, as
//! Logto compares them), and only then the invitation's state (whether it can be accepted) and
//! what its invitee sees. Plain Rust over the values read from Logto.

use crate::invitation::OrganizationInvitationStatus;

/// What the app's `userId(request)` answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserIdAnswer {
    /// A string.
    Id(String),
    /// `null` or `undefined`.
    Nobody,
    /// Anything else, or it threw or rejected.
    Unusable,
}

/// Who is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedIn {
    /// This Logto user.
    User(String),
    /// Nobody (`null`, `undefined` or `""`): 401, so the page can send them to sign in.
    Nobody,
    /// The answer cannot be a user ID (not a string, `.` or `..`, which no URL path carries as
    /// a segment), or `userId` failed: refused (fail closed).
    Unusable,
}

/// Who is signed in, from `userId`'s answer.
pub fn signed_in(answer: UserIdAnswer) -> SignedIn {
    match answer {
        UserIdAnswer::Id(id) if id.is_empty() => SignedIn::Nobody,
        UserIdAnswer::Id(id) if id == "." || id == ".." => SignedIn::Unusable,
        UserIdAnswer::Id(id) => SignedIn::User(id),
        UserIdAnswer::Nobody => SignedIn::Nobody,
        UserIdAnswer::Unusable => SignedIn::Unusable,
    }
}

/// Whether the invitation is this user's: their primary email is the invitee, compared as Logto
/// compares them when accepting (`user.primaryEmail?.toLowerCase() !== invitee.toLowerCase()`
/// is its 422), with `lower` being that lowercasing: the shell passes JavaScript's own
/// `toLowerCase` (Logto's, and no Unicode tables in the module), host tests Rust's
/// `str::to_lowercase` (the same Unicode mapping). A user without a primary email has no
/// invitation.
pub fn is_invitee(
    invitee: &str,
    primary_email: Option<&str>,
    lower: impl Fn(&str) -> String,
) -> bool {
    primary_email.is_some_and(|email| lower(email) == lower(invitee))
}

/// The status at `now` (epoch ms): a `Pending` invitation whose `expiresAt` has passed is
/// `Expired`, as Logto computes it on read (should the server's clock be ahead of Logto's).
pub fn effective_status(
    status: OrganizationInvitationStatus,
    expires_at: f64,
    now: f64,
) -> OrganizationInvitationStatus {
    if status == OrganizationInvitationStatus::Pending && expires_at <= now {
        OrganizationInvitationStatus::Expired
    } else {
        status
    }
}

/// Why an invitation can no longer be accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    /// It expired (410).
    Expired,
    /// An administrator revoked it (410).
    Revoked,
    /// It was accepted already (409).
    Accepted,
}

/// Whether the invitee's invitation can be accepted at `now`: only a `Pending` one before its
/// `expiresAt`.
pub fn acceptable(
    status: OrganizationInvitationStatus,
    expires_at: f64,
    now: f64,
) -> Result<(), Closed> {
    match effective_status(status, expires_at, now) {
        OrganizationInvitationStatus::Pending => Ok(()),
        OrganizationInvitationStatus::Expired => Err(Closed::Expired),
        OrganizationInvitationStatus::Revoked => Err(Closed::Revoked),
        OrganizationInvitationStatus::Accepted => Err(Closed::Accepted),
    }
}

/// The inviter's name as the invitee sees it: their name, else their username; `None` when
/// they have neither.
pub fn inviter_name(name: Option<&str>, username: Option<&str>) -> Option<String> {
    [name, username]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|text| !text.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationInvitationStatus::*;

    #[test]
    fn who_is_signed_in() {
        assert_eq!(
            signed_in(UserIdAnswer::Id("usr_1".into())),
            SignedIn::User("usr_1".into())
        );
        assert_eq!(signed_in(UserIdAnswer::Id(String::new())), SignedIn::Nobody);
        assert_eq!(signed_in(UserIdAnswer::Nobody), SignedIn::Nobody);
        for unusable in [".", ".."] {
            assert_eq!(
                signed_in(UserIdAnswer::Id(unusable.into())),
                SignedIn::Unusable
            );
        }
        assert_eq!(signed_in(UserIdAnswer::Unusable), SignedIn::Unusable);
        // Any other string is Logto's to judge (it is sent as one percent-encoded segment).
        assert_eq!(
            signed_in(UserIdAnswer::Id("a/b".into())),
            SignedIn::User("a/b".into())
        );
    }

    #[test]
    fn the_invitee_is_compared_without_case() {
        let same =
            |invitee: &str, email: Option<&str>| is_invitee(invitee, email, str::to_lowercase);
        assert!(same("ana@example.com", Some("ana@example.com")));
        assert!(same("Ana@Example.COM", Some("ana@example.com")));
        assert!(same("ÄNA@example.com", Some("äna@EXAMPLE.com")));
        assert!(!same("ana@example.com", Some("ana@example.org")));
        assert!(!same("ana@example.com", Some(" ana@example.com")));
        assert!(!same("ana@example.com", None));
        assert!(!same("", None));
        // Only the given lowercasing decides.
        assert!(!is_invitee("A@x.io", Some("a@x.io"), str::to_owned));
    }

    #[test]
    fn only_a_pending_unexpired_invitation_is_acceptable() {
        let now = 1_000_000.0;
        assert_eq!(acceptable(Pending, now + 1.0, now), Ok(()));
        assert_eq!(acceptable(Pending, now, now), Err(Closed::Expired));
        assert_eq!(acceptable(Pending, now - 1.0, now), Err(Closed::Expired));
        assert_eq!(acceptable(Expired, now + 1e9, now), Err(Closed::Expired));
        assert_eq!(acceptable(Revoked, now + 1e9, now), Err(Closed::Revoked));
        assert_eq!(acceptable(Revoked, now - 1.0, now), Err(Closed::Revoked));
        assert_eq!(acceptable(Accepted, now + 1e9, now), Err(Closed::Accepted));
        assert_eq!(effective_status(Pending, now - 1.0, now), Expired);
        assert_eq!(effective_status(Accepted, now - 1.0, now), Accepted);
    }

    #[test]
    fn the_inviter_is_named_by_name_then_username() {
        assert_eq!(
            inviter_name(Some("Alice"), Some("alice")).as_deref(),
            Some("Alice")
        );
        assert_eq!(inviter_name(None, Some("alice")).as_deref(), Some("alice"));
        assert_eq!(
            inviter_name(Some(" "), Some("alice")).as_deref(),
            Some("alice")
        );
        assert_eq!(inviter_name(Some(""), None), None);
        assert_eq!(inviter_name(None, None), None);
    }
}
