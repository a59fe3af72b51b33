//! [`Value`] over live JavaScript values: arguments are read and response bodies checked in
//! place, with member names created in JavaScript once and reused (decoding them again for every
//! member of a 10,000-item list used to be most of its cost).
//!
//! Two implementations: `JsValue` for what callers pass, where the few built-ins that can run a
//! caller's code (a getter, a Proxy trap) are called catching; and [`JsonBody`] for a parsed
//! response body, which `JSON.parse` made of plain data, read through `npm/json-body.js`: one
//! call per member answers its type, so a list of 10,000 crosses into JavaScript about 20 times
//! per invitation instead of about 100.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::wire::{PackedTypes, Thrown, Value, ValueType, NO_SHAPE};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;
}

#[wasm_bindgen(module = "/npm/json-body.js")]
extern "C" {
    /// The type code of a value (see `npm/json-body.js`).
    #[wasm_bindgen(js_name = jsonType)]
    fn json_type(value: &JsValue) -> u32;
    /// The type codes of `object[keys[i]]` (at most 13 keys), 4 bits each, the first key's
    /// lowest; 10 for a read that threw ([`PackedTypes`]).
    #[wasm_bindgen(js_name = memberTypes)]
    fn json_member_types(object: &JsValue, keys: &JsValue) -> f64;
    /// [`json_member_types`] of an object of the checked shape `shape` with that shape's own
    /// reads (src/wire/member_types.rs); negative if a read threw or the shape is unknown.
    #[wasm_bindgen(js_name = shapeMemberTypes)]
    fn json_shape_member_types(object: &JsValue, shape: u32) -> f64;
    /// `object[key]`; `undefined` if the read threw.
    #[wasm_bindgen(js_name = member)]
    fn json_member(object: &JsValue, key: &JsValue) -> JsValue;
    /// `array.length`; 0 if the read threw (see [`JsonBody::length`]).
    #[wasm_bindgen(js_name = arrayLength)]
    fn json_array_length(array: &JsValue) -> u32;
}

/// The type of a code of `npm/json-body.js` (the codes of [`ValueType::code`]).
fn type_of_code(code: u32) -> Result<ValueType, Thrown> {
    ValueType::of_code(code.into())
}

/// JavaScript copies of the `'static` strings the checks use, by address and length, in the
/// order of first use; `next` is where the next lookup starts, since the checks of a list ask
/// for the same keys in the same order for every item.
struct Strings {
    entries: Vec<(usize, usize, JsValue)>,
    next: Cell<usize>,
}

impl Strings {
    fn find(&self, id: (usize, usize)) -> Option<&JsValue> {
        let start = self.next.get();
        let (head, tail) = self.entries.split_at(start.min(self.entries.len()));
        let at = tail
            .iter()
            .position(|(p, l, _)| (*p, *l) == id)
            .map(|i| start + i)
            .or_else(|| head.iter().position(|(p, l, _)| (*p, *l) == id))?;
        self.next.set(at + 1);
        Some(&self.entries[at].2)
    }
}

thread_local! {
    static STRINGS: RefCell<Strings> = const {
        RefCell::new(Strings { entries: Vec::new(), next: Cell::new(0) })
    };
}

/// The JavaScript string for a `'static` Rust string, created once.
pub fn js_string(text: &'static str) -> JsValue {
    cached((text.as_ptr() as usize, text.len()), &|| {
        JsValue::from_str(text)
    })
}

/// The cached value for `id` (an address and a length), made by `make` the first time. Not
/// generic and not inlined: one copy of the cache's code for every caller. The cache is not
/// borrowed while `make` or the caller use the value (that may call JavaScript, which may call
/// back in).
#[inline(never)]
fn cached(id: (usize, usize), make: &dyn Fn() -> JsValue) -> JsValue {
    STRINGS.with(|cache| {
        if let Some(value) = cache.try_borrow().ok().and_then(|s| s.find(id).cloned()) {
            return value;
        }
        let value = make();
        if let Ok(mut strings) = cache.try_borrow_mut() {
            strings.entries.push((id.0, id.1, value.clone()));
        }
        value
    })
}

/// The JavaScript array of the strings `keys` (a shape's member names), created once and kept
/// with the strings (by the slice's address; the length is stored negated, so that it never
/// matches a string's entry).
fn js_strings(keys: &'static [&'static str]) -> JsValue {
    cached((keys.as_ptr() as usize, !keys.len()), &|| {
        let array = Array::new();
        for key in keys {
            array.push(&js_string(key));
        }
        array.into()
    })
}

/// `Array.isArray`, false if a Proxy's trap threw.
pub fn is_array(value: &JsValue) -> bool {
    is_array_checked(value).unwrap_or(false)
}

/// `object[key]` for a key built at run time; `undefined` if it threw.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `Array.from(value)`, for arrays and iterables (a `Headers`, a `Map`); `None` if it threw.
pub fn array_of(value: &JsValue) -> Option<Array> {
    array_from(value).ok()
}

impl Value for JsValue {
    fn value_type(&self) -> ValueType {
        if self.is_undefined() {
            ValueType::Undefined
        } else if self.is_null() {
            ValueType::Null
        } else if self.is_string() {
            ValueType::String
        } else if self.as_f64().is_some() {
            ValueType::Number
        } else if self.as_bool().is_some() {
            ValueType::Bool
        } else if self.is_function() {
            ValueType::Function
        } else if self.is_bigint() {
            ValueType::BigInt
        } else if self.is_symbol() {
            ValueType::Symbol
        } else if is_array(self) {
            ValueType::Array
        } else {
            ValueType::Object
        }
    }

    fn is(&self, t: ValueType) -> bool {
        match t {
            ValueType::String => self.is_string(),
            ValueType::Number => self.as_f64().is_some(),
            ValueType::Null => self.is_null(),
            ValueType::Undefined => self.is_undefined(),
            ValueType::Bool => self.as_bool().is_some(),
            ValueType::Array => is_array(self),
            ValueType::Object => self.is_object() && !self.is_function() && !is_array(self),
            ValueType::Function => self.is_function(),
            ValueType::BigInt => self.is_bigint(),
            ValueType::Symbol => self.is_symbol(),
        }
    }

    fn member(&self, key: &'static str) -> Result<Self, Thrown> {
        if !self.is_object() && !self.is_function() {
            return Ok(JsValue::UNDEFINED);
        }
        Reflect::get(self, &js_string(key)).map_err(|_| Thrown)
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn is_str(&self, expected: &'static str) -> bool {
        *self == js_string(expected)
    }

    // Asked only after `is(ValueType::Array)`; on anything else JavaScript answers `undefined`,
    // read as 0 and as absent.
    fn length(&self) -> usize {
        self.unchecked_ref::<Array>().length() as usize
    }

    fn element(&self, index: usize) -> Option<Self> {
        Some(self.unchecked_ref::<Array>().get(index as u32))
    }

    fn elements(&self) -> Result<Vec<Self>, Thrown> {
        array_of(self).map(|a| a.to_vec()).ok_or(Thrown)
    }

    fn to_json(&self) -> Option<String> {
        JSON::stringify(self).ok().and_then(|json| json.as_string())
    }
}

/// A parsed JSON response body, or a member or element of one, with its type, read without the
/// catching built-ins: `JSON.parse` creates plain data properties only, so a read runs no
/// caller code (and `npm/json-body.js` answers a read that throws anyway, as [`Thrown`]).
pub struct JsonBody {
    value: JsValue,
    value_type: ValueType,
}

impl JsonBody {
    /// `value` (the result of `response.json()`) with its type.
    pub fn new(value: JsValue) -> Self {
        // A value whose type test threw (a revoked Proxy) is an object.
        let value_type = type_of_code(json_type(&value)).unwrap_or(ValueType::Object);
        JsonBody { value, value_type }
    }

    /// The value itself.
    pub fn into_value(self) -> JsValue {
        self.value
    }

    /// An object or array, whose members can be read.
    fn has_members(&self) -> bool {
        matches!(self.value_type, ValueType::Object | ValueType::Array)
    }
}

impl Value for JsonBody {
    fn value_type(&self) -> ValueType {
        self.value_type
    }

    fn member(&self, key: &'static str) -> Result<Self, Thrown> {
        if !self.has_members() {
            return Ok(JsonBody::new(JsValue::UNDEFINED));
        }
        Ok(JsonBody::new(json_member(&self.value, &js_string(key))))
    }

    fn member_types(&self, keys: &'static [&'static str]) -> PackedTypes {
        if !self.has_members() {
            return 0; // all undefined
        }
        // An integer below 2^52: exact as an f64.
        json_member_types(&self.value, &js_strings(keys)) as PackedTypes
    }

    fn shape_member_types(&self, keys: &'static [&'static str], shape: u32) -> PackedTypes {
        if !self.has_members() {
            return 0; // all undefined
        }
        if shape == NO_SHAPE {
            return self.member_types(keys); // no code of its own: the generic reads
        }
        let packed = json_shape_member_types(&self.value, shape);
        if packed >= 0.0 {
            packed as PackedTypes
        } else {
            // A read threw: the generic reads tell which, with its type code THREW.
            self.member_types(keys)
        }
    }

    fn member_of_type(&self, key: &'static str, t: ValueType) -> Result<Self, Thrown> {
        if !self.has_members() {
            return Ok(JsonBody::new(JsValue::UNDEFINED));
        }
        let value = json_member(&self.value, &js_string(key));
        Ok(JsonBody {
            value,
            value_type: t,
        })
    }

    fn string(&self) -> Option<String> {
        self.value.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.value.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.value.as_bool()
    }

    fn is_str(&self, expected: &'static str) -> bool {
        self.value_type == ValueType::String && self.value == js_string(expected)
    }

    // Catching: a member's type and the member are two reads (`member_of_type`), and a getter on
    // Object.prototype may answer an array to the first and `undefined` to the second; 0 then
    // (the element reads are below its length).
    fn length(&self) -> usize {
        if self.value_type != ValueType::Array {
            return 0;
        }
        json_array_length(&self.value) as usize
    }

    fn element(&self, index: usize) -> Option<Self> {
        if self.value_type != ValueType::Array {
            return None;
        }
        let element = self.value.unchecked_ref::<Array>().get(index as u32);
        Some(JsonBody::new(element))
    }

    fn to_json(&self) -> Option<String> {
        self.value.to_json()
    }
}
