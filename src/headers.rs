//! The rules for the headers a caller adds (`config.headers`, and what an `onRequest` hook
//! leaves): names and values HTTP can carry, and none of the headers the transport owns.

use crate::error::ApiError;
use crate::text::concat;

/// Request headers as name/value pairs, in the order given; names keep the caller's case.
pub type HeaderList = Vec<(String, String)>;

/// Headers the transport owns everywhere: the message framing and hop-by-hop headers. A
/// caller's value would corrupt the framing (a wrong `Content-Length` makes a call hang in Node)
/// or be dropped.
const FRAMING: [&str; 10] = [
    "connection",
    "content-length",
    "expect",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// The Fetch standard's other forbidden request headers, which a browser drops silently
/// (`Cookie`, `Origin`, `Referer`, ..., and `Proxy-*`, `Sec-*`). Outside a browser (server
/// rendering, tests calling a proxy) they are sent, so they are allowed there.
const BROWSER_OWNED: [&str; 12] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "origin",
    "referer",
    "set-cookie",
    "via",
];

/// Whether the transport (or, `in_browser`, the browser) owns the header `name`, which a caller
/// may not set. (`Authorization` may be set for a proxy's own scheme; a token from `accessToken`
/// or `getAccessToken` replaces it.)
pub fn is_owned(name: &str, in_browser: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    FRAMING.contains(&lower.as_str())
        || (in_browser
            && (BROWSER_OWNED.contains(&lower.as_str())
                || lower.starts_with("proxy-")
                || lower.starts_with("sec-")))
}

/// Checks one header the caller adds, for the option `field`: a valid token as its name, a
/// value HTTP can carry (no line breaks, Latin-1 only), and not a header the transport (or, in a
/// browser, the browser) owns.
pub fn validate_header(
    field: &str,
    name: &str,
    value: &str,
    in_browser: bool,
) -> Result<(), ApiError> {
    let valid_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid_name {
        return Err(ApiError::invalid_input(
            field,
            &concat(&["has an invalid header name \"", name, "\""]),
        ));
    }
    if is_owned(name, in_browser) {
        return Err(ApiError::invalid_input(
            field,
            &concat(&[
                "cannot set \"",
                name,
                "\": the transport (or the browser) sets it itself",
            ]),
        ));
    }
    validate_value(field, name, value)
}

/// Checks a header value: no line breaks or NUL, and only characters HTTP headers can carry.
pub fn validate_value(field: &str, name: &str, value: &str) -> Result<(), ApiError> {
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(ApiError::invalid_input(
            field,
            &concat(&["has a line break in the value of \"", name, "\""]),
        ));
    }
    // Above U+00FF exactly where UTF-8 has a lead byte from 0xC4 (U+0100 is C4 80).
    if value.bytes().any(|b| b >= 0xC4) {
        return Err(ApiError::invalid_input(
            field,
            &concat(&[
                "has a character that HTTP headers cannot carry in the value of \"",
                name,
                "\"",
            ]),
        ));
    }
    Ok(())
}

/// The headers every request of a client sends, with the lowercase names `fetch` sends: the
/// configured ones, then `accept: application/json` (which the transport owns).
pub fn client_headers(configured: Option<&HeaderList>) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = configured
        .into_iter()
        .flatten()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .collect();
    headers.retain(|(name, _)| name != "accept");
    headers.push(("accept".to_owned(), "application/json".to_owned()));
    headers
}

/// The `Authorization` value for a token: `Bearer <token>`, if HTTP can carry the token.
pub fn bearer(token: &str) -> Option<String> {
    validate_value("authorization", "authorization", token).ok()?;
    Some(concat(&["Bearer ", token]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked() {
        let f = "config.headers";
        assert!(validate_header(f, "X-CSRF-Token", "abc", true).is_ok());
        assert!(validate_header(f, "bad name", "x", true).is_err());
        assert!(validate_header(f, "", "x", true).is_err());
        assert!(validate_header(f, "X-A", "a\r\nInjected: 1", true).is_err());
        assert!(
            validate_header(f, "X-A", "café", true).is_ok(),
            "ISO-8859-1 is fine"
        );
        assert!(validate_header(f, "X-A", "✓", true).is_err());
        assert!(
            validate_header(f, "X-A", "\u{ff}", true).is_ok(),
            "the last Latin-1"
        );
        assert!(validate_header(f, "X-A", "\u{100}", true).is_err());
        assert!(validate_header(f, "X-A", "a\0", true).is_err());
        assert_eq!(
            validate_header(f, "X-A", "✓", true)
                .unwrap_err()
                .field
                .as_deref(),
            Some(f)
        );
    }

    #[test]
    fn headers_the_transport_owns_are_refused() {
        for name in [
            "Content-Length",
            "host",
            "Transfer-Encoding",
            "CONNECTION",
            "Keep-Alive",
            "Upgrade",
            "TE",
            "Trailer",
            "Proxy-Authorization",
            "Proxy-Foo",
            "Sec-Fetch-Mode",
            "Cookie",
            "Origin",
        ] {
            let error = validate_header("config.headers", name, "1", true).unwrap_err();
            assert!(error.message.contains(name), "{}", error.message);
        }
        for name in [
            "Authorization",
            "X-Request-Id",
            "Accept-Language",
            "traceparent",
        ] {
            assert!(
                validate_header("config.headers", name, "1", true).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn client_headers_are_lowercase_and_accept_is_the_transports() {
        let configured = vec![
            ("X-CSRF-Token".to_owned(), "c".to_owned()),
            ("Accept".to_owned(), "text/html".to_owned()),
        ];
        assert_eq!(
            client_headers(Some(&configured)),
            [
                ("x-csrf-token".to_owned(), "c".to_owned()),
                ("accept".to_owned(), "application/json".to_owned())
            ]
        );
        assert_eq!(client_headers(None).len(), 1);
        assert_eq!(bearer("t0k").as_deref(), Some("Bearer t0k"));
        assert_eq!(bearer("a\nb"), None);
    }
}
