//! The one error type every failure becomes, and the decoding of Logto's error bodies.
//!
//! This module is plain Rust: the wasm shell turns an [`ApiError`] into a JavaScript `Error`
//! (see `crate::js_error`), adding Logto's `data` member as the original JavaScript value.

use crate::text::{cat, num};

/// What kind of failure an [`ApiError`] is. The JavaScript `kind` property carries [`ErrorKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with a status outside 2xx.
    Http,
    /// No HTTP response arrived: server unreachable, CORS refusal, connection dropped.
    Network,
    /// An argument or configuration value is wrong; nothing was sent.
    InvalidInput,
    /// A 2xx response whose body is not what Logto sends.
    Decode,
    /// `getAccessToken` threw, rejected or returned something that is not a non-empty string.
    Token,
    /// The caller's `AbortSignal` aborted the call.
    Aborted,
    /// The call took longer than its `timeoutMs`.
    Timeout,
    /// An `onRequest` or `onResponse` hook threw.
    Hook,
}

impl ErrorKind {
    /// The string JavaScript sees in `error.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Decode => "decode",
            ErrorKind::Token => "token",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Hook => "hook",
        }
    }
}

/// A failed call: what went wrong, in words a person can act on, plus Logto's fields when the
/// server answered.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The category of failure.
    pub kind: ErrorKind,
    /// A human-readable explanation (Logto's own `message` for HTTP errors that carry one).
    pub message: String,
    /// The HTTP status, for `kind == Http` (and for a `Decode` error, the 2xx status received).
    pub status: Option<u16>,
    /// Logto's error code, e.g. `entity.not_found`.
    pub code: Option<String>,
    /// Logto's `details` string (validation errors).
    pub details: Option<String>,
    /// The `Logto-Core-Request-Id` response header, to quote in bug reports and server logs.
    pub request_id: Option<String>,
    /// For `InvalidInput`: the argument or field at fault, e.g. `invitee` or `config.baseUrl`.
    pub field: Option<String>,
    /// How many HTTP attempts were made (0 when the call failed before sending).
    pub attempts: u32,
}

impl ApiError {
    fn new(kind: ErrorKind, message: String) -> Self {
        ApiError {
            kind,
            message,
            status: None,
            code: None,
            details: None,
            request_id: None,
            field: None,
            attempts: 0,
        }
    }

    /// Records how many attempts were made; the message says so when there was more than one.
    pub fn after_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        if attempts > 1 {
            self.message.push_str(" (after ");
            self.message.push_str(&num(attempts.into()));
            self.message.push_str(" attempts)");
        }
        self
    }

    /// An argument or configuration error naming `field`; nothing was sent.
    pub fn invalid_input(field: &str, problem: &str) -> Self {
        let mut error = ApiError::new(ErrorKind::InvalidInput, cat(&["`", field, "` ", problem]));
        error.field = Some(field.to_owned());
        error
    }

    /// A 2xx response whose body could not be decoded as the documented shape.
    pub fn decode(status: u16, what: &str, problem: &str) -> Self {
        let mut error = ApiError::new(
            ErrorKind::Decode,
            cat(&[
                "The server answered ",
                &num(status.into()),
                " but its body is not ",
                what,
                " as Logto sends it: ",
                problem,
                ". Is the base URL pointing at a Logto server?",
            ]),
        );
        error.status = Some(status);
        error
    }

    /// The request never got an HTTP response (`detail` is the browser's own message).
    pub fn network(method: &str, url: &str, detail: &str) -> Self {
        ApiError::new(
            ErrorKind::Network,
            cat(&[
                method,
                " ",
                url,
                " failed before any HTTP response arrived (",
                detail,
                "). Likely causes: the server is down or unreachable, or the browser blocked the \
                 response by CORS (Logto's Management API allows only its console origins in \
                 production; call it through a same-origin backend proxy, e.g. baseUrl: \"/logto\").",
            ]),
        )
    }

    /// `getAccessToken` failed.
    pub fn token(problem: &str) -> Self {
        ApiError::new(
            ErrorKind::Token,
            cat(&["getAccessToken() ", problem, "; no request was sent"]),
        )
    }

    /// The caller aborted the call through its `AbortSignal`.
    pub fn aborted(method: &str, url: &str) -> Self {
        ApiError::new(
            ErrorKind::Aborted,
            cat(&[method, " ", url, " was aborted by the caller's AbortSignal"]),
        )
    }

    /// The call ran past its `timeoutMs`.
    pub fn timeout(method: &str, url: &str, timeout_ms: u32) -> Self {
        ApiError::new(
            ErrorKind::Timeout,
            cat(&[
                method,
                " ",
                url,
                " got no response within ",
                &num(timeout_ms.into()),
                " ms (timeoutMs) and was aborted",
            ]),
        )
    }

    /// An HTTP error built from the status and, when the body was Logto's JSON error, its fields.
    pub fn http(status: u16, body: Option<ErrorBody>, request_id: Option<String>) -> Self {
        let (code, message, details) = match body {
            Some(body) => (body.code, body.message, body.details),
            None => (None, None, None),
        };
        let message = match message {
            Some(message) if !message.is_empty() => message,
            _ => cat(&[
                "HTTP ",
                &num(status.into()),
                " ",
                reason_phrase(status),
                " (the response carried no Logto error message)",
            ]),
        };
        ApiError {
            kind: ErrorKind::Http,
            message,
            status: Some(status),
            code,
            details,
            request_id,
            field: None,
            attempts: 0,
        }
    }

    /// An exception thrown by an `onRequest` or `onResponse` hook.
    pub fn hook(name: &str, problem: &str) -> Self {
        ApiError::new(
            ErrorKind::Hook,
            cat(&["the ", name, " hook threw: ", problem]),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// The string fields of Logto's JSON error body `{ code?, message, details?, data? }`, as read by
/// [`crate::response::error_body`]. `data` stays in JavaScript (see `crate::transport`). Every
/// field is optional: Logto omits `code` for malformed JSON and 500s, and a proxy in front of
/// Logto may answer with any JSON at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorBody {
    /// Logto's error code, e.g. `guard.invalid_input`.
    pub code: Option<String>,
    /// Logto's human-readable message.
    pub message: Option<String>,
    /// Logto's `details`, e.g. `Error in key path "invitee": (invalid_string) Invalid email`.
    pub details: Option<String>,
}

/// The standard reason phrase of the statuses Logto and proxies in front of it use.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_stable_strings() {
        let all = [
            (ErrorKind::Http, "http"),
            (ErrorKind::Network, "network"),
            (ErrorKind::InvalidInput, "invalid_input"),
            (ErrorKind::Decode, "decode"),
            (ErrorKind::Token, "token"),
            (ErrorKind::Aborted, "aborted"),
            (ErrorKind::Timeout, "timeout"),
            (ErrorKind::Hook, "hook"),
        ];
        for (kind, s) in all {
            assert_eq!(kind.as_str(), s);
        }
    }

    #[test]
    fn http_error_uses_logto_message_and_code() {
        let body = ErrorBody {
            code: Some("entity.not_found".into()),
            message: Some("The resource does not exist.".into()),
            details: None,
        };
        let e = ApiError::http(404, Some(body), Some("abc".into()));
        assert_eq!(e.kind, ErrorKind::Http);
        assert_eq!(e.status, Some(404));
        assert_eq!(e.code.as_deref(), Some("entity.not_found"));
        assert_eq!(e.message, "The resource does not exist.");
        assert_eq!(e.request_id.as_deref(), Some("abc"));
    }

    #[test]
    fn http_error_without_body_names_the_status() {
        let e = ApiError::http(502, None, None);
        assert_eq!(e.status, Some(502));
        assert_eq!(e.code, None);
        assert!(e.message.contains("HTTP 502 Bad Gateway"), "{}", e.message);
    }

    #[test]
    fn an_empty_logto_message_falls_back_to_the_status() {
        let body = ErrorBody {
            message: Some(String::new()),
            ..ErrorBody::default()
        };
        let e = ApiError::http(500, Some(body), None);
        assert!(e.message.contains("HTTP 500"), "{}", e.message);
    }

    #[test]
    fn network_error_names_cors_and_reachability() {
        let e = ApiError::network("GET", "http://x/api", "Failed to fetch");
        assert_eq!(e.kind, ErrorKind::Network);
        assert!(e.message.contains("CORS"));
        assert!(e.message.contains("unreachable"));
        assert!(e.message.contains("Failed to fetch"));
    }

    #[test]
    fn attempts_are_counted_in_the_message() {
        let once = ApiError::http(503, None, None).after_attempts(1);
        assert_eq!(once.attempts, 1);
        assert!(!once.message.contains("attempts"));
        let thrice = ApiError::http(503, None, None).after_attempts(3);
        assert_eq!(thrice.attempts, 3);
        assert!(
            thrice.message.ends_with(" (after 3 attempts)"),
            "{}",
            thrice.message
        );
    }

    #[test]
    fn invalid_input_names_the_field() {
        let e = ApiError::invalid_input("invitee", "must be a string");
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.field.as_deref(), Some("invitee"));
        assert_eq!(e.message, "`invitee` must be a string");
    }
}
