//! Reading the token endpoint's answers (RFC 6749 5.1 and 5.2, as Logto sends them) and the
//! `kind: "token"` errors they become. Plain Rust over [`Value`]: the wasm shell reads the parsed
//! body in place, host tests use `serde_json` values. No message ever carries the secret or a
//! token: the only texts taken from the server pass through [`redact`].

use crate::error::{ApiError, ErrorKind};
use crate::headers::bearer;
use crate::text::{concat, decimal};
use crate::wire::{Value, ValueType};

/// A token from a 2xx answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    /// The access token.
    pub access_token: String,
    /// Its lifetime in seconds, `None` when the answer has no `expires_in` (RFC 6749 5.1 makes it
    /// optional; [`super::cache::CachedToken::for_answer`] decides what each means).
    pub expires_in: Option<f64>,
}

/// Reads a 2xx body: `access_token` (a string an HTTP header can carry), `token_type` `Bearer`
/// (any case), `expires_in` (seconds: a number, or a string of one as some servers send it,
/// e.g. `"3600"`; absent or `undefined` when the server does not say), and when `scope` is
/// present, every scope asked for. The problem in words otherwise, which never quotes the body.
pub fn read_issued<V: Value>(body: &V, requested_scope: &str) -> Result<Issued, String> {
    if !body.is(ValueType::Object) {
        return Err(concat(&[
            "expected a JSON object, got ",
            body.value_type().describe(),
        ]));
    }
    let member = |key: &'static str| body.member(key).ok();
    let access_token = member("access_token")
        .and_then(|v| v.string())
        .filter(|t| !t.is_empty() && bearer(t).is_some())
        .ok_or("`access_token` is missing, empty or not a string an HTTP header can carry")?;
    let bearer_type = member("token_type")
        .and_then(|v| v.string())
        .is_some_and(|t| t.eq_ignore_ascii_case("Bearer"));
    if !bearer_type {
        return Err("`token_type` is not \"Bearer\"".to_owned());
    }
    let expires_in = match member("expires_in") {
        Some(v) if v.is(ValueType::Undefined) => None,
        Some(v) => match v
            .number()
            .or_else(|| v.string().as_deref().and_then(seconds))
        {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => return Err("`expires_in` is not a number of seconds".to_owned()),
        },
        None => None,
    };
    if let Some(granted) = member("scope").and_then(|v| v.string()) {
        let missing: Vec<&str> = requested_scope
            .split(' ')
            .filter(|s| !s.is_empty() && !granted.split(' ').any(|g| g == *s))
            .collect();
        if !missing.is_empty() {
            return Err(concat(&[
                "the token lacks the scope \"",
                &missing.join(" "),
                "\" (the app needs the role \"Logto Management API access\")",
            ]));
        }
    }
    Ok(Issued {
        access_token,
        expires_in,
    })
}

/// A number of seconds written as a string (`"3600"`, `"59.5"`): decimal digits, optionally a
/// `.` and more digits. Anything else (`""`, `" 3600"`, `"-1"`, `"1e3"`, `"Infinity"`, `"soon"`)
/// is none. Read digit by digit rather than with `str::parse::<f64>`, whose exact float parsing
/// would add about 18 KB to the server's .wasm; integers are exact up to 2^53, a fraction is the
/// nearest float of its digits over a power of ten (at most one ulp off: seconds need no more).
fn seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| {
        part.bytes().try_fold(0.0_f64, |n, b| {
            b.is_ascii_digit().then(|| n * 10.0 + f64::from(b - b'0'))
        })
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let fraction_digits = i32::try_from(fraction.len()).ok()?;
    Some(digits(whole)? + digits(fraction)? / 10f64.powi(fraction_digits))
}

/// The error codes of OAuth's token endpoint (RFC 6749 5.2, RFC 8707 for `invalid_target`) and
/// the server errors any OAuth server may answer (RFC 6749 4.1.2.1).
const OAUTH_ERRORS: [&str; 9] = [
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "invalid_target",
    "server_error",
    "temporarily_unavailable",
];

/// Whether `error` is one of OAuth's token error codes.
pub fn is_oauth_error(error: &str) -> bool {
    OAUTH_ERRORS.contains(&error)
}

/// Whether `code` is Logto's code for an OAuth error: `oidc.` and one of OAuth's error codes
/// (e.g. `oidc.invalid_client`).
pub fn is_oauth_code(code: &str) -> bool {
    code.strip_prefix("oidc.").is_some_and(is_oauth_error)
}

/// The members of an error answer that are passed on: OAuth's `error` (RFC 6749 5.2) and
/// Logto's `code`, each only when it has its known shape, so that nothing a token endpoint
/// writes (a secret echoed back, in any encoding) reaches an error. OAuth's free-text
/// `error_description` is never read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OAuthError {
    /// OAuth's error code, e.g. `invalid_client`.
    pub error: Option<String>,
    /// Logto's code, e.g. `oidc.invalid_client`.
    pub code: Option<String>,
}

/// Reads an error body; members of another type or shape count as absent.
pub fn read_oauth_error<V: Value>(body: &V) -> OAuthError {
    if !body.is(ValueType::Object) {
        return OAuthError::default();
    }
    let read = |key: &'static str, known: fn(&str) -> bool| {
        body.member(key)
            .ok()
            .and_then(|v| v.string())
            .filter(|text| known(text))
    };
    OAuthError {
        error: read("error", is_oauth_error),
        code: read("code", is_oauth_code),
    }
}

/// A `kind: "token"` error with this message.
fn token_error(message: String) -> ApiError {
    let mut error = ApiError::token("");
    error.message = message;
    error
}

/// What to check for an OAuth error code.
fn advice(error: Option<&str>) -> &'static str {
    match error {
        Some("invalid_client") => " Check the machine-to-machine app's ID and secret.",
        Some("invalid_target") => {
            " Check `resource`: https://default.logto.app/api for a self-hosted Logto, https://<tenant-id>.logto.app/api for Logto Cloud."
        }
        Some("unauthorized_client" | "unsupported_grant_type") => {
            " The app must be a machine-to-machine app."
        }
        Some("invalid_scope") => {
            " The app needs the role \"Logto Management API access\"."
        }
        _ => "",
    }
}

/// Logto refused the token request with `status` and (when it was JSON) `body`.
pub fn refused(status: u16, body: &OAuthError, request_id: Option<String>) -> ApiError {
    let mut message = concat(&[
        "Logto refused the client-credentials token request: HTTP ",
        &decimal(status.into()),
    ]);
    if let Some(error) = &body.error {
        message.push_str(", ");
        message.push_str(error);
    }
    message.push('.');
    message.push_str(advice(body.error.as_deref()));
    let mut error = token_error(message);
    error.status = Some(status);
    error.code = body.code.clone();
    error.request_id = request_id;
    error
}

/// A 2xx answer that is not a token response.
pub fn not_a_token(status: u16, problem: &str, request_id: Option<String>) -> ApiError {
    let mut error = token_error(concat(&[
        "Logto's token endpoint answered ",
        &decimal(status.into()),
        " but not with a usable token: ",
        problem,
        ". Is `endpoint` the Logto server?",
    ]));
    error.status = Some(status);
    error.request_id = request_id;
    error
}

/// No answer arrived (the runtime's `detail`, its cause `code`).
pub fn unreachable(url: &str, detail: &str, code: Option<&str>) -> ApiError {
    let mut error = ApiError::network("POST", url, detail, code, false);
    error.kind = ErrorKind::Token;
    error
}

/// The token request got no whole answer within `limit_ms`.
pub fn timed_out(url: &str, limit_ms: u32) -> ApiError {
    token_error(concat(&[
        "POST ",
        url,
        " got no whole answer within ",
        &decimal(limit_ms.into()),
        " ms (clientCredentials' timeoutMs) and was aborted; the next call asks again",
    ]))
}

/// `text` with every occurrence of each non-empty secret replaced by `[redacted]`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(secret) {
            out = out.replace(secret, "[redacted]");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn issued(body: serde_json::Value) -> Result<Issued, String> {
        read_issued(&Some(body), "all")
    }

    #[test]
    fn logto_answers_are_read() {
        // Cases 1 and 7 of the token transcript.
        let token = issued(
            json!({"access_token": "eyJ.a.b", "expires_in": 3600, "token_type": "Bearer", "scope": "all"}),
        );
        assert_eq!(
            token,
            Ok(Issued {
                access_token: "eyJ.a.b".into(),
                expires_in: Some(3600.0)
            })
        );
        assert!(
            issued(json!({"access_token": "t", "expires_in": 3600, "token_type": "bearer"}))
                .is_ok()
        );
        assert_eq!(
            issued(json!({"access_token": "t", "token_type": "Bearer"})).map(|t| t.expires_in),
            Ok(None)
        );
        assert_eq!(
            issued(json!({"access_token": "t", "expires_in": 0, "token_type": "Bearer"}))
                .map(|t| t.expires_in),
            Ok(Some(0.0))
        );
    }

    #[test]
    fn a_numeric_string_expires_in_is_that_number() {
        for (text, seconds) in [
            ("3600", 3600.0),
            ("0", 0.0),
            ("59.5", 59.5),
            ("007", 7.0),
            ("0.1", 0.1),
            ("1.", 1.0),
            (".25", 0.25),
        ] {
            assert_eq!(
                issued(json!({"access_token": "t", "expires_in": text, "token_type": "Bearer"}))
                    .map(|t| t.expires_in),
                Ok(Some(seconds)),
                "{text}"
            );
        }
        let huge = "9".repeat(400);
        for text in [
            "", " 3600", "3600 ", "-1", "+1", "1e3", "1.2.3", ".", "Infinity", "NaN", "inf",
            "soon", "0x10", &huge,
        ] {
            assert_eq!(
                issued(json!({"access_token": "t", "expires_in": text, "token_type": "Bearer"})),
                Err("`expires_in` is not a number of seconds".to_owned()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unusable_answers_are_refused_without_quoting_them() {
        for body in [
            json!([]),
            json!({"expires_in": 3600, "token_type": "Bearer"}),
            json!({"access_token": "", "expires_in": 3600, "token_type": "Bearer"}),
            json!({"access_token": "a\nb", "expires_in": 3600, "token_type": "Bearer"}),
            json!({"access_token": "secret-token", "expires_in": 3600, "token_type": "MAC"}),
            json!({"access_token": "secret-token", "expires_in": "an hour", "token_type": "Bearer"}),
            json!({"access_token": "secret-token", "expires_in": null, "token_type": "Bearer"}),
            json!({"access_token": "secret-token", "expires_in": -1, "token_type": "Bearer"}),
        ] {
            let problem = issued(body.clone()).unwrap_err();
            assert!(!problem.contains("secret-token"), "{problem}");
        }
        let problem = issued(json!({"access_token": "t", "expires_in": 1, "token_type": "Bearer", "scope": "openid"})).unwrap_err();
        assert!(problem.contains("scope \"all\""), "{problem}");
        assert!(read_issued(
            &Some(json!({"access_token": "t", "token_type": "Bearer", "scope": "b all"})),
            "all b"
        )
        .is_ok());
    }

    #[test]
    fn refusals_carry_logto_fields_and_advice() {
        // Case 3 of the token transcript.
        let body = read_oauth_error(&Some(
            json!({"code":"oidc.invalid_client","message":"An OIDC error occurred: oidc.invalid_client.","error":"invalid_client","error_description":"client authentication failed"}),
        ));
        assert_eq!(body.error.as_deref(), Some("invalid_client"));
        let error = refused(401, &body, Some("7SV3HedduD0DkFIP".into()));
        assert_eq!(error.kind, ErrorKind::Token);
        assert_eq!(error.status, Some(401));
        assert_eq!(error.code.as_deref(), Some("oidc.invalid_client"));
        assert_eq!(error.request_id.as_deref(), Some("7SV3HedduD0DkFIP"));
        assert_eq!(
            error.message,
            "Logto refused the client-credentials token request: HTTP 401, invalid_client. Check the machine-to-machine app's ID and secret."
        );
        let target = refused(
            400,
            &OAuthError {
                error: Some("invalid_target".into()),
                ..OAuthError::default()
            },
            None,
        );
        assert!(
            target.message.contains("<tenant-id>.logto.app/api"),
            "{}",
            target.message
        );
        let bare = refused(503, &OAuthError::default(), None);
        assert_eq!(
            bare.message,
            "Logto refused the client-credentials token request: HTTP 503."
        );
    }

    #[test]
    fn only_known_codes_are_passed_on() {
        // A token endpoint that echoes the secret: base64 of `id:secret` (unpadded) in `code`,
        // the URL-encoded secret in `error_description`, free text in `error`.
        let body = read_oauth_error(&Some(json!({
            "code": "cHJveHktdGVzdC1hcHA6czNjcjp0",
            "error": "s3cr%3At",
            "error_description": "bad secret s3cr%3At",
        })));
        assert_eq!(body, OAuthError::default());
        let message = refused(401, &body, None).message.clone();
        assert_eq!(
            message,
            "Logto refused the client-credentials token request: HTTP 401."
        );
        for (code, known) in [
            ("oidc.invalid_client", true),
            ("oidc.invalid_target", true),
            ("oidc.unsupported_grant_type", true),
            ("invalid_client", false),
            ("oidc.", false),
            ("oidc.invalid_client2", false),
            ("auth.forbidden", false),
        ] {
            assert_eq!(is_oauth_code(code), known, "{code}");
        }
        assert!(is_oauth_error("invalid_scope"));
        assert!(!is_oauth_error("Invalid_Scope"));
        assert_eq!(redact("abc", &[""]), "abc");
        assert_eq!(redact("x s3 y", &["s3"]), "x [redacted] y");
    }

    #[test]
    fn unreachable_is_a_token_error() {
        let error = unreachable(
            "http://127.0.0.1:1/oidc/token",
            "fetch failed: connect ECONNREFUSED",
            Some("ECONNREFUSED"),
        );
        assert_eq!(error.kind, ErrorKind::Token);
        assert!(error
            .message
            .starts_with("POST http://127.0.0.1:1/oidc/token failed"));
        assert!(!error.message.contains("CORS"));
    }
}
