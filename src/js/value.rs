//! [`Value`] over live JavaScript values: arguments are read and response bodies checked in
//! place, one type test per member, with member names created in JavaScript once and reused
//! (decoding them again for every member of a 10,000-item list used to be most of its cost).
//! The few built-ins that can run a caller's code (a getter, a Proxy trap) are called catching.

use std::cell::RefCell;

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::wire::{Thrown, Value, ValueType};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;
}

thread_local! {
    /// JavaScript copies of the `'static` strings the checks use, by address and length.
    static STRINGS: RefCell<Vec<(usize, usize, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JavaScript string for a `'static` Rust string, created once.
pub fn js_string(text: &'static str) -> JsValue {
    let id = (text.as_ptr() as usize, text.len());
    STRINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, _, value)) = cache.iter().find(|(p, l, _)| (*p, *l) == id) {
            return value.clone();
        }
        let value = JsValue::from_str(text);
        cache.push((id.0, id.1, value.clone()));
        value
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
