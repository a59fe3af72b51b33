//! Which headers cross the proxy. Towards Logto: an allow list, [`FORWARDED`] (the language of
//! Logto's messages, what the client accepts, trace context), then the proxy's own
//! `Authorization: Bearer` and `Content-Type`. Nothing else crosses: not the dashboard's session
//! (`Cookie`, `Authorization`), not headers that a Logto or a framework would act on
//! (`Development-User-Id`, `X-Middleware-Subrequest`, client IPs, `Range`, conditionals, a forged
//! `Logto-Core-Request-Id`, `Content-Encoding`). Back to the browser: only status, body and the
//! few headers a client of Logto reads, with a JSON `Content-Type` only for JSON.

/// Request headers forwarded to Logto (lowercase); every other header is dropped.
pub const FORWARDED: [&str; 4] = ["accept", "accept-language", "traceparent", "tracestate"];

/// The response headers passed back to the browser (lowercase), besides the `Content-Type` that
/// [`answer_content_type`] decides.
pub const PASSED_BACK: [&str; 2] = ["logto-core-request-id", "retry-after"];

/// Headers the proxy adds to every answer: never cached, never sniffed.
pub const ANSWER_HEADERS: [(&str, &str); 2] = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
];

/// The request headers to forward, from `(name, value)` pairs with lowercase names.
pub fn forwarded_headers(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(name, _)| FORWARDED.contains(&name.as_str()))
        .cloned()
        .collect()
}

/// The `Content-Type` to answer with for Logto's body: Logto's own when it is JSON
/// (`application/json` or `+json`, with parameters), `text/plain; charset=utf-8` for any other
/// body (an HTML answer must never render on the dashboard's origin), none without a body.
pub fn answer_content_type(upstream: Option<&str>, has_body: bool) -> Option<&str> {
    if !has_body {
        return None;
    }
    let json = upstream.filter(|value| {
        let media = value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        media == "application/json"
            || (media.starts_with("application/") && media.ends_with("+json"))
    });
    Some(json.unwrap_or("text/plain; charset=utf-8"))
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
    fn only_allowed_headers_are_forwarded() {
        let incoming = pairs(&[
            ("accept", "application/json"),
            ("accept-language", "de"),
            ("authorization", "Bearer session-token"),
            ("cookie", "sid=1"),
            ("connection", "keep-alive, X-Secret-Hop"),
            ("host", "dashboard.example.com"),
            ("content-length", "12"),
            ("content-type", "text/plain"),
            ("content-encoding", "gzip"),
            ("development-user-id", "usr_admin"),
            ("x-middleware-subrequest", "middleware"),
            ("x-forwarded-for", "10.0.0.1"),
            ("x-real-ip", "10.0.0.1"),
            ("range", "bytes=0-1"),
            ("if-none-match", "\"x\""),
            ("logto-core-request-id", "forged"),
            ("x-http-method-override", "DELETE"),
            ("traceparent", "00-1-2-01"),
            ("tracestate", "a=b"),
            ("user-agent", "test"),
        ]);
        let names: Vec<String> = forwarded_headers(&incoming)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            ["accept", "accept-language", "traceparent", "tracestate"]
        );
    }

    #[test]
    fn only_json_answers_keep_their_content_type() {
        let json = "application/json; charset=utf-8";
        assert_eq!(answer_content_type(Some(json), true), Some(json));
        assert_eq!(
            answer_content_type(Some("application/problem+json"), true),
            Some("application/problem+json")
        );
        for other in [
            Some("text/html"),
            Some("text/html; x=application/json"),
            Some("+json"),
            Some("image/svg+xml"),
            None,
        ] {
            assert_eq!(
                answer_content_type(other, true),
                Some("text/plain; charset=utf-8"),
                "{other:?}"
            );
        }
        assert_eq!(answer_content_type(Some(json), false), None);
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
