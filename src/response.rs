//! Checking what Logto answers: that a success body has the documented shape, and which fields
//! of an error body are there.
//!
//! The checks read a parsed JSON document through the small [`JsonDocument`] trait, so the same
//! code runs on the browser's own `JSON.parse` result in wasm (no copy of the document into
//! Rust, only a type test per member) and on `serde_json` values in host tests.

use crate::error::{ApiError, ErrorBody};
use crate::text::{cat, num};

/// The JSON types a member can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    /// `null` (or, for a member, absent).
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null or absent",
            JsonType::Bool => "a boolean",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

/// Read access to a parsed JSON value. Keys and expected strings are `'static`, so that a
/// document living in JavaScript can cache their JavaScript copies.
pub trait JsonDocument: Sized {
    /// The value's type.
    fn json_type(&self) -> JsonType;
    /// Whether the value has type `t`; a document may answer this faster than `json_type`.
    fn is(&self, t: JsonType) -> bool {
        self.json_type() == t
    }
    /// An object's member; `None` (or a `Null`-typed value) when absent.
    fn member(&self, key: &'static str) -> Option<Self>;
    /// A string's contents.
    fn string(&self) -> Option<String>;
    /// Whether the value is the string `expected`; a document may answer this without a copy.
    fn is_str(&self, expected: &'static str) -> bool {
        self.string().as_deref() == Some(expected)
    }
    /// An array's length.
    fn length(&self) -> usize;
    /// An array's element.
    fn element(&self, index: usize) -> Option<Self>;
}

const STATUSES: [&str; 4] = ["Pending", "Accepted", "Expired", "Revoked"];

/// Where a problem is: `""` for a single invitation, `item 3: ` in a list. Built only once a
/// problem is found, never for the items that are fine.
fn at(item: Option<usize>) -> String {
    item.map_or_else(String::new, |index| {
        cat(&["item ", &num(index as u64), ": "])
    })
}

fn expect<D: JsonDocument>(
    parent: &D,
    key: &'static str,
    allowed: &[JsonType],
    item: Option<usize>,
    role: Option<usize>,
) -> Result<Option<D>, String> {
    let value = parent.member(key);
    let fits = match &value {
        Some(v) => allowed.iter().any(|t| v.is(*t)),
        None => allowed.contains(&JsonType::Null),
    };
    if fits {
        return Ok(value);
    }
    let actual = value
        .as_ref()
        .map_or(JsonType::Null, JsonDocument::json_type);
    let mut problem = at(item);
    if let Some(role) = role {
        problem.push_str(&cat(&["organizationRoles[", &num(role as u64), "]: "]));
    }
    problem.push('`');
    problem.push_str(key);
    problem.push_str("` should be ");
    for (i, t) in allowed.iter().enumerate() {
        if i > 0 {
            problem.push_str(" or ");
        }
        problem.push_str(t.name());
    }
    problem.push_str(", got ");
    problem.push_str(actual.name());
    Err(problem)
}

/// Checks one invitation object; `item` is its index in a list.
fn check_invitation<D: JsonDocument>(value: &D, item: Option<usize>) -> Result<(), String> {
    use JsonType::{Array, Null, Number, Object, String as Str};
    if !value.is(Object) {
        return Err(cat(&[
            &at(item),
            "expected an object, got ",
            value.json_type().name(),
        ]));
    }
    for key in ["tenantId", "id", "invitee", "organizationId"] {
        expect(value, key, &[Str], item, None)?;
    }
    for key in ["inviterId", "acceptedUserId"] {
        // Logto always sends these (null when unset); a missing one is tolerated as null.
        expect(value, key, &[Str, Null], item, None)?;
    }
    for key in ["createdAt", "updatedAt", "expiresAt"] {
        expect(value, key, &[Number], item, None)?;
    }
    if let Some(status) = expect(value, "status", &[Str], item, None)? {
        if !STATUSES.iter().any(|s| status.is_str(s)) {
            return Err(cat(&[
                &at(item),
                "`status` should be one of Pending, Accepted, Expired, Revoked, got \"",
                &status.string().unwrap_or_default(),
                "\"",
            ]));
        }
    }
    let Some(roles) = expect(value, "organizationRoles", &[Array], item, None)? else {
        return Err(cat(&[&at(item), "`organizationRoles` is missing"]));
    };
    for index in 0..roles.length() {
        let Some(role) = roles.element(index) else {
            continue;
        };
        if !role.is(Object) {
            return Err(cat(&[
                &at(item),
                "organizationRoles[",
                &num(index as u64),
                "]: expected an object",
            ]));
        }
        expect(&role, "id", &[Str], item, Some(index))?;
        expect(&role, "name", &[Str], item, Some(index))?;
    }
    Ok(())
}

/// Checks a 2xx body that should be one invitation.
pub fn check_invitation_body<D: JsonDocument>(status: u16, body: &D) -> Result<(), ApiError> {
    check_invitation(body, None)
        .map_err(|problem| ApiError::decode(status, "an invitation", &problem))
}

/// Checks a 2xx body that should be an array of invitations.
pub fn check_invitation_list_body<D: JsonDocument>(status: u16, body: &D) -> Result<(), ApiError> {
    const WHAT: &str = "a list of invitations";
    if !body.is(JsonType::Array) {
        return Err(ApiError::decode(
            status,
            WHAT,
            &cat(&["expected an array, got ", body.json_type().name()]),
        ));
    }
    for index in 0..body.length() {
        if let Some(item) = body.element(index) {
            check_invitation(&item, Some(index))
                .map_err(|problem| ApiError::decode(status, WHAT, &problem))?;
        }
    }
    Ok(())
}

/// Reads the string fields of Logto's error body `{ code?, message, details?, data? }`; members
/// of another type count as absent, and a body that is not an object has none.
pub fn error_body<D: JsonDocument>(body: &D) -> Option<ErrorBody> {
    if !body.is(JsonType::Object) {
        return None;
    }
    let read = |key: &'static str| body.member(key).and_then(|v| v.string());
    Some(ErrorBody {
        code: read("code"),
        message: read("message"),
        details: read("details"),
    })
}

/// `serde_json` values as documents, for host tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{JsonDocument, JsonType};
    use serde_json::Value;

    impl JsonDocument for Value {
        fn json_type(&self) -> JsonType {
            match self {
                Value::Null => JsonType::Null,
                Value::Bool(_) => JsonType::Bool,
                Value::Number(_) => JsonType::Number,
                Value::String(_) => JsonType::String,
                Value::Array(_) => JsonType::Array,
                Value::Object(_) => JsonType::Object,
            }
        }
        fn member(&self, key: &'static str) -> Option<Self> {
            self.get(key).cloned()
        }
        fn string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn length(&self) -> usize {
            self.as_array().map_or(0, Vec::len)
        }
        fn element(&self, index: usize) -> Option<Self> {
            self.get(index).cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn invitation() -> Value {
        json!({"tenantId":"default","id":"i","inviterId":null,"invitee":"a@b.co","acceptedUserId":null,
               "organizationId":"o","status":"Pending","createdAt":1,"updatedAt":2,"expiresAt":3,
               "organizationRoles":[{"id":"r","name":"n"}]})
    }

    #[test]
    fn a_logto_invitation_passes_with_extra_members() {
        let mut body = invitation();
        body["newMember"] = json!({"x": 1});
        body["organizationRoles"][0]["description"] = json!("new");
        assert_eq!(check_invitation_body(201, &body), Ok(()));
        assert_eq!(
            check_invitation_list_body(200, &json!([body.clone(), body])),
            Ok(())
        );
        assert_eq!(check_invitation_list_body(200, &json!([])), Ok(()));
    }

    #[test]
    fn wrong_shapes_name_the_member() {
        let cases: [(&str, Value, &str); 7] = [
            (
                "status",
                json!("Weird"),
                "`status` should be one of Pending, Accepted, Expired, Revoked, got \"Weird\"",
            ),
            (
                "createdAt",
                json!("1"),
                "`createdAt` should be a number, got a string",
            ),
            (
                "id",
                json!(null),
                "`id` should be a string, got null or absent",
            ),
            (
                "inviterId",
                json!(5),
                "`inviterId` should be a string or null or absent, got a number",
            ),
            (
                "organizationRoles",
                json!({}),
                "`organizationRoles` should be an array, got an object",
            ),
            (
                "organizationRoles",
                json!([{"id": 1, "name": "n"}]),
                "organizationRoles[0]: `id` should be a string",
            ),
            (
                "organizationRoles",
                json!([7]),
                "organizationRoles[0]: expected an object",
            ),
        ];
        for (key, value, expected) in cases {
            let mut body = invitation();
            body[key] = value;
            let error = check_invitation_body(200, &body).unwrap_err();
            assert_eq!(error.kind, crate::error::ErrorKind::Decode);
            assert_eq!(error.status, Some(200));
            assert!(error.message.contains(expected), "{key}: {}", error.message);
        }
        let error = check_invitation_body(200, &json!({"unexpected": true})).unwrap_err();
        assert!(
            error.message.contains("`tenantId` should be a string"),
            "{}",
            error.message
        );
        let error = check_invitation_body(200, &json!([1])).unwrap_err();
        assert!(
            error.message.contains("expected an object, got an array"),
            "{}",
            error.message
        );
    }

    #[test]
    fn list_problems_name_the_item() {
        let mut bad = invitation();
        bad.as_object_mut().unwrap().remove("expiresAt");
        let error = check_invitation_list_body(200, &json!([invitation(), bad])).unwrap_err();
        assert!(
            error
                .message
                .contains("item 1: `expiresAt` should be a number"),
            "{}",
            error.message
        );
        let error = check_invitation_list_body(200, &json!({"items": []})).unwrap_err();
        assert!(
            error.message.contains("expected an array, got an object"),
            "{}",
            error.message
        );
    }

    #[test]
    fn error_bodies_keep_only_string_members() {
        let body = error_body(
            &json!({"code":"entity.not_found","message":"The resource does not exist."}),
        )
        .unwrap();
        assert_eq!(body.code.as_deref(), Some("entity.not_found"));
        assert_eq!(
            body.message.as_deref(),
            Some("The resource does not exist.")
        );
        assert_eq!(body.details, None);
        let odd = error_body(&json!({"code": 7, "message": ["x"], "details": "d"})).unwrap();
        assert_eq!(
            (odd.code, odd.message, odd.details.as_deref()),
            (None, None, Some("d"))
        );
        assert_eq!(error_body(&json!("text")), None);
    }
}
