//! Just enough of zod (v3) to reproduce Logto's `guard.invalid_input` bodies: issue objects with
//! zod's key order, the `ZodError` wrapper, and Logto's `formatZodError` `details` lines.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::util::{js_len, json_response};

/// A path into the validated input (`["organizationRoleIds", 0]`).
pub type ZPath = Vec<Value>;

pub fn path_with(base: &[Value], key: impl Into<Value>) -> ZPath {
    let mut p = base.to_vec();
    p.push(key.into());
    p
}

/// zod's `getParsedType` for a JSON value (`None` is `undefined`).
pub fn parsed_type(v: Option<&Value>) -> &'static str {
    match v {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

fn type_message(expected: &str, received: &str) -> String {
    if received == "undefined" {
        "Required".to_owned()
    } else {
        format!("Expected {expected}, received {received}")
    }
}

/// `invalid_type` as raised by primitive schemas: `{code, expected, received, path, message}`.
pub fn invalid_type(path: &[Value], expected: &str, received: &str) -> Value {
    json!({
        "code": "invalid_type",
        "expected": expected,
        "received": received,
        "path": path,
        "message": type_message(expected, received),
    })
}

/// `invalid_type` as raised by `z.enum` for a non-string: `{expected, received, code, path, message}`.
pub fn invalid_type_enum(path: &[Value], options: &[&str], received: &str) -> Value {
    let expected = join_values(options);
    json!({
        "expected": expected,
        "received": received,
        "code": "invalid_type",
        "path": path,
        "message": type_message(&expected, received),
    })
}

fn join_values(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("'{o}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn invalid_email(path: &[Value]) -> Value {
    json!({
        "validation": "email",
        "code": "invalid_string",
        "message": "Invalid email",
        "path": path,
    })
}

pub fn invalid_regex(path: &[Value]) -> Value {
    json!({
        "validation": "regex",
        "code": "invalid_string",
        "message": "Invalid",
        "path": path,
    })
}

pub fn too_small_string(path: &[Value], minimum: usize) -> Value {
    json!({
        "code": "too_small",
        "minimum": minimum,
        "type": "string",
        "inclusive": true,
        "exact": false,
        "message": format!("String must contain at least {minimum} character(s)"),
        "path": path,
    })
}

pub fn too_big_string(path: &[Value], maximum: usize) -> Value {
    json!({
        "code": "too_big",
        "maximum": maximum,
        "type": "string",
        "inclusive": true,
        "exact": false,
        "message": format!("String must contain at most {maximum} character(s)"),
        "path": path,
    })
}

pub fn too_small_array(path: &[Value], minimum: usize) -> Value {
    json!({
        "code": "too_small",
        "minimum": minimum,
        "type": "array",
        "inclusive": true,
        "exact": false,
        "message": format!("Array must contain at least {minimum} element(s)"),
        "path": path,
    })
}

pub fn invalid_enum_value(path: &[Value], received: &str, options: &[&str]) -> Value {
    json!({
        "received": received,
        "code": "invalid_enum_value",
        "options": options,
        "path": path,
        "message": format!(
            "Invalid enum value. Expected {}, received '{received}'",
            join_values(options)
        ),
    })
}

pub fn invalid_literal(path: &[Value], received: &Value, expected: &Value) -> Value {
    json!({
        "received": received,
        "code": "invalid_literal",
        "expected": expected,
        "path": path,
        "message": format!("Invalid literal value, expected {expected}"),
    })
}

pub fn invalid_union(path: &[Value], union_errors: Vec<Vec<Value>>) -> Value {
    let union_errors: Vec<Value> = union_errors
        .into_iter()
        .map(|issues| json!({ "issues": issues, "name": "ZodError" }))
        .collect();
    json!({
        "code": "invalid_union",
        "unionErrors": union_errors,
        "path": path,
        "message": "Invalid input",
    })
}

/// Logto's `formatZodError`: one line per issue.
pub fn format_details(issues: &[Value]) -> String {
    issues
        .iter()
        .map(|issue| {
            let path = issue
                .get("path")
                .and_then(Value::as_array)
                .map(|p| {
                    p.iter()
                        .map(|seg| match seg {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default();
            let code = issue
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or("custom");
            let base = format!("Error in key path \"{path}\": ({code}) ");
            if code == "invalid_type" {
                let expected = issue.get("expected").and_then(Value::as_str).unwrap_or("");
                let received = issue.get("received").and_then(Value::as_str).unwrap_or("");
                format!("{base}Expected {expected} but received {received}.")
            } else {
                let message = issue.get("message").and_then(Value::as_str).unwrap_or("");
                format!("{base}{message}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// 400 `guard.invalid_input` for the given part of the request (`body`, `query`, `params`).
pub fn guard_error(part: &str, issues: Vec<Value>) -> Response {
    let details = format_details(&issues);
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "code": "guard.invalid_input",
            "data": { "issues": issues, "name": "ZodError" },
            "details": details,
            "message": format!("The request {part} is invalid."),
        }),
    )
}

/// zod 3.22+'s email regex:
/// `/^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$/i`
pub fn is_zod_email(s: &str) -> bool {
    if s.starts_with('.') || s.contains("..") {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let lb = local.as_bytes();
    let Some(&last) = lb.last() else {
        return false;
    };
    if !lb
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || b"_'+-.".contains(c))
    {
        return false;
    }
    if !(last.is_ascii_alphanumeric() || b"_+-".contains(&last)) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, rest)) = labels.split_last() else {
        return false;
    };
    if rest.is_empty() || tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    rest.iter().all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    })
}

/// Rules of a `z.string()` field.
#[derive(Clone, Copy, Default)]
pub struct Str {
    pub optional: bool,
    pub nullable: bool,
    pub min: Option<usize>,
    pub max: Option<usize>,
    pub email: bool,
    /// A predicate standing in for `.regex(...)`.
    pub regex: Option<fn(&str) -> bool>,
}

/// Validates `obj[key]` as a zod string field, pushing issues. Returns the string when it is one.
/// `Ok(None)` means absent or null (and allowed).
pub fn string_field(
    obj: &Map<String, Value>,
    base: &[Value],
    key: &str,
    rules: Str,
    issues: &mut Vec<Value>,
) -> Option<String> {
    let path = path_with(base, key);
    match obj.get(key) {
        None if rules.optional => None,
        Some(Value::Null) if rules.nullable => None,
        Some(Value::String(s)) => {
            let len = js_len(s);
            if let Some(min) = rules.min {
                if len < min {
                    issues.push(too_small_string(&path, min));
                }
            }
            if let Some(max) = rules.max {
                if len > max {
                    issues.push(too_big_string(&path, max));
                }
            }
            if rules.email && !is_zod_email(s) {
                issues.push(invalid_email(&path));
            }
            if let Some(re) = rules.regex {
                if !re(s) {
                    issues.push(invalid_regex(&path));
                }
            }
            Some(s.clone())
        }
        other => {
            issues.push(invalid_type(&path, "string", parsed_type(other)));
            None
        }
    }
}

/// Validates `obj[key]` as `z.string().array()` (optionally `.optional()`, elements `.min(1)`,
/// array `.nonempty()`).
pub fn string_array_field(
    obj: &Map<String, Value>,
    base: &[Value],
    key: &str,
    optional: bool,
    element_min: Option<usize>,
    nonempty: bool,
    issues: &mut Vec<Value>,
) -> Option<Vec<String>> {
    let path = path_with(base, key);
    match obj.get(key) {
        None if optional => None,
        Some(Value::Array(items)) => {
            if nonempty && items.is_empty() {
                issues.push(too_small_array(&path, 1));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let item_path = path_with(&path, i);
                match item {
                    Value::String(s) => {
                        if let Some(min) = element_min {
                            if js_len(s) < min {
                                issues.push(too_small_string(&item_path, min));
                            }
                        }
                        out.push(s.clone());
                    }
                    other => {
                        issues.push(invalid_type(&item_path, "string", parsed_type(Some(other))))
                    }
                }
            }
            Some(out)
        }
        other => {
            issues.push(invalid_type(&path, "array", parsed_type(other)));
            None
        }
    }
}

/// `sendMessagePayloadGuard`: `{code?, link?, locale?, uiLocales?: string}.catchall(unknown)`.
/// Returns the issues for `value` at `base`.
pub fn message_payload_issues(value: &Value, base: &[Value]) -> Vec<Value> {
    let mut issues = Vec::new();
    match value {
        Value::Object(obj) => {
            for key in ["code", "link", "locale", "uiLocales"] {
                string_field(
                    obj,
                    base,
                    key,
                    Str {
                        optional: true,
                        ..Str::default()
                    },
                    &mut issues,
                );
            }
        }
        other => issues.push(invalid_type(base, "object", parsed_type(Some(other)))),
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_matches_zod() {
        for ok in [
            "a@b.co",
            "invitee_444119@example.com",
            "Mixed.Case_225735@Example.COM",
            "o'brien+tag@sub-domain.example.org",
            "x-@a1.io",
        ] {
            assert!(is_zod_email(ok), "{ok}");
        }
        for bad in [
            "not-an-email",
            ".a@b.co",
            "a..b@c.co",
            "a.@b.co",
            "a'@b.co",
            "a@b",
            "a@b.c",
            "a@-b.co",
            "a@b..co",
            "a@b.c1",
            "@b.co",
            "a@@b.co",
            "a b@c.co",
            "é@b.co",
            "a@b.co ",
        ] {
            assert!(!is_zod_email(bad), "{bad}");
        }
    }

    #[test]
    fn details_follow_logto_format() {
        let issues = vec![
            invalid_type(&[json!("expiresAt")], "number", "undefined"),
            invalid_email(&[json!("invitee")]),
        ];
        assert_eq!(
            format_details(&issues),
            "Error in key path \"expiresAt\": (invalid_type) Expected number but received undefined.\nError in key path \"invitee\": (invalid_string) Invalid email"
        );
    }
}
