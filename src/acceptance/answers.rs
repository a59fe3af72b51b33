//! The acceptance handler's own answers, shaped like Logto's errors and the proxy's
//! ([`Refusal`]), in its `proxy.` namespace. An unknown invitation and someone else's share one
//! answer, the proxy's composed 404 ([`Refusal::not_found_entity`]).

use super::decision::Closed;
use crate::proxy::Refusal;
use crate::text::concat;

/// 404: not a path the handler serves.
pub fn not_served(method: &str, path: &str, prefix: &str) -> Refusal {
    Refusal::new(
        404,
        "proxy.not_found",
        concat(&[
            method,
            " ",
            path,
            " is not served: this handler answers only GET ",
            prefix,
            "/{id} and POST ",
            prefix,
            "/{id}/accept (a framework that strips the mount path needs prefix: \"\")",
        ]),
    )
}

/// 401: nobody is signed in (`userId` answered `null`), so the page can send them to sign in, or
/// to sign up with the invited email, and back.
pub fn signed_out() -> Refusal {
    Refusal::new(
        401,
        "proxy.unauthenticated",
        "Not signed in: sign in (or sign up with the invited email address) to see and accept this invitation".to_owned(),
    )
}

/// 403: `userId` threw, rejected or answered something that is not a user ID or `null`.
pub fn user_id_failed() -> Refusal {
    Refusal::new(
        403,
        "proxy.forbidden",
        "Not authorized: the handler's userId threw, rejected, or answered neither a user ID nor null (wrap it to log the cause)".to_owned(),
    )
}

/// 415: the accept `POST` is not `Content-Type: application/json`, which a page on another origin
/// cannot send without a CORS preflight (never granted here).
pub fn preflight_required() -> Refusal {
    Refusal::new(
        415,
        "proxy.unsupported_media_type",
        "Accepting an invitation takes Content-Type: application/json (no body is needed), which no other site can send without a CORS preflight".to_owned(),
    )
}

/// 410 or 409: the invitee's invitation can no longer be accepted.
pub fn closed(closed: Closed) -> Refusal {
    match closed {
        Closed::Expired => Refusal::new(
            410,
            "proxy.invitation_expired",
            "This invitation has expired: ask the organization for a new one".to_owned(),
        ),
        Closed::Revoked => Refusal::new(
            410,
            "proxy.invitation_revoked",
            "This invitation was revoked by the organization".to_owned(),
        ),
        Closed::Accepted => Refusal::new(
            409,
            "proxy.invitation_accepted",
            "This invitation has been accepted already".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_closed_state_has_its_own_answer() {
        let answers = [Closed::Expired, Closed::Revoked, Closed::Accepted].map(closed);
        assert_eq!(
            answers.each_ref().map(|a| (a.status, a.code)),
            [
                (410, "proxy.invitation_expired"),
                (410, "proxy.invitation_revoked"),
                (409, "proxy.invitation_accepted")
            ]
        );
        assert_eq!(
            (signed_out().status, signed_out().code),
            (401, "proxy.unauthenticated")
        );
        let body: serde_json::Value =
            serde_json::from_str(&not_served("GET", "/x", "/invitations").body()).unwrap();
        assert_eq!(body["code"], "proxy.not_found");
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("GET /invitations/{id} and POST /invitations/{id}/accept"));
    }
}
