//! The client's configuration and per-call options, declared once with [`shape!`] (their
//! TypeScript, their readers), the hook contexts the client writes, and the checks on each
//! option's value. The JavaScript functions and signals they hold are only called by the shell.

use tsify::Tsify;

use crate::error::ApiError;
use crate::headers::HeaderList;
use crate::retry::RetryPolicy;
use crate::wire::{shape, string_enum, Field, ReadArg, Value};

string_enum! {
    /// The `credentials` mode of every request: whether the browser sends cookies.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
    pub enum Credentials {
        /// Never send cookies.
        Omit = "omit",
        /// Send cookies to the page's own origin only (fetch's default).
        SameOrigin = "same-origin",
        /// Send cookies cross-origin too.
        Include = "include",
    }
}

/// A checked, normalised `baseUrl`: `http(s)://host[:port][/path]` or a path on the page's
/// origin, without query, fragment or trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(pub String);

impl<V: Value> ReadArg<V> for BaseUrl {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        normalize_base_url(&String::read(value, at)?).map(BaseUrl)
    }
}

/// A time limit in whole milliseconds: a positive number, at most about 24 days (the timer
/// limit of browsers and Node).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutMs(pub u32);

impl TimeoutMs {
    /// The milliseconds given, or `default` where the option is absent.
    pub fn or(given: Option<TimeoutMs>, default: u32) -> u32 {
        given.map_or(default, |t| t.0)
    }
}

/// `undefined` and `null` are absent.
impl<V: Value> ReadArg<V> for Option<TimeoutMs> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        let ms = f64::read(value, at)?;
        if !(ms.is_finite() && ms > 0.0 && ms <= 2_147_483_647.0) {
            return Err(at.error("must be a positive number of milliseconds (at most 2147483647)"));
        }
        Ok(Some(TimeoutMs(ms.ceil() as u32)))
    }
}

shape! {
    [read]
    /// How the client authenticates and where it sends requests. Pass it to
    /// `new OrganizationInvitationsApi(config)`.
    #[derive(Clone, Debug, Tsify)]
    pub struct OrganizationInvitationsApiConfig {
        /// Where Logto is: an absolute URL (`https://auth.example.com`,
        /// `https://tenant.logto.app`) or a path on the page's own origin (`/logto`) for a
        /// same-origin backend proxy. Trailing slashes are ignored;
        /// `/api/organization-invitations` is appended.
        #[tsify(type = "string")]
        base_url: BaseUrl = "baseUrl",
        /// A Management API access token, sent as `Authorization: Bearer <token>`. Omit it (and
        /// `getAccessToken`) when a proxy adds the token: then no `Authorization` header is sent.
        #[tsify(optional, type = "string | null")]
        access_token: Option<String> = "accessToken",
        /// Called for a (short-lived) token before each request, e.g. from the dashboard's own
        /// backend; may return the token or a promise of it. Concurrent calls share one pending
        /// request. After a 401 it is called once more with `{ forceRefresh: true }` and the call
        /// is repeated once with the new token. Takes precedence over `accessToken`.
        #[tsify(
            optional,
            type = "((options: { forceRefresh: boolean }) => string | Promise<string>) | null"
        )]
        get_access_token: Option<js_sys::Function> = "getAccessToken",
        /// Extra request headers, e.g. a CSRF token for a proxy: a record, a `Headers` object or
        /// an array of `[name, value]` pairs (the Fetch standard's `HeadersInit`). Framing and
        /// hop-by-hop headers (`Content-Length`, `Host`, `Connection`, ...) are refused, and in a
        /// browser also the other forbidden headers it would drop (`Cookie`, `Origin`, ...). A
        /// token from `accessToken` or `getAccessToken` replaces an `Authorization` given here.
        #[tsify(
            optional,
            type = "Record<string, string> | Iterable<readonly [string, string]> | { forEach(callback: (value: string, name: string) => void): void }"
        )]
        headers: Option<HeaderList> = "headers",
        /// Whether the browser sends cookies: `"omit"`, `"same-origin"` (fetch's default) or
        /// `"include"` (cookie sessions with a cross-origin proxy).
        #[tsify(optional)]
        credentials: Option<Credentials> = "credentials",
        /// Default time limit for each call in milliseconds, retries and waits included, after
        /// which it is aborted and rejects with `kind: "timeout"`. Unset: no limit besides the
        /// runtime's own.
        #[tsify(optional, type = "number")]
        timeout_ms: Option<TimeoutMs> = "timeoutMs",
        /// Retries of transient failures (network errors, 408, 429, 500, 502, 503, 504) for the
        /// calls that cannot do anything twice: GET, DELETE and the status PUT. The two POST
        /// calls (create, resend) are never repeated. Default `{ retries: 2, baseDelayMs: 300,
        /// maxDelayMs: 10000 }`; `false` turns retries off.
        #[tsify(optional, type = "RetryOptions | false")]
        retry: RetryPolicy = "retry",
        /// Called before each HTTP attempt with `{ method, url, headers, attempt }`: `headers`
        /// has lowercase names and never the `authorization` header. Headers it adds to or
        /// changes in `headers` are sent, e.g. tracing headers. It may be async (the request
        /// waits). If it throws or rejects, the call rejects with `kind: "hook"`.
        #[tsify(optional, type = "(request: RequestHookContext) => void | Promise<void>")]
        on_request: Option<js_sys::Function> = "onRequest",
        /// Called after each HTTP attempt with `{ method, url, status, durationMs, attempt,
        /// requestId }` (`status` is absent when no response arrived). It may be async. If it
        /// throws or rejects, the call rejects with `kind: "hook"`.
        #[tsify(optional, type = "(response: ResponseHookContext) => void | Promise<void>")]
        on_response: Option<js_sys::Function> = "onResponse",
    }
}

impl OrganizationInvitationsApiConfig {
    /// Checks what the member types do not: an `accessToken` that is empty (it would send
    /// `Bearer `) or that an HTTP header cannot carry.
    pub fn validate(&self) -> Result<(), ApiError> {
        if let Some(token) = &self.access_token {
            if token.is_empty() {
                return Err(ApiError::invalid_input(
                    "config.accessToken",
                    "must not be empty (omit it when a proxy adds the token)",
                ));
            }
            // A token with a line break or a non-Latin-1 character cannot go in a header.
            crate::headers::validate_value("config.accessToken", "Authorization", token)?;
        }
        Ok(())
    }
}

shape! {
    [read]
    /// The retry settings of the configuration's `retry` option; omitted members take the
    /// defaults.
    #[derive(Clone, Debug, Default, Tsify)]
    pub struct RetryOptions {
        /// How many times a failed attempt may be repeated (0 to 10; default 2).
        #[tsify(optional)]
        retries: Option<u32> = "retries",
        /// Backoff unit in milliseconds: the n-th repeat waits a random time below
        /// `baseDelayMs * 2^(n-1)` (default 300).
        #[tsify(optional)]
        base_delay_ms: Option<u32> = "baseDelayMs",
        /// The longest wait between attempts in milliseconds (default 10000); a `Retry-After`
        /// header asking for longer ends the retries.
        #[tsify(optional)]
        max_delay_ms: Option<u32> = "maxDelayMs",
    }
}

/// `retry`: `undefined`/`null` (the defaults), `false` (none) or [`RetryOptions`].
impl<V: Value> ReadArg<V> for RetryPolicy {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(RetryPolicy::DEFAULT);
        }
        if value.boolean() == Some(false) {
            return Ok(RetryPolicy::NONE);
        }
        let options = RetryOptions::read(value, at)?;
        let policy = RetryPolicy {
            retries: options.retries.unwrap_or(RetryPolicy::DEFAULT.retries),
            base_delay_ms: options
                .base_delay_ms
                .unwrap_or(RetryPolicy::DEFAULT.base_delay_ms),
            max_delay_ms: options
                .max_delay_ms
                .unwrap_or(RetryPolicy::DEFAULT.max_delay_ms),
        };
        policy.validate()?;
        Ok(policy)
    }
}

shape! {
    [read]
    /// Per-call options, the optional last argument of every method.
    #[derive(Clone, Debug, Default, Tsify)]
    pub struct RequestOptions {
        /// Aborts the call: it rejects with `kind: "aborted"` (or `"timeout"` when the signal's
        /// reason is a `TimeoutError`, as with `AbortSignal.timeout()`), with the signal's
        /// `reason` as `cause`, and the request is cancelled.
        #[tsify(optional, type = "AbortSignal")]
        signal: Option<web_sys::AbortSignal> = "signal",
        /// Time limit for this call in milliseconds (overrides the configuration's `timeoutMs`).
        #[tsify(optional, type = "number")]
        timeout_ms: Option<TimeoutMs> = "timeoutMs",
    }
}

/// The headers object an `onRequest` hook receives and may change (lowercase names).
#[derive(Clone, Debug)]
pub struct HookHeaders(pub js_sys::Object);

shape! {
    [write]
    /// What the `onRequest` hook receives.
    #[derive(Clone, Debug, Tsify)]
    pub struct RequestHookContext {
        /// The HTTP method.
        method: String = "method",
        /// The full request URL.
        url: String = "url",
        /// The request headers (lowercase names) except `authorization`; add or change members
        /// to send other headers.
        #[tsify(type = "Record<string, string>")]
        headers: HookHeaders = "headers",
        /// 1 for the first attempt, 2 for the first repeat, ...
        attempt: u32 = "attempt",
    }
}

shape! {
    [write]
    /// What the `onResponse` hook receives.
    #[derive(Clone, Debug, Tsify)]
    pub struct ResponseHookContext {
        /// The HTTP method.
        method: String = "method",
        /// The full request URL.
        url: String = "url",
        /// The HTTP status; absent when no response arrived (network error, abort, timeout).
        #[tsify(optional)]
        status: Option<u16> = "status",
        /// Milliseconds from sending to the response headers (or the failure).
        duration_ms: f64 = "durationMs",
        /// 1 for the first attempt, 2 for the first repeat, ...
        attempt: u32 = "attempt",
        /// The `Logto-Core-Request-Id` response header.
        #[tsify(optional)]
        request_id: Option<String> = "requestId",
    }
}

/// Checks and normalises `baseUrl`: `http(s)://host[:port][/path]` or `/path` (or `""` for the
/// page's origin), without query or fragment; trailing slashes are dropped. The wasm shell also
/// parses it with the platform's URL parser when the client is built.
pub fn normalize_base_url(value: &str) -> Result<String, ApiError> {
    const FIELD: &str = "config.baseUrl";
    let trimmed = value.trim();
    if trimmed.bytes().any(|b| b == b'?' || b == b'#') {
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
        return Ok(without_trailing_slashes(trimmed).to_owned());
    } else {
        return Err(ApiError::invalid_input(
            FIELD,
            "must be an absolute http(s) URL such as \"https://auth.example.com\" or a path on this origin such as \"/logto\"",
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(ApiError::invalid_input(FIELD, "has no host name"));
    }
    if rest.bytes().take_while(|&b| b != b'/').any(|b| b == b'@') {
        return Err(ApiError::invalid_input(
            FIELD,
            "must not carry credentials (user@host); use accessToken or getAccessToken",
        ));
    }
    Ok(without_trailing_slashes(trimmed).to_owned())
}

/// `text` without its trailing `/`s (over bytes: `trim_end_matches` costs the .wasm a char
/// searcher).
fn without_trailing_slashes(text: &str) -> &str {
    let mut end = text.len();
    while end > 0 && text.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// How the platform's URL parser checks a normalised base URL when the client is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseUrlCheck {
    /// An absolute URL: parsed on its own.
    Absolute,
    /// A path (or `""`) where there is a page location: parsed against it, as `fetch` will.
    AgainstLocation,
    /// A path where there is no page location (Node, a server, a client component's module
    /// evaluated while the server renders it): parsed against a stand-in origin, so that one
    /// no platform can parse still throws at once; each call made while there is still no
    /// location rejects with [`no_page_location`].
    Deferred,
}

/// Decides [`BaseUrlCheck`] for `base` (as [`normalize_base_url`] left it), given whether the
/// environment has a page location.
pub fn base_url_check(base: &str, has_location: bool) -> BaseUrlCheck {
    if !is_path(base) {
        BaseUrlCheck::Absolute
    } else if has_location {
        BaseUrlCheck::AgainstLocation
    } else {
        BaseUrlCheck::Deferred
    }
}

/// Whether a normalised base URL is a path on the page's origin (`/logto`, or `""`), which
/// only a page location can complete.
pub fn is_path(base: &str) -> bool {
    base.is_empty() || base.starts_with('/')
}

/// How a call whose `baseUrl` is a path gives its URL to `fetch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathUrl {
    /// As it is: a browser's `fetch` resolves it against the page itself (its base URL).
    AsIs,
    /// Resolved against the page location first: a `fetch` without the browser's rules (Node's,
    /// node-fetch, under jsdom in Vitest or Jest) cannot resolve a path ("Failed to parse URL",
    /// "Only absolute URLs are supported") although the environment has a page location.
    AgainstLocation,
    /// Not sent: there is no page location ([`no_page_location`]).
    NoLocation,
}

/// Decides [`PathUrl`], given whether there is a page location and whether `fetch` follows the
/// browser's rules.
pub fn path_url(has_location: bool, browser_fetch: bool) -> PathUrl {
    match (has_location, browser_fetch) {
        (false, _) => PathUrl::NoLocation,
        (true, true) => PathUrl::AsIs,
        (true, false) => PathUrl::AgainstLocation,
    }
}

/// The error of a call made with a path as `baseUrl` where there is no page location to
/// resolve it against (the client itself can be created anywhere).
pub fn no_page_location() -> ApiError {
    ApiError::invalid_input(
        "config.baseUrl",
        "is a path, and this environment has no page location to resolve it against (in Node, a server or a test, give an absolute URL such as \"http://localhost:3001\")",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            (" https://a.com/p@q// ", "https://a.com/p@q"),
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
    fn a_path_waits_for_a_page_location_and_a_url_does_not() {
        use BaseUrlCheck::*;
        for (base, has_location, check) in [
            ("https://auth.example.com", false, Absolute),
            ("https://auth.example.com", true, Absolute),
            ("HTTP://127.0.0.1:3001/base", false, Absolute),
            ("/logto", true, AgainstLocation),
            ("", true, AgainstLocation),
            ("/logto", false, Deferred),
            ("", false, Deferred),
        ] {
            assert_eq!(
                base_url_check(base, has_location),
                check,
                "{base} {has_location}"
            );
        }
        assert_eq!(path_url(true, true), PathUrl::AsIs);
        assert_eq!(path_url(true, false), PathUrl::AgainstLocation);
        assert_eq!(path_url(false, true), PathUrl::NoLocation);
        assert_eq!(path_url(false, false), PathUrl::NoLocation);
        let error = no_page_location();
        assert_eq!(error.field.as_deref(), Some("config.baseUrl"));
        assert_eq!(error.kind, crate::error::ErrorKind::InvalidInput);
        assert!(error.message.contains(
            "is a path, and this environment has no page location to resolve it against"
        ));
    }

    #[test]
    fn credentials_parse() {
        assert_eq!(Credentials::parse("include"), Some(Credentials::Include));
        assert_eq!(
            Credentials::parse("same-origin"),
            Some(Credentials::SameOrigin)
        );
        assert_eq!(Credentials::parse("all"), None);
    }

    fn read<T: ReadArg<Option<serde_json::Value>>>(
        value: serde_json::Value,
    ) -> Result<T, ApiError> {
        T::read(&Some(value), Field::new("config.x"))
    }

    #[test]
    fn timeouts_are_checked() {
        assert_eq!(
            read::<Option<TimeoutMs>>(json!(1500)),
            Ok(Some(TimeoutMs(1500)))
        );
        assert_eq!(
            read::<Option<TimeoutMs>>(json!(0.5)),
            Ok(Some(TimeoutMs(1)))
        );
        assert_eq!(read::<Option<TimeoutMs>>(json!(null)), Ok(None));
        for bad in [json!(0), json!(-1), json!(3e9), json!("5")] {
            assert!(read::<Option<TimeoutMs>>(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_options_read_into_a_policy() {
        assert_eq!(read::<RetryPolicy>(json!(false)), Ok(RetryPolicy::NONE));
        assert_eq!(read::<RetryPolicy>(json!(null)), Ok(RetryPolicy::DEFAULT));
        let policy = read::<RetryPolicy>(json!({"retries": 5})).unwrap();
        assert_eq!((policy.retries, policy.base_delay_ms), (5, 300));
        let error = read::<RetryPolicy>(json!({"retries": -1})).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("config.x.retries"));
        assert!(read::<RetryPolicy>(json!({"retries": 11})).is_err());
        assert!(read::<RetryPolicy>(json!(true)).is_err());
    }
}
