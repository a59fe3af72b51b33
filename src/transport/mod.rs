//! Sending a built [`HttpRequest`] with the platform's `fetch`: tokens ([`token`]), hooks
//! ([`hooks`]), time limits and aborts ([`cancel`]), one attempt ([`attempt`]) and the repeats
//! that [`crate::retry`] decides; the paths few calls take are awaited out of line
//! ([`out_of_line`]). This is the only part of the crate that awaits.

mod attempt;
mod cancel;
mod fetch;
mod hooks;
mod out_of_line;
mod token;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

#[cfg(feature = "server")]
pub use self::fetch::monotonic_now;

use self::attempt::attempt_once;
use self::cancel::Cancellation;
use self::out_of_line::OutOfLine;
use self::token::TokenSource;
use crate::config::{is_path, OrganizationInvitationsApiConfig, RequestOptions, TimeoutMs};
use crate::error::{ApiError, ErrorKind};
use crate::headers::client_headers;
use crate::js::{path_fetch_url, Rejection};
use crate::request::HttpRequest;
use crate::retry::{after_ambiguous, is_ambiguous, next_step, AfterAmbiguous, CallState, Next};
use crate::routes::Method;
use crate::text::concat;
use crate::wire::Value;

/// A configured client: the checked configuration, its headers ready to copy for each request,
/// and the token request its calls share.
pub struct Client {
    /// The checked configuration.
    pub config: OrganizationInvitationsApiConfig,
    /// The configured headers and `accept`, lowercase, ready to copy for each request.
    base_headers: Object,
    token: TokenSource,
}

impl Client {
    /// Wraps a checked configuration.
    pub fn new(config: OrganizationInvitationsApiConfig) -> Self {
        let base_headers = Object::new();
        for (name, value) in client_headers(config.headers.as_ref()) {
            let _ = Reflect::set(&base_headers, &name.into(), &value.into());
        }
        Client {
            config,
            base_headers,
            token: TokenSource::default(),
        }
    }
}

/// Sends `request` and decodes the answer: the invitation, the list, or `undefined` for 204.
/// After each failed attempt, [`next_step`] decides: a new token, a wait and a repeat, or the
/// end. A repeat's failure after an attempt that may have been applied is checked against the
/// goal state (a 404 on a repeated DELETE is success).
pub async fn send(
    client: &Client,
    mut request: HttpRequest,
    options: RequestOptions,
) -> Result<JsValue, Rejection> {
    // A path as `baseUrl` needs a page location, which a module evaluated on a server lacks,
    // and is resolved against it here where the platform's fetch would not do it.
    if is_path(&client.config.base_url.0) {
        if let Some(url) = path_fetch_url(&request.url)? {
            request.url = url;
        }
    }
    let timeout = options.timeout_ms.or(client.config.timeout_ms);
    let cancel = Cancellation::new(options.signal, timeout.map(|TimeoutMs(ms)| ms))?;
    if let Some(stop) = cancel.stopped(&request) {
        return Err(stop);
    }
    let mut state = CallState {
        method: request.method,
        retries_done: 0,
        can_refresh_token: client.config.get_access_token.is_some(),
        token_refreshed: false,
        remaining_ms: None,
    };
    let mut attempt = 0;
    let mut force_refresh = false;
    let mut first_ambiguous: Option<ApiError> = None;
    loop {
        attempt += 1;
        let tried = attempt_once(client, &request, &cancel, attempt, force_refresh).await;
        force_refresh = false;
        let failure = match tried {
            Ok(value) => return Ok(value),
            Err(failure) => failure,
        };
        if let Some(stop) = cancel.stopped(&request) {
            return Err(after_attempts(stop, attempt));
        }
        let next = next_step_of(client, &state, &cancel, &failure);
        if let Some(first) = &first_ambiguous {
            match after_ambiguous(request.method, request.expect, &failure.error) {
                AfterAmbiguous::Succeeded => return Ok(JsValue::UNDEFINED),
                AfterAmbiguous::Verify => {
                    if let Some(reached) =
                        OutOfLine::new(read_back(client, &request, &cancel, attempt + 1)).await
                    {
                        return Ok(reached);
                    }
                }
                AfterAmbiguous::Unknown => {}
            }
            if next == Next::GiveUp {
                return Err(may_have_applied(failure, first, attempt));
            }
        } else if is_ambiguous(&failure.error)
            && matches!(request.method, Method::Put | Method::Delete)
        {
            first_ambiguous = Some(failure.error.clone());
        }
        match next {
            Next::RefreshToken => {
                state.token_refreshed = true;
                force_refresh = true;
            }
            Next::Retry(delay) => {
                state.retries_done += 1;
                OutOfLine::new(cancel.sleep(delay)).await;
                if let Some(stop) = cancel.stopped(&request) {
                    return Err(after_attempts(stop, attempt));
                }
            }
            Next::GiveUp => {
                // A token that could not be had means this attempt sent nothing.
                let sent = match failure.error.kind {
                    ErrorKind::Token => attempt - 1,
                    _ => attempt,
                };
                return Err(after_attempts(failure, sent));
            }
        }
    }
}

/// The decision after `failure`, with the time left now.
fn next_step_of(
    client: &Client,
    state: &CallState,
    cancel: &Cancellation,
    failure: &Rejection,
) -> Next {
    let call = CallState {
        remaining_ms: cancel.remaining_ms(),
        ..*state
    };
    next_step(
        &client.config.retry,
        &call,
        &failure.error,
        failure.retry_after_ms,
        js_sys::Math::random(),
    )
}

/// Reads the invitation back after a status change that may have been applied; its body when
/// it shows the goal status.
async fn read_back(
    client: &Client,
    request: &HttpRequest,
    cancel: &Cancellation,
    attempt: u32,
) -> Option<JsValue> {
    let (check, goal) = request.read_back()?;
    let invitation = attempt_once(client, &check, cancel, attempt, false)
        .await
        .ok()?;
    let status = invitation.member("status").ok()?;
    status.is_str(goal).then_some(invitation)
}

/// The final failure, saying that an earlier attempt failed ambiguously and may have been
/// applied; that first failure is its `cause`.
fn may_have_applied(failure: Rejection, first: &ApiError, attempt: u32) -> Rejection {
    let mut failure = after_attempts(failure, attempt);
    failure.error.message = concat(&[
        &failure.error.message,
        ". The first attempt failed (",
        &first.message,
        ") and may have been applied",
    ]);
    if failure.cause.is_none() {
        failure.cause = Some(Rejection::from(first.clone()).into_js());
    }
    failure
}

/// Records how many attempts were made.
fn after_attempts(failure: Rejection, attempt: u32) -> Rejection {
    Rejection {
        error: failure.error.after_attempts(attempt),
        ..failure
    }
}
