//! Checking that a response body has the documented shape: each member's type, derived from the
//! model's own member list, with messages naming the member (and the list item) at fault. The
//! body itself is never copied: what JavaScript gets is the parsed object, with any members a
//! newer Logto adds.

use super::value::{Value, ValueType};

use crate::text::{concat, decimal};

/// Where a checked value sits, for messages: `item 3: organizationRoles[0]: `. Rendered only
/// once a problem is found, never for the values that are fine.
#[derive(Clone, Copy, Debug, Default)]
pub struct Location {
    /// The index in a list body.
    pub item: Option<usize>,
    /// The array member and index of a nested object.
    pub element: Option<(&'static str, usize)>,
}

impl Location {
    fn prefix(&self) -> String {
        let mut out = String::new();
        if let Some(item) = self.item {
            out.push_str(&concat(&["item ", &decimal(item as u64), ": "]));
        }
        if let Some((key, index)) = self.element {
            out.push_str(&concat(&[key, "[", &decimal(index as u64), "]: "]));
        }
        out
    }

    /// A problem at this location.
    pub fn problem(&self, text: &str) -> String {
        let mut out = self.prefix();
        out.push_str(text);
        out
    }
}

/// The type in words, where an absent member counts as `null` (Logto sends `null`).
fn name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined | ValueType::Null => "null or absent",
        t => t.describe(),
    }
}

/// A type that a response member may have.
pub trait CheckMember {
    /// The JSON types it may have (`Null` also allows an absent member).
    const ALLOWED: &'static [ValueType];
    /// Checks what the type alone does not tell (an object's members, a string's values).
    fn check_value<V: Value>(_value: &V, _key: &'static str, _at: &Location) -> Result<(), String> {
        Ok(())
    }
}

/// `T`'s own rules, as a plain function pointer (one copy of the callers for every `T`).
type CheckFn<V> = fn(&V, &'static str, &Location) -> Result<(), String>;

/// Checks that `value` has one of the `allowed` types, then `check` (a member type's own
/// rules); not generic over the member type, so every member shares one copy.
#[inline(never)]
fn check_value_erased<V: Value>(
    value: &V,
    key: &'static str,
    at: &Location,
    allowed: &'static [ValueType],
    check: CheckFn<V>,
) -> Result<(), String> {
    let fits = allowed.iter().any(|t| value.is(*t))
        || (allowed.contains(&ValueType::Null) && value.is(ValueType::Undefined));
    if !fits {
        let mut problem = concat(&["`", key, "` should be "]);
        for (i, t) in allowed.iter().enumerate() {
            if i > 0 {
                problem.push_str(" or ");
            }
            problem.push_str(name(*t));
        }
        problem.push_str(", got ");
        problem.push_str(name(value.value_type()));
        return Err(at.problem(&problem));
    }
    check(value, key, at)
}

/// Checks the member `key` of the object `parent`.
#[inline(always)]
pub fn check_members<V: Value, T: CheckMember>(
    parent: &V,
    key: &'static str,
    at: &Location,
) -> Result<(), String> {
    check_member_erased(parent, key, at, T::ALLOWED, T::check_value::<V>)
}

/// [`check_members`] with `T` erased.
#[inline(never)]
fn check_member_erased<V: Value>(
    parent: &V,
    key: &'static str,
    at: &Location,
    allowed: &'static [ValueType],
    check: CheckFn<V>,
) -> Result<(), String> {
    let value = parent
        .member(key)
        .map_err(|_| at.problem(&concat(&["`", key, "` could not be read"])))?;
    check_value_erased(&value, key, at, allowed, check)
}

/// Checks that an object is where one should be, then its members.
pub fn check_object<V: Value, T: CheckMember>(value: &V, at: &Location) -> Result<(), String> {
    check_object_erased(value, at, T::check_value::<V>)
}

/// [`check_object`] with `T` erased.
#[inline(never)]
fn check_object_erased<V: Value>(
    value: &V,
    at: &Location,
    check: CheckFn<V>,
) -> Result<(), String> {
    if !value.is(ValueType::Object) {
        return Err(at.problem(&concat(&[
            "expected an object, got ",
            name(value.value_type()),
        ])));
    }
    check(value, "", at)
}

/// A string that must be one of `allowed`.
pub fn one_of<V: Value>(
    value: &V,
    key: &'static str,
    at: &Location,
    allowed: &'static [&'static str],
) -> Result<(), String> {
    if allowed.iter().any(|a| value.is_str(a)) {
        return Ok(());
    }
    let mut problem = concat(&["`", key, "` should be one of "]);
    for (i, a) in allowed.iter().enumerate() {
        if i > 0 {
            problem.push_str(", ");
        }
        problem.push_str(a);
    }
    problem.push_str(", got \"");
    problem.push_str(&value.string().unwrap_or_default());
    problem.push('"');
    Err(at.problem(&problem))
}

impl CheckMember for String {
    const ALLOWED: &'static [ValueType] = &[ValueType::String];
}

impl CheckMember for Option<String> {
    const ALLOWED: &'static [ValueType] = &[ValueType::String, ValueType::Null];
}

impl CheckMember for f64 {
    const ALLOWED: &'static [ValueType] = &[ValueType::Number];
}

/// An array of objects, each checked.
impl<T: CheckMember> CheckMember for Vec<T> {
    const ALLOWED: &'static [ValueType] = &[ValueType::Array];
    fn check_value<V: Value>(value: &V, key: &'static str, at: &Location) -> Result<(), String> {
        for index in 0..value.length() {
            if let Some(element) = value.element(index) {
                let at = Location {
                    element: Some((key, index)),
                    ..*at
                };
                check_object::<V, T>(&element, &at)?;
            }
        }
        Ok(())
    }
}
