//! The one error type every failure becomes, and the decoding of Logto's error bodies.
//!
//! This module is plain Rust: the wasm shell turns an [`ApiError`] into a JavaScript `Error`
//! (see `crate::js_error`), adding Logto's `data` member as the original JavaScript value.

use tsify::Tsify;

use crate::text::{concat, decimal};
use crate::wire::string_enum;

string_enum! {
    /// What kind of failure a `LogtoApiError` is (its `kind`). More kinds may be added in minor
    /// versions.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
    pub enum LogtoApiErrorKind {
        /// The server answered with a status outside 2xx: see `status`, `code`, `message`.
        Http = "http",
        /// No HTTP response arrived: server unreachable, CORS refusal, connection dropped.
        Network = "network",
        /// An argument or configuration value is wrong; nothing was sent (see `field`).
        InvalidInput = "invalid_input",
        /// A 2xx response whose body is not what Logto sends.
        Decode = "decode",
        /// `getAccessToken` threw, rejected or gave no token.
        Token = "token",
        /// The caller's `AbortSignal` aborted the call.
        Aborted = "aborted",
        /// The call ran past its `timeoutMs`.
        Timeout = "timeout",
        /// An `onRequest` or `onResponse` hook threw.
        Hook = "hook",
    }
}

/// [`LogtoApiErrorKind`] by its Rust name.
pub type ErrorKind = LogtoApiErrorKind;

/// A failed call: what went wrong, in words a person can act on, plus Logto's fields when the
/// server answered. Boxed, so that every `Result` that can carry one stays small (measured:
/// 1.1 KB less `.wasm`); its fields are [`ErrorDetails`]'s.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError(Box<ErrorDetails>);

impl std::ops::Deref for ApiError {
    type Target = ErrorDetails;
    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

/// What an [`ApiError`] says.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetails {
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
        ApiError(Box::new(ErrorDetails {
            kind,
            message,
            status: None,
            code: None,
            details: None,
            request_id: None,
            field: None,
            attempts: 0,
        }))
    }

    /// Records how many attempts were made; the message says so when there was more than one.
    pub fn after_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        if attempts > 1 {
            self.message.push_str(" (after ");
            self.message.push_str(&decimal(attempts.into()));
            self.message.push_str(" attempts)");
        }
        self
    }

    /// An argument or configuration error naming `field`; nothing was sent.
    pub fn invalid_input(field: &str, problem: &str) -> Self {
        let mut error = ApiError::new(
            ErrorKind::InvalidInput,
            concat(&["`", field, "` ", problem]),
        );
        error.field = Some(field.to_owned());
        error
    }

    /// A 2xx response whose body could not be decoded as the documented shape.
    pub fn decode(status: u16, what: &str, problem: &str) -> Self {
        let mut error = ApiError::new(
            ErrorKind::Decode,
            concat(&[
                "The server answered ",
                &decimal(status.into()),
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

    /// The request never got an HTTP response. `detail` is the runtime's own message (with its
    /// cause's), `code` its cause code where there is one (Node's `ECONNREFUSED`, `ENOTFOUND`),
    /// which picks the advice; `in_browser` says whether CORS can be the reason.
    pub fn network(
        method: &str,
        url: &str,
        detail: &str,
        code: Option<&str>,
        in_browser: bool,
    ) -> Self {
        let mut message = concat(&[
            method,
            " ",
            url,
            " failed before any HTTP response arrived (",
        ]);
        message.push_str(detail);
        message.push_str(match (in_browser, code) {
            (true, None) => "). Likely causes: the server is down or unreachable, or the browser blocked the \
                 response by CORS (Logto's Management API allows only its console origins in \
                 production; call it through a same-origin backend proxy, e.g. baseUrl: \"/logto\").",
            (_, Some("ECONNREFUSED")) => "). Nothing is listening at that address: is the server running, and is the base URL right?",
            (_, Some("ENOTFOUND" | "EAI_AGAIN")) => "). The host name could not be resolved: check the base URL.",
            _ => "). Likely causes: the server is down or unreachable, or the connection was dropped.",
        });
        ApiError::new(ErrorKind::Network, message)
    }

    /// `getAccessToken` failed.
    pub fn token(problem: &str) -> Self {
        ApiError::new(
            ErrorKind::Token,
            concat(&["getAccessToken() ", problem, "; no request was sent"]),
        )
    }

    /// The caller aborted the call through its `AbortSignal`.
    pub fn aborted(method: &str, url: &str) -> Self {
        ApiError::new(
            ErrorKind::Aborted,
            concat(&[method, " ", url, " was aborted by the caller's AbortSignal"]),
        )
    }

    /// The call ran past its `timeoutMs`; `status` is the response's status when its headers had
    /// arrived and the body had not.
    pub fn timeout(method: &str, url: &str, timeout_ms: u32, status: Option<u16>) -> Self {
        let limit = decimal(timeout_ms.into());
        let message = match status {
            None => concat(&[
                method,
                " ",
                url,
                " got no response within ",
                &limit,
                " ms (timeoutMs) and was aborted",
            ]),
            Some(status) => concat(&[
                method,
                " ",
                url,
                " answered ",
                &decimal(status.into()),
                " but its body did not arrive within ",
                &limit,
                " ms (timeoutMs); the call was aborted",
            ]),
        };
        let mut error = ApiError::new(ErrorKind::Timeout, message);
        error.status = status;
        error
    }

    /// The caller's `AbortSignal` ended the call with a `TimeoutError` (`AbortSignal.timeout()`).
    pub fn timeout_signal(method: &str, url: &str, detail: &str) -> Self {
        ApiError::new(
            ErrorKind::Timeout,
            concat(&[
                method,
                " ",
                url,
                " was stopped by its AbortSignal's time limit (",
                detail,
                ")",
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
            _ => concat(&[
                "HTTP ",
                &decimal(status.into()),
                " ",
                reason_phrase(status),
                " (the response carried no Logto error message)",
            ]),
        };
        let mut error = ApiError::new(ErrorKind::Http, message);
        error.status = Some(status);
        error.code = code;
        error.details = details;
        error.request_id = request_id;
        error
    }

    /// An exception thrown by an `onRequest` or `onResponse` hook.
    pub fn hook(name: &str, problem: &str) -> Self {
        ApiError::new(
            ErrorKind::Hook,
            concat(&["the ", name, " hook threw: ", problem]),
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
        assert_eq!(
            ErrorKind::STRINGS,
            [
                "http",
                "network",
                "invalid_input",
                "decode",
                "token",
                "aborted",
                "timeout",
                "hook"
            ]
        );
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::parse(kind.as_str()), Some(*kind));
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
    fn network_errors_fit_the_environment() {
        let e = ApiError::network("GET", "http://x/api", "Failed to fetch", None, true);
        assert_eq!(e.kind, ErrorKind::Network);
        assert!(e.message.contains("CORS") && e.message.contains("unreachable"));
        assert!(e.message.contains("Failed to fetch"));
        let node = ApiError::network(
            "GET",
            "http://x/api",
            "fetch failed: ECONNREFUSED",
            Some("ECONNREFUSED"),
            false,
        );
        assert!(
            !node.message.contains("CORS") && !node.message.contains("browser"),
            "{}",
            node.message
        );
        assert!(
            node.message.contains("(fetch failed: ECONNREFUSED)"),
            "{}",
            node.message
        );
        let in_page = ApiError::network("GET", "u", "fetch failed", Some("ENOTFOUND"), true);
        assert!(!in_page.message.contains("CORS") && in_page.message.contains("resolved"));
        let dropped = ApiError::network("GET", "u", "other side closed", None, false);
        assert!(!dropped.message.contains("CORS"), "{}", dropped.message);
    }

    #[test]
    fn timeouts_say_whether_a_response_arrived() {
        let none = ApiError::timeout("GET", "u", 1000, None);
        assert!(none.message.contains("got no response within 1000 ms"));
        let stalled = ApiError::timeout("GET", "u", 1000, Some(200));
        assert!(
            !stalled.message.contains("no response"),
            "{}",
            stalled.message
        );
        assert!(stalled.message.contains("answered 200 but its body"));
        assert_eq!(stalled.status, Some(200));
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
