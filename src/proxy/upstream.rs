//! The proxy's conversation with Logto: the token, each request, what goes back. A request's
//! [`Exchange`] keeps its token and its client's `AbortSignal`; every wait (the token, Logto's
//! headers and body) has a time limit and stops when the client goes away. On a 401 the token
//! is refreshed and the request repeated once; many 401s at once share one forced refresh
//! ([`super::refresh`]). Logto's body is read whole (its answers are small JSON) and goes back with
//! only the headers in [`PASSED_BACK`] and a `Content-Type` that is Logto's only for JSON
//! (`text/plain` otherwise).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::handled::{answered, Handled};
use super::headers::{answer_content_type, ANSWER_HEADERS, PASSED_BACK};
use super::refresh::{AfterUnauthorized, Refreshes};
use super::refusal::Refusal;
use crate::headers::bearer;
use crate::request::{self, HttpRequest};
use crate::runtime::{
    abort_controller, call_promise, discard_body, fetch, fetch_failure, get, header, read_capped,
    response, set, BodyProblem, Deadline, Waited,
};

/// The largest Logto answer read: 32 MiB (a list of about 80,000 invitations).
const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// The time limits of each step, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Reading the request's body.
    pub body: u32,
    /// `organizationIds(request)`.
    pub organization_ids: u32,
    /// `authorize(request, operation)`.
    pub authorize: u32,
    /// `getAccessToken(...)`.
    pub get_access_token: u32,
    /// Each request to Logto, headers and body.
    pub logto: u32,
}

impl Limits {
    /// The defaults: 10 s for the body and each of the app's functions, 15 s for a token, 30 s
    /// for each request to Logto.
    pub const DEFAULT: Limits = Limits {
        body: 10_000,
        organization_ids: 10_000,
        authorize: 10_000,
        get_access_token: 15_000,
        logto: 30_000,
    };
}

/// The token state every request of one proxy shares.
#[derive(Default)]
struct Tokens {
    refreshes: Refreshes,
    /// The forced refresh under way.
    pending: Option<Promise>,
}

/// Logto as one proxy reaches it.
pub struct Logto {
    /// Logto's URL, normalised.
    pub endpoint: String,
    get_access_token: Function,
    tokens: Rc<RefCell<Tokens>>,
    /// The time limits.
    pub limits: Limits,
}

/// Logto's answer, read whole.
pub struct Answer {
    /// The status, 200-599.
    pub status: u16,
    /// Logto's `Content-Type`.
    pub content_type: Option<String>,
    /// The headers in [`PASSED_BACK`] that Logto sent.
    pub passed: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body parsed as JSON, when it is.
    pub fn json(&self) -> Option<JsValue> {
        std::str::from_utf8(&self.body)
            .ok()
            .and_then(|text| js_sys::JSON::parse(text).ok())
    }
}

impl Logto {
    /// Logto at `endpoint`, with tokens from `get_access_token`.
    pub fn new(endpoint: String, get_access_token: Function, limits: Limits) -> Logto {
        Logto {
            endpoint,
            get_access_token,
            tokens: Rc::default(),
            limits,
        }
    }
}

/// One proxied request's requests to Logto.
pub struct Exchange<'a> {
    logto: &'a Logto,
    /// The client's `AbortSignal` (or `undefined`).
    signal: JsValue,
    /// The request headers forwarded.
    headers: Vec<(String, String)>,
    token: Option<String>,
}

impl<'a> Exchange<'a> {
    /// An exchange for a request with `signal` and the `headers` to forward.
    pub fn new(logto: &'a Logto, signal: JsValue, headers: Vec<(String, String)>) -> Self {
        Exchange {
            logto,
            signal,
            headers,
            token: None,
        }
    }

    /// Sends one of [`crate::request`]'s requests, built with the base URL `""` so that its URL
    /// is the path: the server's requests to Logto come from the same route table as the
    /// client's.
    pub async fn send_request(&mut self, request: &HttpRequest) -> Result<Answer, Refusal> {
        self.send(
            request.method.as_str(),
            &request.url,
            request.body.as_deref(),
        )
        .await
    }

    /// Sends `method path_and_query` (with a JSON `body`) and reads the answer; after a 401 the
    /// token is refreshed and the request repeated once.
    pub async fn send(
        &mut self,
        method: &str,
        path_and_query: &str,
        body: Option<&str>,
    ) -> Result<Answer, Refusal> {
        let url = crate::text::concat(&[&self.logto.endpoint, path_and_query]);
        let mut repeated = false;
        loop {
            let token = match &self.token {
                Some(token) => token.clone(),
                None => {
                    let token = self.access_token().await?;
                    self.token = Some(token.clone());
                    token
                }
            };
            let sent_at = js_sys::Date::now();
            let answer = self.request(method, &url, body, &token, !repeated).await?;
            match answer {
                Some(answer) => return Ok(answer),
                None => {
                    repeated = true;
                    self.token = Some(self.refreshed(sent_at, &token).await?);
                }
            }
        }
    }

    /// One request; `None` for a 401 that will be repeated (`repeat_401`).
    async fn request(
        &self,
        method: &str,
        url: &str,
        body: Option<&str>,
        token: &str,
        repeat_401: bool,
    ) -> Result<Option<Answer>, Refusal> {
        let limit = self.logto.limits.logto;
        let deadline = Deadline::new(limit, &self.signal);
        let controller = abort_controller();
        let init = self.request_init(method, body, token, controller.as_ref().map(|(_, s)| s));
        let stop = |refusal: Refusal| {
            if let Some((controller, _)) = &controller {
                controller.abort();
            }
            refusal
        };
        let promise = fetch(url, &init)
            .map_err(|error| Refusal::logto_unreachable(fetch_failure(&error).1.as_deref()))?;
        let answer = match deadline.wait(&promise).await {
            Waited::Settled(Ok(answer)) => answer,
            Waited::Settled(Err(error)) => {
                return Err(stop(Refusal::logto_unreachable(
                    fetch_failure(&error).1.as_deref(),
                )))
            }
            Waited::TimedOut => return Err(stop(Refusal::timeout("Logto", limit))),
            Waited::Aborted => return Err(stop(Refusal::client_gone())),
        };
        let status = get(&answer, "status").as_f64().unwrap_or(0.0) as u16;
        if status == 401 && repeat_401 {
            discard_body(&answer);
            return Ok(None);
        }
        if !(200..=599).contains(&status) {
            discard_body(&answer);
            return Err(Refusal::bad_answer(status));
        }
        let headers = get(&answer, "headers");
        let bytes = match read_capped(&get(&answer, "body"), MAX_ANSWER_BYTES, &deadline).await {
            Ok(bytes) => bytes,
            Err(BodyProblem::TimedOut) => return Err(stop(Refusal::timeout("Logto", limit))),
            Err(BodyProblem::Aborted) => return Err(stop(Refusal::client_gone())),
            Err(BodyProblem::TooLarge | BodyProblem::Unreadable) => {
                return Err(stop(Refusal::bad_answer(status)))
            }
        };
        Ok(Some(Answer {
            status,
            content_type: header(&headers, "content-type"),
            passed: PASSED_BACK
                .iter()
                .filter_map(|name| header(&headers, name).map(|value| (*name, value)))
                .collect(),
            body: bytes,
        }))
    }

    /// The `RequestInit` for Logto; redirects are not followed (the token stays with Logto).
    fn request_init(
        &self,
        method: &str,
        body: Option<&str>,
        token: &str,
        signal: Option<&JsValue>,
    ) -> Object {
        let headers = Object::new();
        for (name, value) in &self.headers {
            set(&headers, name, &value.as_str().into());
        }
        set(
            &headers,
            "authorization",
            &crate::text::concat(&["Bearer ", token]).into(),
        );
        let init = Object::new();
        set(&init, "method", &method.into());
        if let Some(body) = body {
            set(&headers, "content-type", &"application/json".into());
            set(&init, "body", &body.into());
        }
        set(&init, "headers", &headers);
        set(&init, "redirect", &"manual".into());
        if let Some(signal) = signal {
            set(&init, "signal", signal);
        }
        init
    }

    /// `getAccessToken({ forceRefresh: false })`, within its time limit.
    async fn access_token(&self) -> Result<String, Refusal> {
        let promise = ask_token(&self.logto.get_access_token, false);
        self.wait_for_token(&promise).await
    }

    /// The token to repeat with after a 401 on `sent_token` (sent at `sent_at`).
    async fn refreshed(&self, sent_at: f64, sent_token: &str) -> Result<String, Refusal> {
        let pending = self.logto.tokens.borrow().pending.clone();
        let decision = self.logto.tokens.borrow().refreshes.after_unauthorized(
            pending.is_some(),
            sent_at,
            sent_token,
        );
        let promise = match (decision, pending) {
            (AfterUnauthorized::Use(token), _) => return Ok(token),
            (AfterUnauthorized::Join, Some(promise)) => promise,
            _ => self.start_refresh(),
        };
        self.wait_for_token(&promise).await
    }

    /// Starts the one forced refresh that every 401 until it settles shares. It settles within
    /// the token time limit even if `getAccessToken` never does, and is then forgotten.
    fn start_refresh(&self) -> Promise {
        let tokens = self.logto.tokens.clone();
        let getter = self.logto.get_access_token.clone();
        let limit = self.logto.limits.get_access_token;
        let promise = future_to_promise(async move {
            let deadline = Deadline::new(limit, &JsValue::UNDEFINED);
            let outcome = match deadline.wait(&ask_token(&getter, true)).await {
                Waited::Settled(outcome) => outcome,
                _ => Err(JsValue::from_str(TIMED_OUT)),
            };
            let mut tokens = tokens.borrow_mut();
            tokens.pending = None;
            if let Some(token) = outcome.as_ref().ok().and_then(|t| t.as_string()) {
                tokens.refreshes.latest = Some((token, js_sys::Date::now()));
            }
            outcome
        });
        self.logto.tokens.borrow_mut().pending = Some(promise.clone());
        promise
    }

    /// Waits for a token promise within the token limit and the client's signal; checks that
    /// HTTP can carry it (the token itself, without `Bearer `).
    async fn wait_for_token(&self, promise: &Promise) -> Result<String, Refusal> {
        let limit = self.logto.limits.get_access_token;
        let deadline = Deadline::new(limit, &self.signal);
        match deadline.wait(promise).await {
            Waited::Settled(Ok(token)) => token
                .as_string()
                .filter(|token| !token.is_empty() && bearer(token).is_some())
                .ok_or_else(|| Refusal::token_unavailable(None)),
            Waited::Settled(Err(error)) if error.as_string().as_deref() == Some(TIMED_OUT) => {
                Err(Refusal::timeout("getAccessToken", limit))
            }
            Waited::Settled(Err(error)) => Err(Refusal::token_unavailable(
                get(&error, "code").as_string().as_deref(),
            )),
            Waited::TimedOut => Err(Refusal::timeout("getAccessToken", limit)),
            Waited::Aborted => Err(Refusal::client_gone()),
        }
    }
}

/// What the shared refresh rejects with when `getAccessToken` did not settle in time.
const TIMED_OUT: &str = "logto-invitations: getAccessToken timed out";

/// `getAccessToken({ forceRefresh })` as a promise (a throw becomes a rejection).
fn ask_token(getter: &Function, force_refresh: bool) -> Promise {
    let options = Object::new();
    set(&options, "forceRefresh", &JsValue::from_bool(force_refresh));
    call_promise(getter, &Array::of1(&options))
}

/// Logto's answer as the proxy's: status, body, the headers in [`PASSED_BACK`], and Logto's
/// `Content-Type` only for JSON ([`answer_content_type`]).
pub fn pass_back(answer: &Answer) -> Result<JsValue, JsValue> {
    let null_body = matches!(answer.status, 204 | 205 | 304);
    let has_body = !null_body && !answer.body.is_empty();
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(content_type) = answer_content_type(answer.content_type.as_deref(), has_body) {
        headers.push(("content-type", content_type));
    }
    headers.extend(answer.passed.iter().map(|(n, v)| (*n, v.as_str())));
    headers.extend(ANSWER_HEADERS);
    let body = if null_body {
        JsValue::NULL
    } else {
        Uint8Array::from(answer.body.as_slice()).into()
    };
    response(&body, answer.status, &headers)
}

/// A JSON answer the proxy composed (the scoped organization list).
pub fn json_answer(body: &str) -> Result<JsValue, JsValue> {
    let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json; charset=utf-8")];
    headers.extend(ANSWER_HEADERS);
    response(&body.into(), 200, &headers)
}

/// The proxy's own answer (with `WWW-Authenticate` when one is given).
pub fn refuse(refusal: &Refusal) -> Result<JsValue, JsValue> {
    let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json; charset=utf-8")];
    if let Some(allow) = &refusal.allow {
        headers.push(("allow", allow));
    }
    if let Some(challenge) = &refusal.www_authenticate {
        headers.push(("www-authenticate", challenge));
    }
    headers.extend(ANSWER_HEADERS);
    response(&refusal.body().into(), refusal.status, &headers)
}

/// Reads invitation `id` with the server's token (the scoped proxy's pre-read, and the
/// acceptance handler's): its answer and its body parsed, for Logto's 200. An unknown invitation
/// is the composed 404 ([`Refusal::not_found_entity`]), so that a caller's own later refusal of
/// a known one can be exactly the same answer; Logto's other answers (a 403 for the app's own
/// roles, a 5xx) are passed back as they are, the same for any ID.
pub async fn read_invitation(
    exchange: &mut Exchange<'_>,
    id: &str,
) -> Result<(Answer, JsValue), Handled> {
    // An ID no path can carry as one segment is no invitation.
    let request = request::get_invitation("", id).map_err(|_| Refusal::not_found_entity())?;
    let answer = exchange.send_request(&request).await?;
    match answer.status {
        200 => match answer.json().filter(JsValue::is_object) {
            Some(invitation) => Ok((answer, invitation)),
            None => Err(Refusal::bad_answer(200).into()),
        },
        404 => Err(Refusal::not_found_entity().into()),
        _ => Err(answered(pass_back(&answer)).unwrap_or_else(|e| e)),
    }
}
