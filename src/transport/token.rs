//! The token for each attempt: `accessToken`, or `getAccessToken`'s answer. Calls that need a
//! token while one is being fetched wait for that same answer instead of asking again; a token
//! request lives only while some call waits for it, so a settled or abandoned answer is never
//! handed to a later call.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::JsValue;

use super::cancel::Cancellation;
use super::fetch::promise_resolve;
use crate::error::ApiError;
use crate::js::{message_of, Rejection};
use crate::request::HttpRequest;
use crate::text::concat;

/// A token request in flight, shared by the calls that wait for it.
#[derive(Clone)]
struct Pending {
    promise: Promise,
    /// Whether it was a forced refresh (after a 401).
    forced: bool,
    /// How many calls wait for it.
    waiters: Rc<Cell<u32>>,
}

/// The token request a client shares between its calls.
#[derive(Default)]
pub struct TokenSource {
    pending: RefCell<Option<Pending>>,
}

/// One call's wait for a token request; when the last waiter leaves (answered, aborted or timed
/// out), the request is forgotten, so the next call asks again.
struct Waiter<'a> {
    source: &'a TokenSource,
    pending: Pending,
    /// Whether the request settled for this waiter.
    settled: bool,
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        let left = self.pending.waiters.get().saturating_sub(1);
        self.pending.waiters.set(left);
        let mut slot = self.source.pending.borrow_mut();
        let ours = slot
            .as_ref()
            .is_some_and(|p| Object::is(&p.promise, &self.pending.promise));
        // Settled (this waiter leaves with the answer), or abandoned by every waiter.
        if ours && (self.settled || left == 0) {
            *slot = None;
        }
    }
}

impl TokenSource {
    /// The token for one attempt: `getAccessToken`'s answer (`None` without a getter). A
    /// refresh after a 401 never reuses a request that began before it (its token may be the one
    /// just refused); any other call may join whatever is in flight.
    pub async fn token(
        &self,
        getter: &Function,
        force_refresh: bool,
        cancel: &Cancellation,
        request: &HttpRequest,
    ) -> Result<String, Rejection> {
        let joinable = self
            .pending
            .borrow()
            .clone()
            .filter(|p| p.forced || !force_refresh);
        let pending = joinable.unwrap_or_else(|| {
            let pending = Pending {
                promise: ask(getter, force_refresh),
                forced: force_refresh,
                waiters: Rc::new(Cell::new(0)),
            };
            *self.pending.borrow_mut() = Some(pending.clone());
            pending
        });
        pending.waiters.set(pending.waiters.get() + 1);
        let mut waiter = Waiter {
            source: self,
            pending,
            settled: false,
        };
        let settled = cancel.settle(&waiter.pending.promise).await;
        waiter.settled = settled.is_some();
        drop(waiter);
        let Some(settled) = settled else {
            return Err(cancel.stopped(request).unwrap_or_else(|| {
                ApiError::aborted(request.method.as_str(), &request.url).into()
            }));
        };
        let token = settled.map_err(|e| {
            Rejection::with_cause(ApiError::token(&concat(&["failed: ", &message_of(&e)])), e)
        })?;
        match token.as_string() {
            Some(token) if !token.is_empty() => Ok(token),
            _ => Err(ApiError::token("did not give a non-empty string").into()),
        }
    }
}

/// Calls `getAccessToken({ forceRefresh })`; `Promise.resolve` takes a plain string, a promise
/// and any thenable alike, and a throw becomes a rejection.
fn ask(getter: &Function, force_refresh: bool) -> Promise {
    let options = Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("forceRefresh"),
        &JsValue::from_bool(force_refresh),
    );
    match getter
        .call1(&JsValue::UNDEFINED, &options)
        .and_then(|returned| promise_resolve(&returned))
    {
        Ok(promise) => promise,
        Err(thrown) => Promise::reject(&thrown),
    }
}
