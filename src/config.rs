//! The client's configuration: its TypeScript shape and the checks on each option.
//!
//! The wasm shell reads the JavaScript object member by member (so a wrong type names the
//! option), checks each value here, and keeps the result in these structs; the JavaScript
//! functions and signals they hold are only ever called by the shell.

use tsify::Tsify;

use crate::error::ApiError;
use crate::retry::RetryPolicy;
use crate::text::cat;

/// How the client authenticates and where it sends requests. Pass it to
/// `new OrganizationInvitationsApi(config)`.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationInvitationsApiConfig {
    /// Where Logto is: an absolute URL (`https://auth.example.com`, `https://tenant.logto.app`)
    /// or a path on the page's own origin (`/logto`) for a same-origin backend proxy.
    /// Trailing slashes are ignored; `/api/organization-invitations` is appended.
    pub base_url: String,
    /// A Management API access token, sent as `Authorization: Bearer <token>`. Omit it (and
    /// `getAccessToken`) when a proxy adds the token: then no `Authorization` header is sent.
    #[tsify(optional, type = "string | null")]
    pub access_token: Option<String>,
    /// Called for a (short-lived) token before each request, e.g. from the dashboard's own
    /// backend; may return the token or a promise of it. Concurrent calls share one pending
    /// request. After a 401 it is called once more with `{ forceRefresh: true }` and the call is
    /// repeated once with the new token. Takes precedence over `accessToken`.
    #[tsify(
        optional,
        type = "((options: { forceRefresh: boolean }) => string | Promise<string>) | null"
    )]
    pub get_access_token: Option<js_sys::Function>,
    /// Extra request headers, e.g. a CSRF token for a proxy. They cannot replace the
    /// `Authorization` header that `accessToken` or `getAccessToken` produces.
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<Vec<(String, String)>>,
    /// Whether the browser sends cookies: `"omit"`, `"same-origin"` (fetch's default) or
    /// `"include"` (cookie sessions with a cross-origin proxy).
    #[tsify(optional, type = "\"omit\" | \"same-origin\" | \"include\"")]
    pub credentials: Option<Credentials>,
    /// Default time limit for each call in milliseconds, after which it is aborted and rejects
    /// with `kind: "timeout"`. Unset: no limit besides the browser's own.
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<u32>,
    /// Retries of transient failures (network errors, 408, 429, 500, 502, 503, 504) for the
    /// calls that cannot do anything twice: GET, DELETE and the status PUT. The two POST calls
    /// (create, resend) are never repeated. Default `{ retries: 2, baseDelayMs: 300,
    /// maxDelayMs: 10000 }`; `false` turns retries off.
    #[tsify(optional, type = "RetryOptions | false")]
    pub retry: RetryPolicy,
    /// Called before each HTTP attempt with `{ method, url, headers, attempt }`: `headers` has
    /// lowercase names and never the `authorization` header. Headers it adds to or changes in
    /// `headers` are sent, e.g. tracing headers. It may be async (the request waits). If it throws or rejects, the call
    /// rejects with `kind: "hook"`.
    #[tsify(
        optional,
        type = "(request: RequestHookContext) => void | Promise<void>"
    )]
    pub on_request: Option<js_sys::Function>,
    /// Called after each HTTP attempt with `{ method, url, status, durationMs, attempt,
    /// requestId }` (`status` is absent when no response arrived). It may be async. If it
    /// throws or rejects, the call rejects with `kind: "hook"`.
    #[tsify(
        optional,
        type = "(response: ResponseHookContext) => void | Promise<void>"
    )]
    pub on_response: Option<js_sys::Function>,
}

/// The retry settings of the configuration's `retry` option; omitted members take the defaults.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RetryOptions {
    /// How many times a failed attempt may be repeated (0 to 10; default 2).
    #[tsify(optional)]
    pub retries: Option<u32>,
    /// Backoff unit in milliseconds: the n-th repeat waits a random time below
    /// `baseDelayMs * 2^(n-1)` (default 300).
    #[tsify(optional)]
    pub base_delay_ms: Option<u32>,
    /// The longest wait between attempts in milliseconds (default 10000); a `Retry-After`
    /// header asking for longer ends the retries.
    #[tsify(optional)]
    pub max_delay_ms: Option<u32>,
}

/// What the `onRequest` hook receives.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RequestHookContext {
    /// The HTTP method.
    pub method: String,
    /// The full request URL.
    pub url: String,
    /// The request headers (lowercase names) except `authorization`; add members to send more
    /// headers.
    #[tsify(type = "Record<string, string>")]
    pub headers: Vec<(String, String)>,
    /// 1 for the first attempt, 2 for the first repeat, ...
    pub attempt: u32,
}

/// What the `onResponse` hook receives.
#[derive(Clone, Debug, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ResponseHookContext {
    /// The HTTP method.
    pub method: String,
    /// The full request URL.
    pub url: String,
    /// The HTTP status; absent when no response arrived (network error, abort, timeout).
    #[tsify(optional)]
    pub status: Option<u16>,
    /// Milliseconds from sending to the response headers (or the failure).
    pub duration_ms: f64,
    /// 1 for the first attempt, 2 for the first repeat, ...
    pub attempt: u32,
    /// The `Logto-Core-Request-Id` response header.
    #[tsify(optional)]
    pub request_id: Option<String>,
}

/// Per-call options, the optional last argument of every method.
#[derive(Clone, Debug, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Aborts the call: it rejects with `kind: "aborted"` and the request is cancelled.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<web_sys::AbortSignal>,
    /// Time limit for this call in milliseconds (overrides the configuration's `timeoutMs`).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<u32>,
}

/// The `credentials` mode of every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// Never send cookies.
    Omit,
    /// Send cookies to the page's own origin only (fetch's default).
    SameOrigin,
    /// Send cookies cross-origin too.
    Include,
}

impl Credentials {
    /// Parses the option's string.
    pub fn parse(value: &str) -> Result<Self, ApiError> {
        match value {
            "omit" => Ok(Credentials::Omit),
            "same-origin" => Ok(Credentials::SameOrigin),
            "include" => Ok(Credentials::Include),
            _ => Err(ApiError::invalid_input(
                "config.credentials",
                "must be \"omit\", \"same-origin\" or \"include\"",
            )),
        }
    }
}

/// Checks and normalises `baseUrl`: `http(s)://host[:port][/path]` or `/path` (or `""` for the
/// page's origin), without query or fragment; trailing slashes are dropped.
pub fn normalize_base_url(value: &str) -> Result<String, ApiError> {
    const FIELD: &str = "config.baseUrl";
    let trimmed = value.trim();
    if trimmed.contains(['?', '#']) {
        return Err(ApiError::invalid_input(
            FIELD,
            "must not contain a query (?) or fragment (#)",
        ));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::invalid_input(FIELD, "must not contain spaces"));
    }
    let lower = trimmed.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else if trimmed.is_empty() || (trimmed.starts_with('/') && !trimmed.starts_with("//")) {
        return Ok(trimmed.trim_end_matches('/').to_owned());
    } else {
        return Err(ApiError::invalid_input(
            FIELD,
            "must be an absolute http(s) URL such as \"https://auth.example.com\" or a path on this origin such as \"/logto\"",
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(ApiError::invalid_input(FIELD, "has no host name"));
    }
    if rest
        .split('/')
        .next()
        .is_some_and(|host| host.contains('@'))
    {
        return Err(ApiError::invalid_input(
            FIELD,
            "must not carry credentials (user@host); use accessToken or getAccessToken",
        ));
    }
    Ok(trimmed.trim_end_matches('/').to_owned())
}

/// Checks an extra header: a valid token as its name, no line breaks in its value, and not one
/// the client sets itself.
pub fn validate_header(name: &str, value: &str) -> Result<(), ApiError> {
    let valid_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid_name {
        return Err(ApiError::invalid_input(
            "config.headers",
            &cat(&["has an invalid header name \"", name, "\""]),
        ));
    }
    if value.contains(['\r', '\n', '\0']) {
        return Err(ApiError::invalid_input(
            "config.headers",
            &cat(&["has a line break in the value of \"", name, "\""]),
        ));
    }
    if value.chars().any(|c| u32::from(c) > 0xFF) {
        return Err(ApiError::invalid_input(
            "config.headers",
            &cat(&[
                "has a character that HTTP headers cannot carry in the value of \"",
                name,
                "\"",
            ]),
        ));
    }
    Ok(())
}

/// Checks a `timeoutMs` value: a positive finite number of milliseconds, at most about 24 days
/// (the browser's timer limit); returns it as whole milliseconds.
pub fn validate_timeout(field: &str, value: f64) -> Result<u32, ApiError> {
    if !(value.is_finite() && value > 0.0 && value <= 2_147_483_647.0) {
        return Err(ApiError::invalid_input(
            field,
            "must be a positive number of milliseconds (at most 2147483647)",
        ));
    }
    Ok(value.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        for (input, output) in [
            ("https://auth.example.com", "https://auth.example.com"),
            ("https://auth.example.com/", "https://auth.example.com"),
            ("http://127.0.0.1:3001//", "http://127.0.0.1:3001"),
            (
                "HTTPS://Tenant.logto.app/base/",
                "HTTPS://Tenant.logto.app/base",
            ),
            ("/logto/", "/logto"),
            ("/", ""),
            ("", ""),
        ] {
            assert_eq!(normalize_base_url(input).as_deref(), Ok(output), "{input}");
        }
    }

    #[test]
    fn bad_base_urls_are_refused_with_the_field() {
        for bad in [
            "auth.example.com",
            "ftp://x",
            "//evil.example",
            "https://",
            "https:///path",
            "https://a.com/?x=1",
            "https://a.com/#f",
            "https://user:pw@a.com",
            "https://a .com",
            "logto",
        ] {
            let e = normalize_base_url(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("config.baseUrl"), "{bad}");
        }
    }

    #[test]
    fn credentials_parse() {
        assert_eq!(Credentials::parse("include"), Ok(Credentials::Include));
        assert_eq!(Credentials::parse("omit"), Ok(Credentials::Omit));
        assert_eq!(
            Credentials::parse("same-origin"),
            Ok(Credentials::SameOrigin)
        );
        assert!(Credentials::parse("all").is_err());
    }

    #[test]
    fn headers_are_checked() {
        assert!(validate_header("X-CSRF-Token", "abc").is_ok());
        assert!(validate_header("bad name", "x").is_err());
        assert!(validate_header("", "x").is_err());
        assert!(validate_header("X-A", "a\r\nInjected: 1").is_err());
        assert!(validate_header("X-A", "café").is_ok(), "ISO-8859-1 is fine");
        assert!(validate_header("X-A", "✓").is_err());
    }

    #[test]
    fn timeouts_are_checked() {
        assert_eq!(validate_timeout("timeoutMs", 1500.0), Ok(1500));
        assert_eq!(validate_timeout("timeoutMs", 0.5), Ok(1));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 3e9] {
            assert!(validate_timeout("timeoutMs", bad).is_err(), "{bad}");
        }
    }
}
