//! How a request to one of the server entry's fetch handlers ends, and what each of them reads of
//! a `Request` first. Shared by `createInvitationsProxy` ([`super::handler`]) and
//! `createInvitationAcceptance` (`crate::acceptance`): an answer, a refusal the handler composes
//! itself ([`Refusal`]), or the rejection of the handler's promise.

use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::refusal::Refusal;
use super::upstream::refuse;
use crate::error::ApiError;
use crate::js::Rejection;
use crate::runtime::{get, header_pairs, path_and_query};

/// How a request ends: a `Response` to answer with, a refusal the handler answers itself, or the
/// rejection of the handler's promise (it was not given a `Request`, or the runtime could not
/// build a `Response`).
pub enum Handled {
    /// A `Response` to answer with.
    Answer(JsValue),
    /// The handler's own answer.
    Refused(Refusal),
    /// The handler's promise rejects with this.
    Rejected(JsValue),
}

impl From<Refusal> for Handled {
    fn from(refusal: Refusal) -> Self {
        Handled::Refused(refusal)
    }
}

/// A built `Response` as a handled request.
pub fn answered(answer: Result<JsValue, JsValue>) -> Result<Handled, Handled> {
    answer.map(Handled::Answer).map_err(Handled::Rejected)
}

/// What the handler's promise settles with.
pub fn settle(outcome: Result<Handled, Handled>) -> Result<JsValue, JsValue> {
    match outcome {
        Ok(Handled::Answer(answer)) | Err(Handled::Answer(answer)) => Ok(answer),
        Ok(Handled::Refused(refusal)) | Err(Handled::Refused(refusal)) => refuse(&refusal),
        Ok(Handled::Rejected(error)) | Err(Handled::Rejected(error)) => Err(error),
    }
}

/// A request handler as the JavaScript function `(request) => Promise<Response>`: each call runs
/// `handle` on the configured `state` and settles with its outcome.
pub fn handler<T, F, Fut>(state: T, handle: F) -> Function
where
    T: 'static,
    F: Fn(Rc<T>, JsValue) -> Fut + 'static,
    Fut: Future<Output = Result<Handled, Handled>> + 'static,
{
    let state = Rc::new(state);
    let handler = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |request: JsValue| {
        let outcome = handle(state.clone(), request);
        future_to_promise(async move { settle(outcome.await) })
    });
    handler.into_js_value().unchecked_into()
}

/// The `getAccessToken` option, which every handler requires.
pub fn required_access_token(given: Option<Function>) -> Result<Function, ApiError> {
    given.ok_or_else(|| {
        ApiError::invalid_input(
            "options.getAccessToken",
            "is required: a function that gives the Management API token, e.g. clientCredentials({ endpoint, appId, appSecret })",
        )
    })
}

/// The error a handler rejects with when it is not given a Fetch API `Request`.
pub fn not_a_request() -> Handled {
    Handled::Rejected(
        Rejection::from(ApiError::invalid_input(
            "request",
            "must be a Fetch API Request (in Node's http, build one from the IncomingMessage first: see the README)",
        ))
        .into_js(),
    )
}

/// What a handler reads of a `Request` before anything else.
pub struct Incoming {
    /// The method, as the `Request` has it.
    pub method: String,
    /// The URL's path, percent-encoded as the platform serialised it (dot segments resolved).
    pub pathname: String,
    /// The URL's query, `?...` or `""`.
    pub search: String,
    /// The `Headers` object.
    pub headers: JsValue,
    /// Every header, lowercase names.
    pub pairs: Vec<(String, String)>,
}

/// Reads `request`'s method, URL and headers; a value that is not a `Request` rejects.
pub fn incoming(request: &JsValue) -> Result<Incoming, Handled> {
    let method = get(request, "method")
        .as_string()
        .ok_or_else(not_a_request)?;
    let (pathname, search) = get(request, "url")
        .as_string()
        .and_then(|url| path_and_query(&url))
        .ok_or_else(not_a_request)?;
    let headers = get(request, "headers");
    let pairs = header_pairs(&headers).ok_or_else(not_a_request)?;
    Ok(Incoming {
        method,
        pathname,
        search,
        headers,
        pairs,
    })
}
