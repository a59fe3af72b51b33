//! The proxy's own answers, shaped like Logto's errors (`{"code": "...", "message": "..."}`,
//! `application/json; charset=utf-8`) so that the package's client reads them as it reads
//! Logto's (`error.status`, `error.code`, `error.message`). Their codes are in a `proxy.`
//! namespace: none of them is Logto's answer, and a dashboard should be able to tell "the proxy
//! refused" from "Logto refused" (Logto's own `auth.forbidden` means the M2M app lacks a role).
//! No answer ever quotes a token, a secret or a request header.

use crate::text::{concat, decimal};
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
}

impl Refusal {
    fn new(status: u16, code: &'static str, message: String) -> Self {
        Refusal {
            status,
            code,
            message,
            allow: None,
        }
    }

    /// 404: nothing the proxy forwards has this path.
    pub fn not_found(method: &str, path: &str) -> Self {
        Refusal::new(
            404,
            "proxy.not_found",
            concat(&[
                method,
                " ",
                path,
                " is not forwarded: this proxy forwards only the organization-invitation operations and the read-only lookups it was allowed",
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

    /// 502: no Management API token (`code`: the token error's code, when it has a plain one).
    pub fn token_unavailable(code: Option<&str>) -> Self {
        let mut message = String::from("The proxy could not get a Management API token from Logto");
        if let Some(code) = code.filter(|c| is_plain_code(c)) {
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
        let not_found = Refusal::not_found("GET", "/logto/api/users\"\n");
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
    fn only_plain_codes_are_quoted() {
        assert_eq!(
            Refusal::token_unavailable(Some("oidc.invalid_client")).message,
            "The proxy could not get a Management API token from Logto (oidc.invalid_client)"
        );
        assert_eq!(
            Refusal::token_unavailable(Some("Bearer abc def")).message,
            "The proxy could not get a Management API token from Logto"
        );
        assert_eq!(
            Refusal::logto_unreachable(Some("ECONNREFUSED")).message,
            "The proxy could not reach Logto (ECONNREFUSED)"
        );
        assert_eq!(Refusal::logto_unreachable(None).status, 502);
    }
}
