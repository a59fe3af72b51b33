//! Small helpers: ids, clocks, JSON/text responses, percent-decoding and query parsing.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

static COUNTER: AtomicU64 = AtomicU64::new(0);

thread_local! {
    // Each `RandomState::new()` gets fresh random SipHash keys from the OS on first use per thread.
    static HASHER: RandomState = RandomState::new();
}

/// A pseudo-random 64-bit number (SipHash of a counter and the clock under random keys).
/// Good enough for ids in a test server; no extra dependency.
pub fn random_u64() -> u64 {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    HASHER.with(|h| h.hash_one((n, nanos)))
}

const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

fn random_from(alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[(random_u64() % alphabet.len() as u64) as usize] as char)
        .collect()
}

/// Logto's `generateStandardId()`: lowercase alphanumeric (21 chars by default, 12 for users and
/// organizations).
pub fn standard_id(len: usize) -> String {
    random_from(LOWER_ALNUM, len)
}

/// Value of the `Logto-Core-Request-Id` header: 16 url-safe characters.
pub fn request_id() -> String {
    random_from(URL_SAFE, 16)
}

/// An opaque access token for `POST /oidc/token`: 43 url-safe characters (about 256 bits).
pub fn random_token() -> String {
    random_from(URL_SAFE, 43)
}

/// Current time in epoch milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Locks a mutex, ignoring poisoning (a panicking request must not wedge the server).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn json_response(status: StatusCode, body: &Value) -> Response {
    json_bytes_response(
        status,
        serde_json::to_vec(body).unwrap_or_else(|_| b"null".to_vec()),
    )
}

/// A response with a body already written as JSON.
pub fn json_bytes_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    resp
}

pub fn text_response(status: StatusCode, text: &str) -> Response {
    let mut resp = Response::new(Body::from(text.to_owned()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(TEXT_CONTENT_TYPE),
    );
    resp
}

pub fn empty_response(status: StatusCode) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = status;
    resp
}

/// A Logto `RequestError` body: `{"code": ..., "message": ...}`.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(status, &json!({ "code": code, "message": message }))
}

pub fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "entity.not_found",
        "The resource does not exist.",
    )
}

pub fn foreign_key_not_found() -> Response {
    error_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        "entity.relation_foreign_key_not_found",
        "Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.",
    )
}

pub fn unique_violation() -> Response {
    error_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        "entity.unique_integrity_violation",
        "The entity already exists. Please check the input and try again.",
    )
}

/// `request.invalid_input` ("Input is invalid. {{details}}").
pub fn invalid_input(status: StatusCode, details: &str) -> Response {
    error_response(
        status,
        "request.invalid_input",
        &format!("Input is invalid. {details}"),
    )
}

/// Percent-decodes a string. `plus_as_space` is for `application/x-www-form-urlencoded` query
/// strings. Invalid UTF-8 is replaced (lossy); malformed escapes are kept literally.
pub fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let hi = (bytes[i + 1] as char).to_digit(16);
            let lo = (bytes[i + 2] as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if plus_as_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a query string into (key, value) pairs in order, decoding like Node's `querystring`.
pub fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// JS `String.prototype.length` (UTF-16 code units), which is what zod's min/max count.
pub fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_sequences() {
        assert_eq!(percent_decode("a%2Fb%20c", false), "a/b c");
        assert_eq!(percent_decode("a+b", true), "a b");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("%C3%A9", false), "é");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
    }

    #[test]
    fn ids_have_logto_shape() {
        let id = standard_id(21);
        assert_eq!(id.len(), 21);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert_ne!(standard_id(21), standard_id(21));
        let rid = request_id();
        assert_eq!(rid.len(), 16);
    }
}
