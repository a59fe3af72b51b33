//! The proxy's own answers, shaped like Logto's errors (`{"code": "...", "message": "..."}`,
//! `application/json; charset=utf-8`) so that the package's client reads them as it reads
//! Logto's (`error.status`, `error.code`, `error.message`). Their codes are in a `proxy.`
//! namespace: none of them is Logto's answer, and a dashboard should be able to tell "the proxy
//! refused" from "Logto refused" (Logto's own `auth.forbidden` means the M2M app lacks a role).
//! No answer ever quotes a token, a secret or a request header.

use crate::text::{concat, decimal};
use crate::token::is_oauth_code;
use crate::wire::write_json_string;

/// A refusal: what the proxy answers instead of forwarding, or when Logto cannot be reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// The error code, `proxy.*`.
    pub code: &'static str,
    /// What happened, for a person.
    pub message: String,
    /// For 405: the `Allow` header.
    pub allow: Option<String>,
    /// For 401 and 403: the `WWW-Authenticate` header of the `Response` that `organizationIds`
    /// threw.
    pub www_authenticate: Option<String>,
}

impl Refusal {
    /// A refusal with this status, code and message (the acceptance handler composes its own).
    pub(crate) fn new(status: u16, code: &'static str, message: String) -> Self {
        Refusal {
            status,
            code,
            message,
            allow: None,
            www_authenticate: None,
        }
    }

    /// 404: nothing the proxy forwards has this path (the proxy is mounted at `prefix`).
    pub fn not_found(method: &str, path: &str, prefix: &str) -> Self {
        Refusal::new(
            404,
            "proxy.not_found",
            concat(&[
                method,
                " ",
                path,
                " is not forwarded: this proxy forwards only the organization-invitation operations and the read-only lookups it was allowed, under its prefix \"",
                prefix,
                "\" (a framework that strips the mount path needs prefix: \"\")",
            ]),
        )
    }

    /// 405: the path is forwarded, with other methods (`allow`).
    pub fn method_not_allowed(method: &str, path: &str, allow: String) -> Self {
        let mut refusal = Refusal::new(
            405,
            "proxy.method_not_allowed",
            concat(&[
                method,
                " is not forwarded for ",
                path,
                "; allowed: ",
                &allow,
            ]),
        );
        refusal.allow = Some(allow);
        refusal
    }

    /// 403: a browser marked the request as coming from another site or origin.
    pub fn cross_origin() -> Self {
        Refusal::new(
            403,
            "proxy.cross_origin",
            "The request comes from another origin (Sec-Fetch-Site); this proxy serves its own origin only".to_owned(),
        )
    }

    /// 403: `authorize` did not answer `true`.
    pub fn forbidden(operation: &str) -> Self {
        Refusal::new(
            403,
            "proxy.forbidden",
            concat(&[
                "Not authorized to ",
                operation,
                " (the proxy's authorize check refused it)",
            ]),
        )
    }

    /// 415: the operation takes a JSON body and this one is not.
    pub fn unsupported_media_type() -> Self {
        Refusal::new(
            415,
            "proxy.unsupported_media_type",
            "The request body must be JSON (Content-Type: application/json)".to_owned(),
        )
    }

    /// 413: the body is over `cap` bytes.
    pub fn payload_too_large(cap: usize) -> Self {
        Refusal::new(
            413,
            "proxy.payload_too_large",
            concat(&[
                "The request body is larger than ",
                &decimal(cap as u64),
                " bytes",
            ]),
        )
    }

    /// 400: the body stream failed before its end.
    pub fn unreadable_body() -> Self {
        Refusal::new(
            400,
            "proxy.unreadable_body",
            "The request body could not be read to its end".to_owned(),
        )
    }

    /// 502: no Management API token (`code`: the token error's code, quoted only when it is
    /// one of Logto's OAuth codes, e.g. `oidc.invalid_client`: a token endpoint's free text never
    /// reaches a message).
    pub fn token_unavailable(code: Option<&str>) -> Self {
        let mut message = String::from("The proxy could not get a Management API token from Logto");
        if let Some(code) = code.filter(|c| is_oauth_code(c)) {
            message.push_str(" (");
            message.push_str(code);
            message.push(')');
        }
        Refusal::new(502, "proxy.token_unavailable", message)
    }

    /// 502: Logto did not answer (`code`: the runtime's cause code, e.g. `ECONNREFUSED`).
    pub fn logto_unreachable(code: Option<&str>) -> Self {
        let mut message = String::from("The proxy could not reach Logto");
        if let Some(code) = code.filter(|c| is_plain_code(c)) {
            message.push_str(" (");
            message.push_str(code);
            message.push(')');
        }
        Refusal::new(502, "proxy.logto_unreachable", message)
    }

    /// 502: Logto's answer cannot be passed on (a status outside 200-599).
    pub fn bad_answer(status: u16) -> Self {
        Refusal::new(
            502,
            "proxy.bad_answer",
            concat(&[
                "Logto answered with status ",
                &decimal(status.into()),
                ", which the proxy does not pass on",
            ]),
        )
    }

    /// 404 exactly as Logto answers an unknown ID (`entity.not_found`): in scoped mode, both an
    /// unknown ID and one outside the scope get this one answer, so nobody learns that it exists.
    pub fn not_found_entity() -> Self {
        Refusal::new(
            404,
            "entity.not_found",
            "The resource does not exist.".to_owned(),
        )
    }

    /// 403: the organization is not in the request's scope.
    pub fn out_of_scope(organization_id: &str) -> Self {
        Refusal::new(
            403,
            "proxy.out_of_scope",
            concat(&[
                "Organization \"",
                organization_id,
                "\" is not one this request may act in (the proxy's organizationIds)",
            ]),
        )
    }

    /// 403: a list without `organizationId` when the scope is not exactly one organization.
    pub fn organization_required(in_scope: usize) -> Self {
        let message = if in_scope == 0 {
            "This request may act in no organization (the proxy's organizationIds answered [])"
                .to_owned()
        } else {
            concat(&[
                "Name the organization: this request may act in ",
                &decimal(in_scope as u64),
                " organizations, so the list needs organizationId",
            ])
        };
        Refusal::new(403, "proxy.out_of_scope", message)
    }

    /// 403: a create whose body has no `organizationId` string to judge.
    pub fn organization_missing() -> Self {
        Refusal::new(
            403,
            "proxy.out_of_scope",
            "The body has no organizationId string, so the proxy cannot tell whether this request may act in it".to_owned(),
        )
    }

    /// 401 or 403: `organizationIds` refused the request by throwing a `Response` with that
    /// status (401: no usable session), whose `WWW-Authenticate` is `challenge`: its
    /// `error_description`, when it is short plain text, ends the message.
    pub fn scope_refused(status: u16, challenge: Option<&str>) -> Self {
        let mut refusal = if status == 401 {
            Refusal::new(
                401,
                "proxy.unauthenticated",
                "Not signed in, or the session has expired (the proxy's organizationIds refused it)".to_owned(),
            )
        } else {
            Refusal::new(
                403,
                "proxy.forbidden",
                "Not authorized (the proxy's organizationIds refused it)".to_owned(),
            )
        };
        if let Some(description) = challenge.and_then(error_description) {
            refusal.message.pop();
            refusal.message.push_str(": ");
            refusal.message.push_str(description);
            refusal.message.push(')');
        }
        refusal.www_authenticate = challenge.map(str::to_owned);
        refusal
    }

    /// 403: `organizationIds` did not answer an array of organization IDs (strings, none empty,
    /// `.` or `..`).
    pub fn scope_unusable() -> Self {
        Refusal::new(
            403,
            "proxy.forbidden",
            "Not authorized: the proxy's organizationIds did not answer an array of organization IDs (strings, none empty)".to_owned(),
        )
    }

    /// 403: `organizationIds` threw or rejected with something other than a 401 or 403
    /// `Response` (fail closed: the cause is the app's to log).
    pub fn scope_failed() -> Self {
        Refusal::new(
            403,
            "proxy.forbidden",
            "Not authorized: the proxy's organizationIds threw or rejected (wrap it to log the cause; throw a Response with status 401 or 403 to refuse on purpose)".to_owned(),
        )
    }

    /// 400: the query is malformed, repeats a key, or has a key the operation does not take.
    pub fn invalid_query(detail: &str) -> Self {
        Refusal::new(
            400,
            "proxy.invalid_query",
            concat(&["The query cannot be forwarded: ", detail]),
        )
    }

    /// 400: the body is not UTF-8 JSON (a byte order mark, invalid bytes, a syntax error).
    pub fn invalid_json() -> Self {
        Refusal::new(
            400,
            "proxy.invalid_json",
            "The request body must be JSON in UTF-8 without a byte order mark".to_owned(),
        )
    }

    /// 415: a `Content-Encoding` other than identity.
    pub fn unsupported_content_encoding() -> Self {
        Refusal::new(
            415,
            "proxy.unsupported_content_encoding",
            "The request body must not be compressed (Content-Encoding other than identity)"
                .to_owned(),
        )
    }

    /// 504: `step` (`authorize`, `organizationIds`, `getAccessToken`, `Logto`) did not finish
    /// within `limit_ms`.
    pub fn timeout(step: &str, limit_ms: u32) -> Self {
        Refusal::new(
            504,
            "proxy.timeout",
            concat(&[
                step,
                " did not answer within ",
                &decimal(limit_ms.into()),
                " ms (the proxy's timeouts option)",
            ]),
        )
    }

    /// 499: the client went away (its request's signal aborted); nobody reads this answer.
    pub fn client_gone() -> Self {
        Refusal::new(
            499,
            "proxy.client_gone",
            "The client closed the request".to_owned(),
        )
    }

    /// The JSON body: `{"code":"...","message":"..."}`.
    pub fn body(&self) -> String {
        let mut out = String::from("{\"code\":");
        write_json_string(&mut out, self.code);
        out.push_str(",\"message\":");
        write_json_string(&mut out, &self.message);
        out.push('}');
        out
    }
}

/// The `error_description` of a Bearer challenge (RFC 6750 section 3), when it is at most 160
/// printable ASCII characters (no escapes): e.g. `The token has expired`.
pub fn error_description(challenge: &str) -> Option<&str> {
    let start = challenge.find("error_description=\"")? + "error_description=\"".len();
    let rest = &challenge[start..];
    let description = &rest[..rest.find('"')?];
    (!description.is_empty()
        && description.len() <= 160
        && description
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'\\'))
    .then_some(description)
}

/// A short code of letters, digits, `.`, `_` and `-` (e.g. `oidc.invalid_client`, `ECONNREFUSED`),
/// safe to quote.
fn is_plain_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(refusal: &Refusal) -> Value {
        serde_json::from_str(&refusal.body()).unwrap()
    }

    #[test]
    fn bodies_are_logto_shaped_json() {
        let not_found = Refusal::not_found("GET", "/logto/api/users\"\n", "/logto");
        assert_eq!(not_found.status, 404);
        let body = parsed(&not_found);
        assert_eq!(body["code"], json!("proxy.not_found"));
        assert!(body["message"]
            .as_str()
            .unwrap()
            .starts_with("GET /logto/api/users\"\n is not forwarded"));
        assert_eq!(body.as_object().unwrap().len(), 2);
        let method = Refusal::method_not_allowed("PATCH", "/x", "GET, DELETE".into());
        assert_eq!(
            (method.status, method.allow.as_deref()),
            (405, Some("GET, DELETE"))
        );
        assert_eq!(
            Refusal::payload_too_large(65536).message,
            "The request body is larger than 65536 bytes"
        );
        for refusal in [
            Refusal::cross_origin(),
            Refusal::forbidden("deleteOrganizationInvitation"),
            Refusal::unsupported_media_type(),
            Refusal::unreadable_body(),
            Refusal::bad_answer(0),
        ] {
            assert!(parsed(&refusal)["code"]
                .as_str()
                .unwrap()
                .starts_with("proxy."));
        }
    }

    #[test]
    fn a_challenges_description_ends_the_message() {
        let expired = Refusal::scope_refused(
            401,
            Some("Bearer error=\"invalid_token\", error_description=\"The token has expired\""),
        );
        assert_eq!(
            expired.message,
            "Not signed in, or the session has expired (the proxy's organizationIds refused it: The token has expired)"
        );
        assert!(expired.www_authenticate.is_some());
        assert_eq!(
            Refusal::scope_refused(403, None).message,
            "Not authorized (the proxy's organizationIds refused it)"
        );
        for odd in [
            "Bearer",
            "Bearer error_description=\"\"",
            "Bearer error_description=\"unterminated",
            "Bearer error_description=\"a\\\"b\"",
        ] {
            assert_eq!(error_description(odd), None, "{odd}");
        }
        let long = format!("Bearer error_description=\"{}\"", "x".repeat(161));
        assert_eq!(error_description(&long), None);
    }

    #[test]
    fn only_plain_codes_are_quoted() {
        assert_eq!(
            Refusal::token_unavailable(Some("oidc.invalid_client")).message,
            "The proxy could not get a Management API token from Logto (oidc.invalid_client)"
        );
        // Free text, and a code of the right characters that is the base64 of `id:secret`.
        for unsafe_code in [
            "Bearer abc def",
            "cHJveHk6czNjcjN0",
            "oidc.cHJveHk6czNjcjN0",
            "invalid_client",
        ] {
            assert_eq!(
                Refusal::token_unavailable(Some(unsafe_code)).message,
                "The proxy could not get a Management API token from Logto"
            );
        }
        assert_eq!(
            Refusal::logto_unreachable(Some("ECONNREFUSED")).message,
            "The proxy could not reach Logto (ECONNREFUSED)"
        );
        assert_eq!(Refusal::logto_unreachable(None).status, 502);
    }
}
