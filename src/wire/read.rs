//! Reading what a caller passes: each argument is checked member by member for its type, so a
//! wrong one rejects with `kind: "invalid_input"` naming the member (nothing is sent), never a
//! trap. Value rules (an email address, an expiry in the future) are Logto's, not checked here.

use std::borrow::Cow;

use super::value::{Thrown, Value, ValueType};
use crate::error::ApiError;
use crate::text::concat;

/// Where a value sits in the caller's arguments, for messages: `invitee`, `config.retry`.
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// The value's own path.
    pub path: &'a str,
    /// Whether its members are named bare (`invitee`), as a request body's are, rather than
    /// under the path (`config.baseUrl`).
    bare_members: bool,
}

impl<'a> Field<'a> {
    /// A value whose members are named under its path: `config` -> `config.baseUrl`.
    pub const fn new(path: &'a str) -> Self {
        Field {
            path,
            bare_members: false,
        }
    }

    /// A request body, whose members are named bare: `body` -> `invitee`.
    pub const fn body(path: &'a str) -> Self {
        Field {
            path,
            bare_members: true,
        }
    }

    /// The path of the member `name`.
    pub fn member(&self, name: &'a str) -> Cow<'a, str> {
        if self.bare_members {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(concat(&[self.path, ".", name]))
        }
    }

    /// An input error naming this value.
    pub fn error(&self, problem: &str) -> ApiError {
        ApiError::invalid_input(self.path, problem)
    }

    /// "must be `expected`, got a number".
    pub fn wrong_type<V: Value>(&self, expected: &str, value: &V) -> ApiError {
        self.error(&concat(&[
            "must be ",
            expected,
            ", got ",
            value.value_type().describe(),
        ]))
    }
}

/// A type read from a caller's argument of type `V`.
pub trait ReadArg<V: Value>: Sized {
    /// Reads `value`, the argument at `at`.
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError>;

    /// Reads the member `key` of `object` (an object in the argument at `at`).
    fn read_member(object: &V, key: &'static str, at: Field<'_>) -> Result<Self, ApiError> {
        let (value, path) = member(object, key, at)?;
        Self::read(&value, Field::new(&path))
    }
}

/// The member `key` of `object` and its path; one copy for every member type.
#[inline(never)]
fn member<'a, V: Value>(
    object: &V,
    key: &'static str,
    at: Field<'a>,
) -> Result<(V, Cow<'a, str>), ApiError> {
    let path = at.member(key);
    match object.member(key) {
        Ok(value) => Ok((value, path)),
        Err(Thrown) => Err(Field::new(&path).error("could not be read (its getter threw)")),
    }
}

/// An object argument (not `null`, an array or a function); `members` name what it should hold.
pub fn read_object<'v, V: Value>(
    value: &'v V,
    at: Field<'_>,
    members: &[&str],
) -> Result<&'v V, ApiError> {
    if value.is(ValueType::Object) {
        return Ok(value);
    }
    let mut expected = String::from("an object {");
    for (i, member) in members.iter().enumerate() {
        expected.push_str(if i == 0 { " " } else { ", " });
        expected.push_str(member);
    }
    expected.push_str(" }");
    Err(at.wrong_type(&expected, value))
}

/// One of the `allowed` strings; returns its index.
pub fn one_of<V: Value>(value: &V, at: Field<'_>, allowed: &[&str]) -> Result<usize, ApiError> {
    let text = value.string();
    if let Some(index) = text
        .as_deref()
        .and_then(|text| allowed.iter().position(|a| *a == text))
    {
        return Ok(index);
    }
    let mut expected = String::new();
    for (i, a) in allowed.iter().enumerate() {
        expected.push_str(match i {
            0 => "",
            i if i + 1 == allowed.len() => " or ",
            _ => ", ",
        });
        expected.push('"');
        expected.push_str(a);
        expected.push('"');
    }
    Err(match text {
        Some(_) => at.error(&concat(&["must be ", &expected])),
        None => at.wrong_type(&expected, value),
    })
}

impl<V: Value> ReadArg<V> for String {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        value
            .string()
            .ok_or_else(|| at.wrong_type("a string", value))
    }
}

/// `undefined` and `null` are absent (the TypeScript type is `string | null`, optional).
impl<V: Value> ReadArg<V> for Option<String> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        String::read(value, at).map(Some)
    }
}

/// A number (epoch milliseconds in request bodies).
impl<V: Value> ReadArg<V> for f64 {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        value
            .number()
            .ok_or_else(|| at.wrong_type("a number", value))
    }
}

/// An optional array of strings: `undefined` is absent (`null` is not an array).
impl<V: Value> ReadArg<V> for Option<Vec<String>> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is(ValueType::Undefined) {
            return Ok(None);
        }
        if !value.is(ValueType::Array) {
            return Err(at.wrong_type("an array of strings", value));
        }
        let elements = value
            .elements()
            .map_err(|Thrown| at.error("could not be read (it threw)"))?;
        let element_path = concat(&[at.path, "[]"]);
        let element = Field::new(&element_path);
        elements
            .iter()
            .map(|e| String::read(e, element))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// An optional boolean (`undefined` and `null` are absent).
impl<V: Value> ReadArg<V> for Option<bool> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is_absent() {
            return Ok(None);
        }
        value
            .boolean()
            .map(Some)
            .ok_or_else(|| at.wrong_type("a boolean", value))
    }
}

/// An optional whole number of at least 0 (`undefined` is absent).
impl<V: Value> ReadArg<V> for Option<u32> {
    fn read(value: &V, at: Field<'_>) -> Result<Self, ApiError> {
        if value.is(ValueType::Undefined) {
            return Ok(None);
        }
        match value.number() {
            Some(n) if (0.0..=4_294_967_295.0).contains(&n) && n.fract() == 0.0 => {
                Ok(Some(n as u32))
            }
            _ => Err(at.wrong_type("a whole number of at least 0", value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(value: serde_json::Value) -> Option<serde_json::Value> {
        Some(value)
    }

    #[test]
    fn strings_and_absent_members() {
        let at = Field::new("x");
        assert_eq!(String::read(&v(json!("a")), at), Ok("a".to_owned()));
        let e = String::read(&v(json!(5)), at).unwrap_err();
        assert_eq!(e.message, "`x` must be a string, got a number");
        assert_eq!(Option::<String>::read(&None, at), Ok(None));
        assert_eq!(Option::<String>::read(&v(json!(null)), at), Ok(None));
        assert!(Option::<Vec<String>>::read(&v(json!(null)), at).is_err());
        let e = Option::<Vec<String>>::read(&v(json!(["a", 1])), at).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("x[]"));
    }

    #[test]
    fn member_paths_and_objects() {
        let body = Field::body("body");
        assert_eq!(body.member("invitee"), "invitee");
        assert_eq!(Field::new("config").member("baseUrl"), "config.baseUrl");
        let e = read_object(&v(json!([1])), body, &["a", "b"]).unwrap_err();
        assert_eq!(e.message, "`body` must be an object { a, b }, got an array");
        let e = one_of(&v(json!("Pending")), Field::new("status"), &["A", "B", "C"]).unwrap_err();
        assert_eq!(e.message, "`status` must be \"A\", \"B\" or \"C\"");
    }

    #[test]
    fn whole_numbers() {
        let at = Field::new("n");
        assert_eq!(Option::<u32>::read(&v(json!(3)), at), Ok(Some(3)));
        assert_eq!(Option::<u32>::read(&None, at), Ok(None));
        for bad in [json!(-1), json!(1.5), json!("1"), json!(null)] {
            assert!(Option::<u32>::read(&v(bad.clone()), at).is_err(), "{bad}");
        }
    }
}
