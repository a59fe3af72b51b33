//! Which headers cross the proxy. Towards Logto: the request's own headers minus the
//! credentials of the dashboard's session (`Authorization`, `Cookie`), hop-by-hop headers (and
//! those that `Connection` names), headers that describe the browser's side of the connection
//! (`Host`, `Origin`, `Referer`, `Sec-*`, forwarding headers), framing the runtime sets itself,
//! and method overrides; then the proxy's own `Authorization: Bearer`. Back to the browser:
//! only status, body and the few headers a client of Logto reads.

/// Request headers never forwarded (lowercase).
const DROPPED: [&str; 25] = [
    // The session of the dashboard; the proxy sends its own Authorization.
    "authorization",
    "cookie",
    "cookie2",
    "proxy-authorization",
    // Hop-by-hop (RFC 9110 7.6.1) and framing, which the runtime's fetch sets itself.
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "expect",
    "host",
    "accept-encoding",
    // The browser's side: what Logto should not act on.
    "origin",
    "referer",
    "forwarded",
    "x-real-ip",
    "via",
    // Method overrides: the method is the operation's, never a header's.
    "x-http-method-override",
    "x-http-method",
    "x-method-override",
    // Set by the proxy from the operation.
    "content-type",
    "set-cookie",
];

/// The response headers passed back to the browser (lowercase).
pub const PASSED_BACK: [&str; 3] = ["content-type", "logto-core-request-id", "retry-after"];

/// Headers the proxy adds to every answer: never cached, never sniffed.
pub const ANSWER_HEADERS: [(&str, &str); 2] = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
];

/// The header names listed in a `Connection` value (lowercase), which are hop-by-hop too.
pub fn connection_options(connection: Option<&str>) -> Vec<String> {
    connection
        .unwrap_or_default()
        .split(',')
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Whether the request header `name` (lowercase) is forwarded, given `Connection`'s options.
pub fn is_forwarded(name: &str, connection_options: &[String]) -> bool {
    !(DROPPED.contains(&name)
        || name.starts_with("sec-")
        || name.starts_with("proxy-")
        || name.starts_with("x-forwarded-")
        || connection_options.iter().any(|option| option == name))
}

/// The request headers to forward, from `(name, value)` pairs with lowercase names.
pub fn forwarded_headers(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let connection = pairs
        .iter()
        .find(|(name, _)| name == "connection")
        .map(|(_, value)| value.as_str());
    let options = connection_options(connection);
    pairs
        .iter()
        .filter(|(name, _)| is_forwarded(name, &options))
        .cloned()
        .collect()
}

/// Whether `Sec-Fetch-Site` says the request comes from another site or origin: a browser sent
/// it for a page that is not the dashboard's (absent, or `same-origin`, or `none` for what the
/// user typed, it is not).
pub fn is_cross_origin(sec_fetch_site: Option<&str>) -> bool {
    matches!(
        sec_fetch_site.map(str::trim),
        Some(site) if site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn session_hop_by_hop_and_browser_headers_are_dropped() {
        let incoming = pairs(&[
            ("accept", "application/json"),
            ("accept-language", "de"),
            ("authorization", "Bearer session-token"),
            ("cookie", "sid=1"),
            ("connection", "keep-alive, X-Secret-Hop"),
            ("x-secret-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("te", "trailers"),
            ("upgrade", "h2c"),
            ("proxy-authorization", "Basic x"),
            ("proxy-foo", "1"),
            ("host", "dashboard.example.com"),
            ("content-length", "12"),
            ("content-type", "text/plain"),
            ("origin", "https://dashboard.example.com"),
            ("referer", "https://dashboard.example.com/"),
            ("sec-fetch-site", "same-origin"),
            ("x-forwarded-for", "10.0.0.1"),
            ("forwarded", "for=10.0.0.1"),
            ("x-http-method-override", "DELETE"),
            ("x-csrf-token", "abc"),
            ("traceparent", "00-1-2-01"),
            ("user-agent", "test"),
        ]);
        let names: Vec<String> = forwarded_headers(&incoming)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            [
                "accept",
                "accept-language",
                "x-csrf-token",
                "traceparent",
                "user-agent"
            ]
        );
    }

    #[test]
    fn connection_options_are_read_case_insensitively() {
        assert_eq!(
            connection_options(Some(" Keep-Alive ,X-A,, ")),
            ["keep-alive", "x-a"]
        );
        assert!(connection_options(None).is_empty());
        assert!(!is_forwarded("x-a", &["x-a".to_owned()]));
        assert!(is_forwarded("x-b", &["x-a".to_owned()]));
    }

    #[test]
    fn cross_origin_requests_are_recognised() {
        assert!(is_cross_origin(Some("cross-site")));
        assert!(is_cross_origin(Some("Same-Site")));
        assert!(!is_cross_origin(Some("same-origin")));
        assert!(!is_cross_origin(Some("none")));
        assert!(!is_cross_origin(None));
    }
}
