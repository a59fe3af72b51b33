//! The app's two checks, each within its time limit and failing closed. `organizationIds(request, operation)`
//! must answer an array of strings (the scope); a thrown `Response` with status 401 or 403 is
//! the app's own refusal, and anything else refuses with 403. `authorize(request, operation)`
//! must answer `true`; `false`, another value, a throw or a rejection all answer 403.

use js_sys::{Array, Function, Object};
use wasm_bindgen::JsValue;

use super::allow::Forward;
use super::query::Query;
use super::refusal::Refusal;
use super::scope::Scope;
use crate::runtime::{call_promise, get, header, is_response, set, Deadline, Waited};
use crate::wire::{Field, ReadArg};

/// The `operation` argument: `{ operation, method, path, id?, organizationId?, query?, body? }`.
pub fn operation_object(
    forward: &Forward,
    organization_id: Option<&str>,
    query: Option<&Query>,
    body: Option<&JsValue>,
) -> Object {
    let object = Object::new();
    set(&object, "operation", &forward.operation.name().into());
    set(&object, "method", &forward.operation.method().into());
    set(&object, "path", &forward.path.as_str().into());
    if let Some(id) = &forward.id {
        set(&object, "id", &id.as_str().into());
    }
    if let Some(organization_id) = organization_id {
        set(&object, "organizationId", &organization_id.into());
    }
    if let Some(query) = query {
        let record = Object::new();
        for (key, value) in &query.0 {
            set(&record, key, &value.as_str().into());
        }
        set(&object, "query", &Object::freeze(&record));
    }
    if let Some(body) = body {
        set(&object, "body", body);
    }
    Object::freeze(&object)
}

/// Whether `authorize` allows the request: only an answer of exactly `true` does.
pub async fn authorized(
    authorize: &Function,
    request: &JsValue,
    (name, operation): (&str, &Object),
    deadline: &Deadline,
) -> Result<(), Refusal> {
    let promise = call_promise(authorize, &Array::of2(request, operation));
    match deadline.wait(&promise).await {
        Waited::Settled(Ok(answer)) if allows(answer.as_bool()) => Ok(()),
        Waited::Settled(_) => Err(Refusal::forbidden(name)),
        Waited::TimedOut => Err(Refusal::timeout("authorize", deadline.limit_ms())),
        Waited::Aborted => Err(Refusal::client_gone()),
    }
}

/// The request's scope from `organizationIds(request)`.
pub async fn scope_of(
    organization_ids: &Function,
    request: &JsValue,
    asked: &Object,
    deadline: &Deadline,
) -> Result<Scope, Refusal> {
    let promise = call_promise(organization_ids, &Array::of2(request, asked));
    match deadline.wait(&promise).await {
        Waited::Settled(Ok(answer)) if answer.is_array() => {
            Option::<Vec<String>>::read(&answer, Field::new("organizationIds()"))
                .ok()
                .flatten()
                .and_then(Scope::new)
                .ok_or_else(Refusal::scope_unusable)
        }
        Waited::Settled(Ok(_)) => Err(Refusal::scope_unusable()),
        Waited::Settled(Err(thrown)) => Err(refusal_of(&thrown)),
        Waited::TimedOut => Err(Refusal::timeout("organizationIds", deadline.limit_ms())),
        Waited::Aborted => Err(Refusal::client_gone()),
    }
}

/// What `organizationIds` threw: a `Response` with 401 or 403 is the app's refusal (its
/// `WWW-Authenticate` passed on, e.g. `Bearer error="invalid_token"` or
/// `error="insufficient_scope"`); 502 is Logto out of reach (organizationTokenAuthorization could
/// not read Logto's keys); anything else is a 403.
fn refusal_of(thrown: &JsValue) -> Refusal {
    if !is_response(thrown) {
        return Refusal::scope_failed();
    }
    match get(thrown, "status").as_f64().map(|status| status as u16) {
        Some(status @ (401 | 403)) => Refusal::scope_refused(
            status,
            header(&get(thrown, "headers"), "www-authenticate").as_deref(),
        ),
        Some(502) => Refusal::logto_unreachable(None),
        _ => Refusal::scope_failed(),
    }
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
