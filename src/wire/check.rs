//! Checking that a response body has the documented shape: each member's type, derived from the
//! model's own member list, with messages naming the member (and the list item) at fault. The
//! body itself is never copied: what JavaScript gets is the parsed object, with any members a
//! newer Logto adds.

use super::value::{PackedTypes, Value, ValueType};

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
    /// Whether the type alone decides (`check_value` is the default): the member is then
    /// checked by its type only, which a JSON body answers without handing the member over.
    const PLAIN: bool = false;
    /// Checks what the type alone does not tell (an object's members, a string's values).
    fn check_value<V: Value>(_value: &V, _key: &'static str, _at: &Location) -> Result<(), String> {
        Ok(())
    }
}

/// `T`'s own rules, as a plain function pointer (one copy of the callers for every `T`).
type CheckFn<V> = fn(&V, &'static str, &Location) -> Result<(), String>;

/// Checks that a member of type `t` may have one of the `allowed` types.
fn check_type(
    t: ValueType,
    key: &'static str,
    at: &Location,
    allowed: &'static [ValueType],
) -> Result<(), String> {
    let fits =
        allowed.contains(&t) || (allowed.contains(&ValueType::Null) && t == ValueType::Undefined);
    if fits {
        return Ok(());
    }
    let mut problem = concat(&["`", key, "` should be "]);
    for (i, t) in allowed.iter().enumerate() {
        if i > 0 {
            problem.push_str(" or ");
        }
        problem.push_str(name(*t));
    }
    problem.push_str(", got ");
    problem.push_str(name(t));
    Err(at.problem(&problem))
}

/// Checks the member `key` of the object `parent`, whose type is the lowest code of `types`
/// (read with the other members', [`Value::member_types`]); takes that code off `types`.
#[inline(always)]
pub fn check_members<V: Value, T: CheckMember>(
    parent: &V,
    key: &'static str,
    types: &mut PackedTypes,
    at: &Location,
) -> Result<(), String> {
    check_member_erased(
        parent,
        key,
        types,
        at,
        T::ALLOWED,
        T::PLAIN,
        T::check_value::<V>,
    )
}

/// [`check_members`] with `T` erased (one copy for every member type): a plain member by its
/// type alone, any other by its type and then `check`, its own rules.
#[inline(never)]
fn check_member_erased<V: Value>(
    parent: &V,
    key: &'static str,
    types: &mut PackedTypes,
    at: &Location,
    allowed: &'static [ValueType],
    plain: bool,
    check: CheckFn<V>,
) -> Result<(), String> {
    let unreadable = |_| at.problem(&concat(&["`", key, "` could not be read"]));
    let code = *types & 15;
    *types >>= 4;
    let t = ValueType::of_code(code).map_err(unreadable)?;
    check_type(t, key, at, allowed)?;
    if plain {
        return Ok(());
    }
    let value = parent.member_of_type(key, t).map_err(unreadable)?;
    check(&value, key, at)
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
    const PLAIN: bool = true;
}

impl CheckMember for Option<String> {
    const ALLOWED: &'static [ValueType] = &[ValueType::String, ValueType::Null];
    const PLAIN: bool = true;
}

impl CheckMember for f64 {
    const ALLOWED: &'static [ValueType] = &[ValueType::Number];
    const PLAIN: bool = true;
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
