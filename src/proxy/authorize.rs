//! The backend's own check: `authorize(request, operation)` must answer `true` (or a promise of
//! `true`) for the request to be forwarded. Anything else fails closed: `false`, another value,
//! a throw or a rejection all answer 403 and nothing is forwarded.

use js_sys::{Array, Function, Object};
use wasm_bindgen::JsValue;

use super::allow::Forward;
use crate::runtime::{call_and_wait, set};

/// The `operation` argument: `{ operation, method, path, id?, body? }`.
pub fn operation_object(forward: &Forward, body: Option<&JsValue>) -> Object {
    let object = Object::new();
    set(&object, "operation", &forward.operation.name().into());
    set(&object, "method", &forward.operation.method().into());
    set(&object, "path", &forward.path.as_str().into());
    if let Some(id) = &forward.id {
        set(&object, "id", &id.as_str().into());
    }
    if let Some(body) = body {
        set(&object, "body", body);
    }
    Object::freeze(&object)
}

/// Whether `authorize` allows the request: only an answer of exactly `true` does.
pub async fn is_authorized(authorize: &Function, request: &JsValue, operation: &Object) -> bool {
    let answer = call_and_wait(authorize, &Array::of2(request, operation)).await;
    allows(answer.ok().and_then(|value| value.as_bool()))
}

/// The decision on `authorize`'s settled answer (`None`: not a boolean, or it failed).
pub fn allows(answer: Option<bool>) -> bool {
    answer == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_true_allows() {
        assert!(allows(Some(true)));
        assert!(!allows(Some(false)));
        assert!(!allows(None));
    }
}
