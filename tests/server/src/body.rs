//! Request-body parsing the way Logto's koa-body (co-body, strict JSON) does it, including
//! V8-style `JSON.parse` error messages for malformed input.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::util::json_response;

const JSON_TYPES: &[&str] = &[
    "application/json",
    "application/json-patch+json",
    "application/vnd.api+json",
    "application/csp-report",
    "application/scim+json",
];

fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    JSON_TYPES.contains(&mime.as_str()) || mime.ends_with("+json")
}

/// The parsed body. A missing or non-JSON body is `{}` (koa-body leaves `ctx.request.body` at
/// `{}`); malformed JSON is 400 `{"message": "<JSON.parse error>"}` with no `code`.
pub fn parse_json_body(headers: &HeaderMap, bytes: &Bytes) -> Result<Value, Response> {
    if bytes.is_empty() || !is_json_content_type(headers) {
        return Ok(Value::Object(Map::new()));
    }
    let text = String::from_utf8_lossy(bytes);
    let first = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .chars()
        .next();
    if !matches!(first, Some('{') | Some('[')) {
        return Err(syntax_error("invalid JSON, only supports object and array"));
    }
    serde_json::from_str::<Value>(&text).map_err(|e| syntax_error(&v8_message(&text, &e)))
}

fn syntax_error(message: &str) -> Response {
    json_response(StatusCode::BAD_REQUEST, &json!({ "message": message }))
}

/// Approximates V8's `JSON.parse` messages (Node 20+) from a serde_json error.
pub fn v8_message(src: &str, err: &serde_json::Error) -> String {
    if err.classify() == serde_json::error::Category::Eof {
        return "Unexpected end of JSON input".to_owned();
    }
    // serde_json reports 1-based line and column (in bytes) of the offending character.
    let line_start: usize = src
        .split_inclusive('\n')
        .take(err.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let byte_pos = (line_start + err.column().saturating_sub(1)).min(src.len());
    let byte_pos = (0..=byte_pos)
        .rev()
        .find(|&i| src.is_char_boundary(i))
        .unwrap_or(0);
    let pos = src[..byte_pos].encode_utf16().count();
    let line_start_chars = src[..line_start.min(byte_pos)].encode_utf16().count();
    let location = format!(
        "in JSON at position {pos} (line {} column {})",
        err.line(),
        pos - line_start_chars + 1
    );
    let msg = err.to_string();
    let ch = src[byte_pos..].chars().next();
    if msg.starts_with("key must be a string") {
        return format!("Expected property name or '}}' {location}");
    }
    if msg.starts_with("trailing comma") && ch == Some('}') {
        return format!("Expected double-quoted property name {location}");
    }
    if msg.starts_with("expected `:`") {
        return format!("Expected ':' after property name {location}");
    }
    if msg.starts_with("expected `,` or `}`") {
        return format!("Expected ',' or '}}' after property value {location}");
    }
    if msg.starts_with("expected `,` or `]`") {
        return format!("Expected ',' or ']' after array element {location}");
    }
    if msg.starts_with("trailing characters") {
        return format!(
            "Unexpected non-whitespace character after JSON at position {pos} (line {} column {})",
            err.line(),
            pos - line_start_chars + 1
        );
    }
    if msg.starts_with("control character") {
        return format!("Bad control character in string literal {location}");
    }
    match ch {
        Some(c) => format!(
            "Unexpected token '{c}', {} is not valid JSON",
            context(src, pos)
        ),
        None => "Unexpected end of JSON input".to_owned(),
    }
}

/// V8's source excerpt: whole source when short, else 10 characters around the position.
fn context(src: &str, pos: usize) -> String {
    const MAX: usize = 10;
    let units: Vec<u16> = src.encode_utf16().collect();
    let len = units.len();
    let slice = |a: usize, b: usize| String::from_utf16_lossy(&units[a.min(len)..b.min(len)]);
    if len <= MAX * 2 + 1 {
        format!("\"{src}\"")
    } else if pos < MAX {
        format!("\"{}\"...", slice(0, pos + MAX))
    } else if pos + MAX >= len {
        format!("...\"{}\"", slice(pos - MAX, len))
    } else {
        format!("...\"{}\"...", slice(pos - MAX, pos + MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn parse(body: &str) -> Result<Value, String> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        parse_json_body(&headers, &Bytes::from(body.to_owned()))
            .map_err(|r| format!("{}", r.status()))
    }

    fn message(src: &str) -> String {
        let err = serde_json::from_str::<Value>(src).unwrap_err();
        v8_message(src, &err)
    }

    #[test]
    fn v8_like_messages() {
        assert_eq!(
            message("{not json"),
            "Expected property name or '}' in JSON at position 1 (line 1 column 2)"
        );
        assert_eq!(message("{\"a\":"), "Unexpected end of JSON input");
        assert_eq!(
            message("{\"a\" 1}"),
            "Expected ':' after property name in JSON at position 5 (line 1 column 6)"
        );
        assert_eq!(
            message("{\"a\": x}"),
            "Unexpected token 'x', \"{\"a\": x}\" is not valid JSON"
        );
        assert_eq!(
            message("{\"a\":1} x"),
            "Unexpected non-whitespace character after JSON at position 8 (line 1 column 9)"
        );
    }

    #[test]
    fn strict_and_empty_bodies() {
        assert_eq!(parse("").unwrap(), json!({}));
        assert_eq!(parse("{}").unwrap(), json!({}));
        assert_eq!(parse("[1]").unwrap(), json!([1]));
        assert!(parse("true").is_err());
        assert!(parse("{oops").is_err());
        // Not JSON content type: ignored, like koa-body.
        let headers = HeaderMap::new();
        assert_eq!(
            parse_json_body(&headers, &Bytes::from_static(b"{oops")).unwrap(),
            json!({})
        );
    }
}
