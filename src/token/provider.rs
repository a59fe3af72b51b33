//! The `getAccessToken` function that `clientCredentials(options)` returns: a cached token while
//! it is good, else one `POST {endpoint}/oidc/token` shared by every caller that asks meanwhile.
//! `{ forceRefresh: true }` drops the cached token (after a 401). Each token request has a time
//! limit (`timeoutMs`, headers and body); one that failed or timed out is forgotten, so the next
//! call asks again. Failures reject with a `LogtoApiError` of `kind: "token"` carrying Logto's
//! `code` and OAuth's `error` when they have their known shapes; no free text from the token
//! endpoint, no secret and no token is ever part of an error.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, JSON};
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::answer::{
    not_a_token, read_issued, read_oauth_error, redact, refused, timed_out, unreachable,
};
use super::cache::CachedToken;
use super::form::{basic_authorization, token_request_body};
use crate::config::TimeoutMs;
use crate::endpoint::normalize_endpoint;
use crate::error::ApiError;
use crate::js::Rejection;
use crate::runtime::{abort_controller, fetch, fetch_failure, get, header, set, Deadline, Waited};
use crate::text::concat;
use crate::transport::monotonic_now;
use crate::wire::{shape, Field, ReadArg};

/// Logto's Management API resource indicator of a self-hosted Logto.
const DEFAULT_RESOURCE: &str = "https://default.logto.app/api";
/// The scope that grants the Management API.
const DEFAULT_SCOPE: &str = "all";
/// The default time limit of a token request.
const DEFAULT_TIMEOUT_MS: u32 = 10_000;

#[wasm_bindgen(typescript_custom_section)]
const GET_ACCESS_TOKEN_TS: &str = r#"
/**
 * Gives a Management API access token: a cached one while it is good, else a new one from Logto.
 * `forceRefresh: true` (after Logto answered 401) always asks Logto for a new one. Rejects with a
 * `LogtoApiError` of `kind: "token"`; for Logto's refusals it also carries OAuth's `error`
 * (e.g. `"invalid_client"`).
 */
export type GetAccessToken = (options?: { forceRefresh?: boolean }) => Promise<string>;

/**
 * What a `kind: "token"` error of `clientCredentials` carries besides a `LogtoApiError`'s members
 * when Logto refused the request: OAuth's error code (RFC 6749 5.2), e.g.
 * `if (isLogtoApiError(e) && e.kind === "token") log((e as LogtoApiError & TokenRequestError).error)`.
 * Only a known OAuth code is copied; OAuth's free-text `error_description` never is (a token
 * endpoint could echo the secret in it).
 */
export interface TokenRequestError {
    /** OAuth's error code, e.g. `"invalid_client"`, `"invalid_target"`. */
    error?: string;
}
"#;

shape! {
    [read]
    /// The options of `clientCredentials(options)`: a machine-to-machine app of Logto with the
    /// role "Logto Management API access". Read them from the server's environment; never
    /// ship them to a browser.
    #[derive(Clone, Tsify)]
    pub struct ClientCredentialsOptions {
        /// Logto's URL, e.g. `"https://auth.example.com"` or `"https://<tenant-id>.logto.app"`;
        /// the token endpoint is `{endpoint}/oidc/token`.
        endpoint: String = "endpoint",
        /// The machine-to-machine app's ID (its OAuth `client_id`).
        app_id: String = "appId",
        /// The app's secret (its `client_secret`), sent only in the `Authorization` header of
        /// the token request.
        app_secret: String = "appSecret",
        /// The API resource indicator: default `"https://default.logto.app/api"` (self-hosted
        /// Logto); Logto Cloud uses `"https://<tenant-id>.logto.app/api"`.
        #[tsify(optional)]
        resource: Option<String> = "resource",
        /// The scope to ask for: default `"all"`, which the Management API needs.
        #[tsify(optional)]
        scope: Option<String> = "scope",
        /// The time limit of each token request, its answer's headers and body, in
        /// milliseconds (default 10000). A request over it is aborted and rejects with
        /// `kind: "token"`; the next call asks Logto again.
        #[tsify(optional, type = "number")]
        timeout_ms: Option<TimeoutMs> = "timeoutMs",
    }
}

/// What a token request needs, and the shared state.
struct Provider {
    token_url: String,
    authorization: String,
    body: String,
    scope: String,
    timeout_ms: u32,
    /// The secret and the `Authorization` value: redacted from any text a server sends back.
    secrets: [String; 2],
    state: RefCell<State>,
}

/// The cached token and the request in flight.
#[derive(Default)]
struct State {
    cached: Option<CachedToken>,
    pending: Option<Promise>,
}

/// Creates a `getAccessToken` function for server-side code: pass it to
/// `new OrganizationInvitationsApi({ baseUrl, getAccessToken })` or to
/// `createInvitationsProxy({ getAccessToken, ... })`. It sends `POST {endpoint}/oidc/token` with
/// HTTP Basic client authentication and `grant_type=client_credentials`, `resource` and `scope`,
/// caches the token until shortly before `expires_in` (60 s when the answer has none, not at
/// all for `expires_in: 0`), and keeps at most one token request in
/// flight. Throws a `LogtoApiError` (`kind: "invalid_input"`) for unusable options.
///
/// ```ts
/// const getAccessToken = clientCredentials({
///   endpoint: process.env.LOGTO_ENDPOINT!,
///   appId: process.env.LOGTO_M2M_APP_ID!,
///   appSecret: process.env.LOGTO_M2M_APP_SECRET!,
/// });
/// ```
#[wasm_bindgen(js_name = clientCredentials, unchecked_return_type = "GetAccessToken")]
pub fn client_credentials(
    #[wasm_bindgen(unchecked_param_type = "ClientCredentialsOptions")] options: JsValue,
) -> Result<Function, JsValue> {
    let provider = provider(&options).map_err(|e| Rejection::from(e).into_js())?;
    let provider = Rc::new(provider);
    let get_token = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |options: JsValue| {
        let force_refresh = get(&options, "forceRefresh").as_bool() == Some(true);
        get_access_token(&provider, force_refresh)
    });
    Ok(get_token.into_js_value().unchecked_into())
}

/// Reads and checks the options.
fn provider(options: &JsValue) -> Result<Provider, ApiError> {
    let options = ClientCredentialsOptions::read(options, Field::new("options"))?;
    let endpoint = normalize_endpoint("options.endpoint", &options.endpoint)?;
    for (field, value) in [
        ("options.appId", &options.app_id),
        ("options.appSecret", &options.app_secret),
    ] {
        if value.is_empty() {
            return Err(ApiError::invalid_input(field, "must not be empty"));
        }
    }
    let resource = options.resource.as_deref().unwrap_or(DEFAULT_RESOURCE);
    let scope = options.scope.as_deref().unwrap_or(DEFAULT_SCOPE);
    let authorization = basic_authorization(&options.app_id, &options.app_secret);
    Ok(Provider {
        token_url: concat(&[&endpoint, "/oidc/token"]),
        body: token_request_body(resource, scope),
        scope: scope.to_owned(),
        timeout_ms: options.timeout_ms.map_or(DEFAULT_TIMEOUT_MS, |t| t.0),
        secrets: [options.app_secret, authorization.clone()],
        authorization,
        state: RefCell::new(State::default()),
    })
}

/// A good cached token, else the request in flight, else a new request.
fn get_access_token(provider: &Rc<Provider>, force_refresh: bool) -> Promise {
    let mut state = provider.state.borrow_mut();
    if force_refresh {
        state.cached = None;
    } else if let Some(cached) = state
        .cached
        .as_ref()
        // The monotonic clock, not `Date.now()`: Next.js's cacheComponents reports a render that
        // reads the wall clock while prerendering (a server component with this token).
        .filter(|c| c.is_fresh(monotonic_now()))
    {
        return Promise::resolve(&JsValue::from_str(&cached.access_token));
    }
    if let Some(pending) = &state.pending {
        return pending.clone();
    }
    let this = provider.clone();
    // The future first runs in a later microtask, after `pending` is set below.
    let pending = future_to_promise(async move {
        let requested_at = monotonic_now();
        let outcome = request_token(&this).await;
        let mut state = this.state.borrow_mut();
        state.pending = None;
        let issued = outcome?;
        let token = JsValue::from_str(&issued.access_token);
        // No `expires_in`: a short time (cache.rs says why); `expires_in: 0`: not at all.
        state.cached =
            CachedToken::for_answer(issued.access_token, issued.expires_in, requested_at);
        Ok(token)
    });
    state.pending = Some(pending.clone());
    pending
}

/// One token request.
async fn request_token(provider: &Provider) -> Result<super::answer::Issued, JsValue> {
    let secrets = [provider.secrets[0].as_str(), provider.secrets[1].as_str()];
    let headers = Object::new();
    set(
        &headers,
        "authorization",
        &provider.authorization.as_str().into(),
    );
    set(
        &headers,
        "content-type",
        &"application/x-www-form-urlencoded".into(),
    );
    set(&headers, "accept", &"application/json".into());
    let init = Object::new();
    set(&init, "method", &"POST".into());
    set(&init, "headers", &headers);
    set(&init, "body", &provider.body.as_str().into());
    // Credentials never follow a redirect: a 3xx is Logto's refusal like any non-2xx
    // ("manual", not "error", which Cloudflare Workers do not support).
    set(&init, "redirect", &"manual".into());
    let controller = abort_controller();
    if let Some((_, signal)) = &controller {
        set(&init, "signal", signal);
    }
    let deadline = Deadline::new(provider.timeout_ms, &JsValue::UNDEFINED);
    let failed = |error: JsValue| {
        let (detail, code) = fetch_failure(&error);
        let detail = redact(&detail, &secrets);
        Rejection::from(unreachable(&provider.token_url, &detail, code.as_deref())).into_js()
    };
    let timed_out = || {
        if let Some((controller, _)) = &controller {
            controller.abort();
        }
        Rejection::from(timed_out(&provider.token_url, provider.timeout_ms)).into_js()
    };
    let response = match deadline
        .wait(&fetch(&provider.token_url, &init).map_err(failed)?)
        .await
    {
        Waited::Settled(outcome) => outcome.map_err(failed)?,
        _ => return Err(timed_out()),
    };
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let request_id = header(&get(&response, "headers"), "logto-core-request-id");
    let text = response
        .unchecked_ref::<web_sys::Response>()
        .text()
        .map_err(failed)?;
    let text = match deadline.wait(&text).await {
        Waited::Settled(outcome) => outcome.map_err(failed)?,
        _ => return Err(timed_out()),
    };
    let json = text
        .as_string()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED);
    if (200..300).contains(&status) {
        return read_issued(&json, &provider.scope).map_err(|problem| {
            Rejection::from(not_a_token(status, &problem, request_id)).into_js()
        });
    }
    let body = read_oauth_error(&json);
    let error = Rejection::from(refused(status, &body, request_id)).into_js();
    if let Some(value) = &body.error {
        let _ = js_sys::Reflect::set(&error, &"error".into(), &value.as_str().into());
    }
    Err(error)
}
