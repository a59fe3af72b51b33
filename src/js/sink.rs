//! Writing a model's members onto a JavaScript object (the hook contexts).

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use super::value::js_string;
use crate::config::HookHeaders;
use crate::wire::{Sink, WriteMember, WriteShape};

/// A plain JavaScript object being written.
pub struct JsObjectSink(pub Object);

impl JsObjectSink {
    /// Writes `shape` as a new plain object.
    pub fn object<T: WriteShape<JsObjectSink>>(shape: &T) -> Object {
        let mut sink = JsObjectSink(Object::new());
        shape.write_members(&mut sink);
        sink.0
    }

    fn set(&self, key: &'static str, value: &JsValue) {
        // Setting a member of a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &js_string(key), value);
    }
}

impl Sink for JsObjectSink {
    fn string(&mut self, key: &'static str, value: &str) {
        self.set(key, &JsValue::from_str(value));
    }

    fn number(&mut self, key: &'static str, value: f64) {
        self.set(key, &JsValue::from_f64(value));
    }

    fn strings(&mut self, key: &'static str, values: &[String]) {
        let array: Array = values.iter().map(|v| JsValue::from_str(v)).collect();
        self.set(key, &array);
    }

    fn json(&mut self, key: &'static str, json: &str) {
        self.set(key, &JSON::parse(json).unwrap_or(JsValue::NULL));
    }
}

/// The live headers object is handed to the hook as it is, so its changes are seen.
impl WriteMember<JsObjectSink> for HookHeaders {
    fn write_member(&self, key: &'static str, sink: &mut JsObjectSink) {
        sink.set(key, &self.0);
    }
}
