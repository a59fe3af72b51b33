//! Logto's OIDC token endpoint for the client-credentials grant (`POST /oidc/token`).
//!
//! What the real server was seen to answer (`fixtures/real-server-oidc-token-transcript.txt`,
//! Logto 1.42.0) is reproduced byte for byte in the bodies. Where the transcript is silent, the
//! order of checks and the `error_description` strings follow node-oidc-provider 8 (the token
//! action, its client authentication, `checkResource`) and Logto's own `client_credentials`
//! grant, read in their sources and not run; the README lists which answers are which.
//!
//! Tokens are random opaque strings (not JWTs) held in [`crate::state::TokenStore`].

use std::collections::HashMap;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::state::AppState;
use crate::util::{json_response, lock, parse_query, random_token};

/// The token endpoint's path.
pub const TOKEN_PATH: &str = "/oidc/token";

/// Largest body oidc-provider reads on the token endpoint (56 KiB).
const BODY_LIMIT: usize = 56 * 1024;

/// The grant types a Logto server supports; all but `client_credentials` are refused for a
/// machine-to-machine app with `invalid_request` (anything else is `unsupported_grant_type`).
const SUPPORTED_GRANT_TYPES: [&str; 4] = [
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:token-exchange",
];

/// Parameters the endpoint reads; any other body key is ignored (oidc-provider's allow list,
/// reduced to what can change the answer of a client-credentials request).
const PARAMS: [&str; 6] = [
    "grant_type",
    "client_id",
    "client_secret",
    "scope",
    "resource",
    "organization_id",
];

/// The security headers (helmet) a Logto server puts on every response, as recorded.
pub const SECURITY_HEADERS: [(&str, &str); 9] = [
    ("cross-origin-resource-policy", "same-origin"),
    ("origin-agent-cluster", "?1"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    (
        "strict-transport-security",
        "max-age=15552000; includeSubDomains",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-download-options", "noopen"),
    ("x-frame-options", "SAMEORIGIN"),
    ("x-permitted-cross-domain-policies", "none"),
    ("x-xss-protection", "0"),
];

/// Whether `path` belongs to the OIDC provider (`/oidc` and below).
pub fn is_oidc_path(path: &str) -> bool {
    path == "/oidc" || path.starts_with("/oidc/")
}

/// Adds [`SECURITY_HEADERS`].
pub fn add_security_headers(resp: &mut Response) {
    let h = resp.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
}

fn origin_or_star(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(header::ORIGIN)
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"))
}

/// Whether a request is a CORS preflight as `@koa/cors` sees it (an
/// `Access-Control-Request-Method` on an `OPTIONS`; no `Origin` needed).
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|v| !v.is_empty())
}

/// The token endpoint's preflight: 204 for any origin, `POST` only, requested headers echoed,
/// `Access-Control-Max-Age: 3600` (recorded case 10).
pub fn preflight(headers: &HeaderMap) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    add_security_headers(&mut resp);
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_or_star(headers));
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("3600"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    if let Some(requested) = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.is_empty())
    {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
    }
    resp
}

/// Any other method or path under `/oidc`: oidc-provider's 404 `invalid_request`.
pub fn unrecognized(method: &Method, path: &str) -> Response {
    let inner = path.strip_prefix("/oidc").unwrap_or(path);
    let inner = if inner.is_empty() { "/" } else { inner };
    let mut resp = OidcError::new(
        StatusCode::NOT_FOUND,
        "invalid_request",
        format!("unrecognized route or not allowed method ({method} on {inner})"),
    )
    .response(&HeaderMap::new());
    add_security_headers(&mut resp);
    resp
}

/// Headers every answer of `POST /oidc/token` carries, errors and injected faults included:
/// security headers, `Access-Control-Allow-Origin` (the `Origin`, or `*` without one),
/// `Access-Control-Expose-Headers: WWW-Authenticate` and `Cache-Control: no-store`.
pub fn decorate_token_response(resp: &mut Response, request_headers: &HeaderMap) {
    add_security_headers(resp);
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        origin_or_star(request_headers),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("WWW-Authenticate"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// An OAuth error as Logto renders it: `{"code": "oidc.<error>", "message", "error",
/// "error_description"}`.
#[derive(Debug)]
struct OidcError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OidcError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OidcError {
            status,
            error,
            description: description.into(),
        }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    fn invalid_target(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_target", description)
    }

    /// 401 `invalid_client` "client authentication failed" (wrong or missing secret).
    fn client_auth_failed() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        )
    }

    /// Logto's English phrase for the error (`errors.oidc.*`), or its fallback.
    fn message(&self) -> String {
        match self.error {
            "invalid_request" => "Request is invalid.".into(),
            "invalid_target" => "Invalid resource indicator.".into(),
            "unsupported_grant_type" => "Unsupported `grant_type` requested.".into(),
            "access_denied" => "Access denied.".into(),
            other => format!("An OIDC error occurred: oidc.{other}."),
        }
    }

    /// The response; a 401 to a request with an `Authorization` header gets oidc-provider's
    /// `WWW-Authenticate: Basic realm="<issuer>", error=..., error_description=...`.
    fn response(&self, request_headers: &HeaderMap) -> Response {
        let mut resp = json_response(
            self.status,
            &json!({
                "code": format!("oidc.{}", self.error),
                "message": self.message(),
                "error": self.error,
                "error_description": self.description,
            }),
        );
        if self.status == StatusCode::UNAUTHORIZED
            && request_headers.contains_key(header::AUTHORIZATION)
        {
            let host = request_headers
                .get(header::HOST)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_else(|| "localhost".into());
            let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
            let value = format!(
                "Basic realm=\"{}\", error=\"{}\", error_description=\"{}\"",
                quote(&format!("http://{host}/oidc")),
                quote(self.error),
                quote(&self.description)
            );
            if let Ok(v) = HeaderValue::from_str(&value) {
                resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
        }
        resp
    }
}

/// A body parameter: given once, or repeated (a repeated form key or a JSON array).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Param {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default)]
struct Params(HashMap<&'static str, Param>);

impl Params {
    fn add(&mut self, key: &str, value: String) {
        let Some(key) = PARAMS.iter().copied().find(|k| *k == key) else {
            return;
        };
        match self.0.remove(key) {
            None => {
                self.0.insert(key, Param::One(value));
            }
            Some(Param::One(first)) => {
                self.0.insert(key, Param::Many(vec![first, value]));
            }
            Some(Param::Many(mut all)) => {
                all.push(value);
                self.0.insert(key, Param::Many(all));
            }
        }
    }

    /// The single value of `key` (call after [`Params::reject_dupes`] covered it).
    fn one(&self, key: &str) -> Option<&str> {
        match self.0.get(key) {
            Some(Param::One(v)) => Some(v),
            _ => None,
        }
    }

    /// oidc-provider's `rejectDupes`: `'a' and 'b' parameters must not be provided twice`.
    fn reject_dupes(&self, keys: &[&str]) -> Result<(), OidcError> {
        let repeated: Vec<String> = PARAMS
            .iter()
            .filter(|k| keys.contains(k))
            .filter(|k| matches!(self.0.get(**k), Some(Param::Many(_))))
            .map(|k| format!("'{k}'"))
            .collect();
        if repeated.is_empty() {
            return Ok(());
        }
        let (list, noun) = match repeated.as_slice() {
            [one] => (one.clone(), "parameter"),
            [a, b] => (format!("{a} and {b}"), "parameters"),
            [init @ .., last] => (format!("{}, and {last}", init.join(", ")), "parameters"),
            [] => (String::new(), "parameters"),
        };
        Err(OidcError::invalid_request(format!(
            "{list} {noun} must not be provided twice"
        )))
    }
}

/// JavaScript's `String(value)` for the JSON values a body may hold.
fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Null => String::new(),
                other => js_string(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".into(),
    }
}

fn mime(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?;
    let ct = String::from_utf8_lossy(ct.as_bytes()).into_owned();
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (!ct.trim().is_empty()).then_some(mime)
}

/// Reads the parameters from a form body (as `querystring.parse` does) or a JSON object body
/// (Logto accepts both, recorded cases 1 and 9). No `Content-Type`: no parameters. Another
/// type: oidc-provider's `invalid_request`.
fn parse_body(headers: &HeaderMap, body: &Bytes) -> Result<Params, OidcError> {
    let mut params = Params::default();
    let Some(mime) = mime(headers) else {
        return Ok(params);
    };
    let failed = || OidcError::invalid_request("failed to parse the request body");
    if body.len() > BODY_LIMIT {
        return Err(failed());
    }
    if mime == "application/x-www-form-urlencoded" {
        let text = String::from_utf8_lossy(body);
        for (k, v) in parse_query(Some(&text)) {
            params.add(&k, v);
        }
        return Ok(params);
    }
    if mime == "application/json" {
        let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
            return Err(failed());
        };
        for (k, v) in &obj {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    let Some(key) = PARAMS.iter().copied().find(|p| p == k) else {
                        continue;
                    };
                    params
                        .0
                        .insert(key, Param::Many(items.iter().map(js_string).collect()));
                }
                other => params.add(k, js_string(other)),
            }
        }
        return Ok(params);
    }
    Err(OidcError::invalid_request(
        "only application/x-www-form-urlencoded content-type bodies are supported on POST /token",
    ))
}

/// Node's `Buffer.from(s, "base64")`: standard or url-safe alphabet, other characters skipped,
/// stops at `=`.
fn base64_decode_lenient(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// oidc-provider's `decodeAuthToken` (RFC 6749 appendix B): `+` is a space, then
/// `decodeURIComponent` (strict), and only visible ASCII and space are allowed.
fn decode_auth_token(s: &str) -> Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(())?;
                let text = std::str::from_utf8(hex).map_err(|_| ())?;
                out.push(u8::from_str_radix(text, 16).map_err(|_| ())?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    let decoded = String::from_utf8(out).map_err(|_| ())?;
    if decoded.chars().any(|c| !(' '..='~').contains(&c)) {
        return Err(());
    }
    Ok(decoded)
}

/// oidc-provider 8's client authentication (HTTP Basic, or `client_id` + `client_secret` in the
/// body), then Logto's lookup of the client.
fn authenticate(state: &AppState, headers: &HeaderMap, params: &Params) -> Result<(), OidcError> {
    let body_id = params.one("client_id");
    let body_secret = params.one("client_secret");
    let (client_id, secret) = if let Some(auth) = headers.get(header::AUTHORIZATION) {
        let auth = String::from_utf8_lossy(auth.as_bytes()).into_owned();
        let bad_format = || OidcError::invalid_request("invalid authorization header value format");
        let parts: Vec<&str> = auth.split(' ').collect();
        let [scheme, credentials] = parts.as_slice() else {
            return Err(bad_format());
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return Err(bad_format());
        }
        let basic = String::from_utf8_lossy(&base64_decode_lenient(credentials)).into_owned();
        let Some((raw_id, raw_secret)) = basic.split_once(':') else {
            return Err(bad_format());
        };
        let encoding = || {
            OidcError::invalid_request(
                "client_id and client_secret in the authorization header are not properly encoded",
            )
        };
        let id = decode_auth_token(raw_id).map_err(|_| encoding())?;
        let secret = decode_auth_token(raw_secret).map_err(|_| encoding())?;
        if body_id.is_some_and(|b| b != id) {
            return Err(OidcError::invalid_request(
                "mismatch in body and authorization client ids",
            ));
        }
        if secret.is_empty() {
            return Err(OidcError::invalid_request(
                "client_secret must be provided in the Authorization header",
            ));
        }
        if body_secret.is_some() {
            return Err(OidcError::invalid_request(
                "client authentication must only be provided using one mechanism",
            ));
        }
        (id, Some(secret))
    } else if let Some(id) = body_id {
        (
            id.to_owned(),
            body_secret.filter(|s| !s.is_empty()).map(str::to_owned),
        )
    } else {
        (String::new(), None)
    };
    if client_id.is_empty() {
        return Err(OidcError::invalid_request(
            "no client authentication mechanism provided",
        ));
    }
    if client_id != state.cfg.m2m_app_id {
        // Logto's answer for an unknown client (recorded case 4): 400, not oidc-provider's 401.
        return Err(OidcError::new(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            format!("invalid client {client_id}"),
        ));
    }
    match secret {
        Some(s) if s == state.cfg.m2m_app_secret.expose() => Ok(()),
        _ => Err(OidcError::client_auth_failed()),
    }
}

/// WHATWG `URL.parse(s) !== null`, approximated: a scheme, and a host for the special schemes.
pub fn is_absolute_url(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c <= ' ');
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "ws" | "wss" | "ftp" => {
            let after = rest.trim_start_matches(['/', '\\']);
            let authority = after
                .split(['/', '\\', '?', '#'])
                .next()
                .unwrap_or_default();
            let host = authority.rsplit('@').next().unwrap_or_default();
            !host.is_empty() && !host.starts_with(':')
        }
        _ => true,
    }
}

/// oidc-provider's `checkResource` with Logto's resource lookup: the resource indicators named
/// (none, one, or the same one repeated) or the error.
fn check_resource(state: &AppState, params: &Params) -> Result<bool, OidcError> {
    let scope_given = params.one("scope").is_some_and(|s| !s.is_empty());
    let resources: Vec<&str> = match params.0.get("resource") {
        None => return Ok(false),
        Some(Param::One(r)) if r.is_empty() && scope_given => return Ok(false),
        Some(Param::Many(v)) if v.is_empty() && scope_given => return Ok(false),
        Some(Param::One(r)) => vec![r.as_str()],
        Some(Param::Many(v)) => v.iter().map(String::as_str).collect(),
    };
    for r in &resources {
        if !is_absolute_url(r) {
            return Err(OidcError::invalid_target(
                "resource indicator must be an absolute URI",
            ));
        }
        if r.contains('#') {
            return Err(OidcError::invalid_target(
                "resource indicator must not contain a fragment component",
            ));
        }
        if *r != state.cfg.resource {
            return Err(OidcError::invalid_target(
                "resource indicator is missing, or unknown",
            ));
        }
    }
    Ok(!resources.is_empty())
}

/// The token request after parsing: client authentication, grant type, parameters, then Logto's
/// `client_credentials` grant. Returns the success body.
fn grant(state: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Value, OidcError> {
    let params = parse_body(headers, body)?;
    params.reject_dupes(&["client_id", "client_secret"])?;
    authenticate(state, headers, &params)?;
    params.reject_dupes(&["grant_type"])?;
    let Some(grant_type) = params.one("grant_type") else {
        return Err(OidcError::invalid_request(
            "missing required parameter 'grant_type'",
        ));
    };
    if !SUPPORTED_GRANT_TYPES.contains(&grant_type) {
        return Err(OidcError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "unsupported grant_type requested",
        ));
    }
    if grant_type != "client_credentials" {
        return Err(OidcError::invalid_request(
            "requested grant type is not allowed for this client",
        ));
    }
    params.reject_dupes(&["scope", "organization_id"])?;
    if params.one("organization_id").is_some_and(|o| !o.is_empty()) {
        // No organization has this app as a member here.
        return Err(OidcError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            "app has not associated with the organization",
        ));
    }
    if !check_resource(state, &params)? {
        return Err(OidcError::invalid_target(
            "both `resource` and `organization_id` are not provided",
        ));
    }
    // Requested scopes the resource does not define are dropped; the Management API has `all`.
    let all_scope = params
        .one("scope")
        .is_some_and(|s| s.split(' ').any(|x| x == "all"));
    let token = random_token();
    let ttl = state.cfg.token_ttl_seconds;
    lock(&state.tokens).issue(token.clone(), all_scope, Duration::from_secs(ttl));
    let mut body = Map::new();
    body.insert("access_token".into(), Value::String(token));
    body.insert("expires_in".into(), json!(ttl));
    body.insert("token_type".into(), json!("Bearer"));
    if all_scope {
        body.insert("scope".into(), json!("all"));
    }
    Ok(Value::Object(body))
}

/// `POST /oidc/token`. The caller adds [`decorate_token_response`] (after any injected fault).
pub async fn token(state: &AppState, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    match grant(state, &parts.headers, &bytes) {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(e) => e.response(&parts.headers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_node() {
        assert_eq!(
            base64_decode_lenient("bTJtLWFwcDptMm0tc2VjcmV0"),
            b"m2m-app:m2m-secret"
        );
        assert_eq!(base64_decode_lenient("YTpi"), b"a:b");
        assert_eq!(base64_decode_lenient("YT pi\n"), b"a:b");
        assert_eq!(base64_decode_lenient("YQ=="), b"a");
        assert_eq!(base64_decode_lenient("YQ"), b"a");
        assert_eq!(base64_decode_lenient("-_-_"), [0xfb, 0xff, 0xbf]);
        assert_eq!(base64_decode_lenient(""), b"");
    }

    #[test]
    fn auth_token_decoding() {
        assert_eq!(decode_auth_token("a+b%3Ac").as_deref(), Ok("a b:c"));
        assert_eq!(decode_auth_token("plain").as_deref(), Ok("plain"));
        assert!(decode_auth_token("%zz").is_err());
        assert!(decode_auth_token("%4").is_err());
        assert!(decode_auth_token("%C3%A9").is_err(), "not visible ASCII");
        assert!(decode_auth_token("%FF").is_err(), "not UTF-8");
        assert!(decode_auth_token("a%0Ab").is_err());
    }

    #[test]
    fn absolute_urls() {
        assert!(is_absolute_url("https://default.logto.app/api"));
        assert!(is_absolute_url("urn:logto:resource"));
        assert!(is_absolute_url(" https://x "));
        assert!(!is_absolute_url("default.logto.app/api"));
        assert!(!is_absolute_url("/api"));
        assert!(!is_absolute_url(""));
        assert!(!is_absolute_url("https://"));
        assert!(!is_absolute_url("1http://x"));
    }

    #[test]
    fn duplicate_lists_read_like_intl_list_format() {
        let mut p = Params::default();
        for k in ["client_id", "client_id", "client_secret", "client_secret"] {
            p.add(k, "x".into());
        }
        let e = p.reject_dupes(&["client_id", "client_secret"]).unwrap_err();
        assert_eq!(
            e.description,
            "'client_id' and 'client_secret' parameters must not be provided twice"
        );
        for k in ["scope", "scope", "organization_id", "organization_id"] {
            p.add(k, "x".into());
        }
        let e = p
            .reject_dupes(&["client_id", "client_secret", "scope", "organization_id"])
            .unwrap_err();
        assert_eq!(
            e.description,
            "'client_id', 'client_secret', 'scope', and 'organization_id' parameters must not be provided twice"
        );
        p.add("unknown", "1".into());
        assert!(!p.0.contains_key("unknown"));
    }
}
