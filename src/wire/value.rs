//! Read access to a value that came from JavaScript: an argument a caller passed, or a parsed
//! JSON response. The wasm shell implements [`Value`] over live JavaScript values (no copy into
//! Rust, one type test per member); host tests implement it over `serde_json` values.

/// The types a value can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// `undefined` (for a member: absent).
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object that is not an array or a function.
    Object,
    /// A function.
    Function,
    /// A bigint.
    BigInt,
    /// A symbol.
    Symbol,
}

impl ValueType {
    /// The type in words, for messages: `a string`, `null`, `an array`.
    pub fn describe(self) -> &'static str {
        match self {
            ValueType::Undefined => "undefined",
            ValueType::Null => "null",
            ValueType::Bool => "a boolean",
            ValueType::Number => "a number",
            ValueType::String => "a string",
            ValueType::Array => "an array",
            ValueType::Object => "an object",
            ValueType::Function => "a function",
            ValueType::BigInt => "a bigint",
            ValueType::Symbol => "a symbol",
        }
    }
}

impl ValueType {
    /// The type's code in [`PackedTypes`] (and in `npm/json-body.js`).
    pub fn code(self) -> u64 {
        match self {
            ValueType::Undefined => 0,
            ValueType::Null => 1,
            ValueType::Bool => 2,
            ValueType::Number => 3,
            ValueType::String => 4,
            ValueType::Array => 5,
            ValueType::Object => 6,
            ValueType::Function => 7,
            ValueType::BigInt => 8,
            ValueType::Symbol => 9,
        }
    }

    /// The type of a code ([`THREW`]: the read threw; any other unknown code is an object, as a
    /// value whose type test threw, a revoked Proxy, is).
    pub fn of_code(code: u64) -> Result<ValueType, Thrown> {
        Ok(match code {
            0 => ValueType::Undefined,
            1 => ValueType::Null,
            2 => ValueType::Bool,
            3 => ValueType::Number,
            4 => ValueType::String,
            5 => ValueType::Array,
            7 => ValueType::Function,
            8 => ValueType::BigInt,
            9 => ValueType::Symbol,
            THREW => return Err(Thrown),
            _ => ValueType::Object,
        })
    }
}

/// The code of a read that threw.
pub const THREW: u64 = 10;

/// The types of up to [`PACKED_MAX`] members, 4 bits each ([`ValueType::code`]), the first
/// member's lowest: what [`Value::member_types`] answers.
pub type PackedTypes = u64;

/// How many member types [`PackedTypes`] holds: 13 × 4 bits fit in the 53 bits an f64 holds
/// exactly, so JavaScript can answer them as one number.
pub const PACKED_MAX: usize = 13;

/// A member's getter or a Proxy trap threw while it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thrown;

/// Read access to a JavaScript-like value. Keys and expected strings are `'static`, so that an
/// implementation over live JavaScript values can cache their JavaScript copies.
pub trait Value: Sized {
    /// The value's type.
    fn value_type(&self) -> ValueType;
    /// Whether the value has type `t`; may be faster than [`Value::value_type`].
    fn is(&self, t: ValueType) -> bool {
        self.value_type() == t
    }
    /// `undefined` or `null`: an absent optional member.
    fn is_absent(&self) -> bool {
        self.is(ValueType::Undefined) || self.is(ValueType::Null)
    }
    /// An object's member (`undefined` when absent, or when `self` is no object).
    fn member(&self, key: &'static str) -> Result<Self, Thrown>;
    /// The type of the member `key`, as `self.member(key)?.value_type()`; may answer in one
    /// step without handing the member over (the response checks of plain members).
    fn member_type(&self, key: &'static str) -> Result<ValueType, Thrown> {
        self.member(key).map(|value| value.value_type())
    }
    /// The types of the members `keys` (at most [`PACKED_MAX`]), packed; may answer all of
    /// them in one step (the response checks of a shape's members).
    fn member_types(&self, keys: &'static [&'static str]) -> PackedTypes {
        keys.iter().rev().fold(0, |packed, key| {
            let code = self.member_type(key).map_or(THREW, ValueType::code);
            packed << 4 | code
        })
    }
    /// [`Value::member_types`] of an object of a checked shape, `shape` the index in
    /// `crate::invitation::LIST_ITEM_SHAPES` of its member list ([`crate::wire::NO_SHAPE`] if no
    /// listed shape has the same one): an implementation over JavaScript values may answer with
    /// that list's own reads (`npm/json-body.js`).
    fn shape_member_types(&self, keys: &'static [&'static str], shape: u32) -> PackedTypes {
        let _ = shape;
        self.member_types(keys)
    }
    /// The member `key` whose type `t` was already read; may skip reading the type again.
    fn member_of_type(&self, key: &'static str, t: ValueType) -> Result<Self, Thrown> {
        let _ = t;
        self.member(key)
    }
    /// A string's contents.
    fn string(&self) -> Option<String>;
    /// A number's value.
    fn number(&self) -> Option<f64>;
    /// A boolean's value.
    fn boolean(&self) -> Option<bool>;
    /// Whether the value is the string `expected`; may answer without a copy.
    fn is_str(&self, expected: &'static str) -> bool {
        self.string().as_deref() == Some(expected)
    }
    /// An array's length (0 for anything else).
    fn length(&self) -> usize;
    /// An array's element.
    fn element(&self, index: usize) -> Option<Self>;
    /// An argument array's elements, read once (a Proxy may throw).
    fn elements(&self) -> Result<Vec<Self>, Thrown> {
        Ok((0..self.length()).filter_map(|i| self.element(i)).collect())
    }
    /// The value written as JSON (`JSON.stringify`), if it can be.
    fn to_json(&self) -> Option<String>;
}

/// `serde_json` values as [`Value`]s, for host tests.
#[cfg(test)]
mod json_value {
    use super::{Thrown, Value, ValueType};
    use serde_json::Value as Json;

    impl Value for Option<Json> {
        fn value_type(&self) -> ValueType {
            match self {
                None => ValueType::Undefined,
                Some(Json::Null) => ValueType::Null,
                Some(Json::Bool(_)) => ValueType::Bool,
                Some(Json::Number(_)) => ValueType::Number,
                Some(Json::String(_)) => ValueType::String,
                Some(Json::Array(_)) => ValueType::Array,
                Some(Json::Object(_)) => ValueType::Object,
            }
        }
        fn member(&self, key: &'static str) -> Result<Self, Thrown> {
            Ok(self.as_ref().and_then(|v| v.get(key)).cloned())
        }
        fn string(&self) -> Option<String> {
            self.as_ref()?.as_str().map(str::to_owned)
        }
        fn number(&self) -> Option<f64> {
            self.as_ref()?.as_f64()
        }
        fn boolean(&self) -> Option<bool> {
            self.as_ref()?.as_bool()
        }
        fn length(&self) -> usize {
            self.as_ref().and_then(Json::as_array).map_or(0, Vec::len)
        }
        fn element(&self, index: usize) -> Option<Self> {
            Some(self.as_ref()?.get(index).cloned())
        }
        fn to_json(&self) -> Option<String> {
            self.as_ref().map(Json::to_string)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Thrown, Value, ValueType, THREW};
    use serde_json::{json, Value as Json};

    const ALL: [ValueType; 10] = [
        ValueType::Undefined,
        ValueType::Null,
        ValueType::Bool,
        ValueType::Number,
        ValueType::String,
        ValueType::Array,
        ValueType::Object,
        ValueType::Function,
        ValueType::BigInt,
        ValueType::Symbol,
    ];

    #[test]
    fn codes_round_trip_and_a_throw_is_its_own() {
        for t in ALL {
            assert_eq!(ValueType::of_code(t.code()), Ok(t));
            assert!(t.code() < 16 && t.code() != THREW);
        }
        assert_eq!(ValueType::of_code(THREW), Err(Thrown));
        assert_eq!(ValueType::of_code(15), Ok(ValueType::Object));
    }

    #[test]
    fn thirteen_codes_are_exact_in_the_f64_javascript_answers() {
        // npm/json-body.js memberTypes computes `packed * 16 + code` in f64 from the last key to
        // the first: for PACKED_MAX keys of the highest code it stays exact (below 2^53) and is
        // the integer that the Rust packing makes.
        use super::{PackedTypes, PACKED_MAX};
        for code in [THREW, 15] {
            let mut js = 0f64;
            let mut rust: PackedTypes = 0;
            for _ in 0..PACKED_MAX {
                js = js * 16.0 + code as f64;
                rust = rust << 4 | code;
            }
            assert!(js < 2f64.powi(53));
            assert_eq!(js as PackedTypes, rust);
            assert_eq!(rust & 15, code);
        }
    }

    #[test]
    fn member_types_pack_the_first_key_lowest() {
        let value: Option<Json> = Some(json!({"a": "x", "b": 1, "d": [true]}));
        let packed = value.member_types(&["a", "b", "c", "d"]);
        assert_eq!(
            packed,
            ValueType::String.code()
                | ValueType::Number.code() << 4
                | ValueType::Undefined.code() << 8
                | ValueType::Array.code() << 12
        );
        let not_an_object: Option<Json> = Some(json!("text"));
        assert_eq!(not_an_object.member_types(&["a", "b"]), 0);
    }
}
