//! Why a token is refused, and the answer that says so: RFC 6750 section 3's `WWW-Authenticate:
//! Bearer` challenge with `error="invalid_token"` (401) or `error="insufficient_scope"` (403), a
//! fixed `error_description` a person can act on. No description ever quotes the token or any of
//! its claims (the only value quoted is the permission the app configured). Plain Rust.

use crate::text::concat;

/// Why a request's token is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// No `Authorization: Bearer` token (RFC 6750 section 3.1: a challenge without an error).
    Missing,
    /// Not a JWS compact token, or a header or payload that cannot be read.
    Malformed,
    /// `alg: none`, or no signature.
    Unsigned,
    /// A signing algorithm Logto does not use (`HS256`, `PS256`, ...).
    Algorithm,
    /// No key of Logto's JWKS has the token's `kid` for its `alg`.
    UnknownKey,
    /// The signature does not verify with Logto's key.
    Signature,
    /// `iss` is not the issuer of Logto's discovery document.
    Issuer,
    /// `aud` is not exactly one organization (`urn:logto:organization:{id}`), or not the
    /// configured resource.
    Audience,
    /// `exp` has passed (beyond the clock tolerance), or there is no `exp`.
    Expired,
    /// `nbf` or `iat` is in the future (beyond the clock tolerance).
    NotYetValid,
    /// `client_id` is not one of the configured app IDs.
    Client,
    /// A machine-to-machine app's token (`sub` is its `client_id`) where only users are accepted,
    /// or no `sub`.
    Subject,
    /// The token's `scope` lacks this permission.
    Permission(String),
    /// No permission is configured for this operation (the `permissions` option).
    Unmapped,
    /// Logto's discovery document or JWKS could not be read in time.
    KeysUnavailable,
}

impl TokenProblem {
    /// The HTTP status: 401 for a token that is not valid, 403 for a valid token without the
    /// permission, 502 when Logto's keys could not be read.
    pub fn status(&self) -> u16 {
        match self {
            TokenProblem::Permission(_) | TokenProblem::Unmapped => 403,
            TokenProblem::KeysUnavailable => 502,
            _ => 401,
        }
    }

    /// What went wrong, for a person (`error_description`: ASCII without `"` or `\`).
    pub fn description(&self) -> &'static str {
        match self {
            TokenProblem::Missing => "No Authorization: Bearer token",
            TokenProblem::Malformed => "The token is not a JWT Logto issued",
            TokenProblem::Unsigned => "The token is not signed",
            TokenProblem::Algorithm => "The token is signed with an algorithm Logto does not use",
            TokenProblem::UnknownKey => {
                "The token is signed with a key that is not in Logto's JWKS"
            }
            TokenProblem::Signature => "The token's signature does not verify",
            TokenProblem::Issuer => "The token was not issued by this Logto",
            TokenProblem::Audience => "The token's audience is not what this server accepts",
            TokenProblem::Expired => "The token has expired",
            TokenProblem::NotYetValid => "The token is not valid yet (check the clocks)",
            TokenProblem::Client => "The token was issued to an app this server does not accept",
            TokenProblem::Subject => "The token is not a user's",
            TokenProblem::Permission(_) => "The token lacks the permission for this operation",
            TokenProblem::Unmapped => "No permission is configured for this operation",
            TokenProblem::KeysUnavailable => "Logto's signing keys could not be read",
        }
    }

    /// The `WWW-Authenticate` challenge (RFC 6750 section 3); `None` for a 502.
    pub fn challenge(&self) -> Option<String> {
        match self {
            TokenProblem::Missing => Some("Bearer".to_owned()),
            TokenProblem::KeysUnavailable => None,
            TokenProblem::Permission(permission) if is_scope_token(permission) => Some(concat(&[
                "Bearer error=\"insufficient_scope\", error_description=\"",
                self.description(),
                "\", scope=\"",
                permission,
                "\"",
            ])),
            TokenProblem::Permission(_) | TokenProblem::Unmapped => Some(concat(&[
                "Bearer error=\"insufficient_scope\", error_description=\"",
                self.description(),
                "\"",
            ])),
            _ => Some(concat(&[
                "Bearer error=\"invalid_token\", error_description=\"",
                self.description(),
                "\"",
            ])),
        }
    }
}

/// A scope token as RFC 6749 section 3.3 allows it (`%x21 / %x23-5B / %x5D-7E`), safe to quote.
pub fn is_scope_token(scope: &str) -> bool {
    !scope.is_empty()
        && scope
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_follow_rfc_6750() {
        assert_eq!(TokenProblem::Missing.challenge().as_deref(), Some("Bearer"));
        assert_eq!(TokenProblem::Missing.status(), 401);
        assert_eq!(
            TokenProblem::Expired.challenge().as_deref(),
            Some("Bearer error=\"invalid_token\", error_description=\"The token has expired\"")
        );
        let permission = TokenProblem::Permission("invite:member".into());
        assert_eq!(permission.status(), 403);
        assert_eq!(
            permission.challenge().as_deref(),
            Some("Bearer error=\"insufficient_scope\", error_description=\"The token lacks the permission for this operation\", scope=\"invite:member\"")
        );
        assert_eq!(TokenProblem::KeysUnavailable.status(), 502);
        assert_eq!(TokenProblem::KeysUnavailable.challenge(), None);
    }

    #[test]
    fn descriptions_are_quotable() {
        for problem in [
            TokenProblem::Missing,
            TokenProblem::Malformed,
            TokenProblem::Unsigned,
            TokenProblem::Algorithm,
            TokenProblem::UnknownKey,
            TokenProblem::Signature,
            TokenProblem::Issuer,
            TokenProblem::Audience,
            TokenProblem::Expired,
            TokenProblem::NotYetValid,
            TokenProblem::Client,
            TokenProblem::Subject,
            TokenProblem::Permission("a b\"".into()),
            TokenProblem::Unmapped,
            TokenProblem::KeysUnavailable,
        ] {
            let description = problem.description();
            assert!(description
                .bytes()
                .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\'));
            // A permission that is no scope token is not quoted.
            assert!(!problem.challenge().unwrap_or_default().contains("a b"));
        }
        assert!(is_scope_token("invite:member"));
        assert!(!is_scope_token("a\"b") && !is_scope_token("") && !is_scope_token("a b"));
    }
}
