//! `createInvitationsProxy(options)`: the fetch handler `(request: Request) => Promise<Response>`
//! that a backend mounts at `prefix` on its own origin. Per request, in this order: the allow
//! list (404, 405), the browser's `Sec-Fetch-Site` (403), the body (415, 413), `authorize` (403),
//! then Logto ([`super::upstream`]). Nothing is sent to Logto before every check passed.

use std::rc::Rc;

use js_sys::{Function, Promise, Uint8Array, JSON};
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::allow::{allowed_lookups, check_prefix, decide, Decision};
use super::authorize::{is_authorized, operation_object};
use super::body::{declared_too_large, is_json, MAX_BODY_BYTES};
use super::headers::{forwarded_headers, is_cross_origin};
use super::refusal::Refusal;
use super::upstream::{forward, refuse, Outgoing};
use crate::endpoint::normalize_endpoint;
use crate::error::ApiError;
use crate::js::Rejection;
use crate::routes::Lookup;
use crate::runtime::{get, header, header_pairs, path_and_query, read_capped, BodyProblem};
use crate::text::concat;
use crate::wire::{shape, Field, ReadArg};

#[wasm_bindgen(typescript_custom_section)]
const PROXY_TS: &str = r#"
/** A read-only Logto lookup that `createInvitationsProxy`'s `allow` option can name. */
export type LookupName =
    | "GET /api/organizations"
    | "GET /api/organizations/{id}"
    | "GET /api/organizations/{id}/users"
    | "GET /api/organization-roles"
    | "GET /api/users"
    | "GET /api/users/{id}";

/** The names of the six organization-invitation operations (Logto's operation IDs). */
export type InvitationOperation =
    | "createOrganizationInvitation"
    | "createOrganizationInvitationMessage"
    | "deleteOrganizationInvitation"
    | "getOrganizationInvitation"
    | "listOrganizationInvitations"
    | "replaceOrganizationInvitationStatus";

/** What `authorize` is asked about: the operation the request would run in Logto. */
export interface ProxyOperation {
    /** The operation: Logto's operation ID, or the allowed lookup's name. */
    readonly operation: InvitationOperation | LookupName;
    /** The HTTP method sent to Logto. */
    readonly method: "GET" | "POST" | "PUT" | "DELETE";
    /** The path sent to Logto, e.g. `"/api/organization-invitations/inv_1/status"`. */
    readonly path: string;
    /** The ID in the path (an invitation's, or an organization's or user's for a lookup), percent-decoded. */
    readonly id?: string;
    /** The request's JSON body, parsed (the proxy has read the request's body stream: use this
     * instead). Absent when the operation takes no body or the body is not valid JSON. */
    readonly body?: unknown;
}

/** The fetch handler `createInvitationsProxy` returns. */
export type InvitationsProxy = (request: Request) => Promise<Response>;
"#;

shape! {
    [read]
    /// The options of `createInvitationsProxy(options)`.
    #[derive(Clone, Tsify)]
    pub struct InvitationsProxyOptions {
        /// Logto's URL, e.g. `"https://auth.example.com"` or `"https://<tenant-id>.logto.app"`.
        endpoint: String = "endpoint",
        /// Gives the Management API token to add: usually `clientCredentials({...})`. Called
        /// with `{ forceRefresh: true }` after Logto answered 401.
        #[tsify(type = "(options: { forceRefresh: boolean }) => string | Promise<string>")]
        get_access_token: Option<Function> = "getAccessToken",
        /// The backend's own check of the caller, e.g. "signed in and an admin of this
        /// organization". Only `true` (or a promise of `true`) forwards the request; `false`,
        /// any other value, a throw or a rejection answers 403. `() => true` forwards every
        /// allowed request: an explicit choice.
        #[tsify(
            type = "(request: Request, operation: ProxyOperation) => boolean | Promise<boolean>"
        )]
        authorize: Option<Function> = "authorize",
        /// The path the proxy is mounted at (default `"/logto"`): it answers
        /// `{prefix}/api/...`, and a client uses `baseUrl: prefix`. `""` when the framework
        /// strips the mount path.
        #[tsify(optional)]
        prefix: Option<String> = "prefix",
        /// Read-only lookups to forward besides the six invitation operations, e.g.
        /// `["GET /api/organizations", "GET /api/organization-roles", "GET /api/users"]` for a
        /// dashboard that shows names. Default: none.
        #[tsify(optional, type = "LookupName[]")]
        allow: Option<Vec<String>> = "allow",
    }
}

/// A configured proxy.
struct Proxy {
    endpoint: String,
    get_access_token: Function,
    authorize: Function,
    prefix: String,
    allowed: Vec<Lookup>,
}

/// Creates a least-privilege, same-origin proxy to Logto's Management API: a standard fetch
/// handler `(request: Request) => Promise<Response>` for a Next.js route handler, Hono,
/// Cloudflare Workers, Deno, Bun, or Node's `http` (with the adapter the README shows). It
/// forwards only the six organization-invitation operations (and the `allow`ed lookups), after
/// `authorize`, with a Management API token from `getAccessToken`; it never answers CORS.
/// Throws a `LogtoApiError` (`kind: "invalid_input"`) for unusable options.
///
/// ```ts
/// const proxy = createInvitationsProxy({
///   endpoint: process.env.LOGTO_ENDPOINT!,
///   getAccessToken: clientCredentials({ endpoint, appId, appSecret }),
///   authorize: async (request) => (await session(request))?.isAdmin === true,
/// });
/// export { proxy as GET, proxy as POST, proxy as PUT, proxy as DELETE };
/// ```
#[wasm_bindgen(js_name = createInvitationsProxy, unchecked_return_type = "InvitationsProxy")]
pub fn create_invitations_proxy(
    #[wasm_bindgen(unchecked_param_type = "InvitationsProxyOptions")] options: JsValue,
) -> Result<Function, JsValue> {
    let proxy = Rc::new(proxy(&options).map_err(|e| Rejection::from(e).into_js())?);
    let handler = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |request: JsValue| {
        let proxy = proxy.clone();
        future_to_promise(async move { handle(&proxy, &request).await })
    });
    Ok(handler.into_js_value().unchecked_into())
}

/// Reads and checks the options.
fn proxy(options: &JsValue) -> Result<Proxy, ApiError> {
    let options = InvitationsProxyOptions::read(options, Field::new("options"))?;
    let endpoint = normalize_endpoint("options.endpoint", &options.endpoint)?;
    let get_access_token = options.get_access_token.ok_or_else(|| {
        ApiError::invalid_input(
            "options.getAccessToken",
            "is required: a function that gives the Management API token, e.g. clientCredentials({ endpoint, appId, appSecret })",
        )
    })?;
    let authorize = options.authorize.ok_or_else(|| {
        ApiError::invalid_input(
            "options.authorize",
            "is required: a function (request, operation) => boolean | Promise<boolean> that checks the caller's session; pass () => true to forward every allowed request without a check",
        )
    })?;
    let prefix = options.prefix.unwrap_or_else(|| "/logto".to_owned());
    check_prefix(&prefix)?;
    let allowed = allowed_lookups(&options.allow.unwrap_or_default())?;
    Ok(Proxy {
        endpoint,
        get_access_token,
        authorize,
        prefix,
        allowed,
    })
}

/// The error a handler rejects with when it is not given a Fetch API `Request`.
fn not_a_request() -> JsValue {
    Rejection::from(ApiError::invalid_input(
        "request",
        "must be a Fetch API Request (in Node's http, build one from the IncomingMessage first: see the README)",
    ))
    .into_js()
}

/// Answers one request.
async fn handle(proxy: &Proxy, request: &JsValue) -> Result<JsValue, JsValue> {
    let method = get(request, "method")
        .as_string()
        .ok_or_else(not_a_request)?;
    let (pathname, query) = get(request, "url")
        .as_string()
        .and_then(|url| path_and_query(&url))
        .ok_or_else(not_a_request)?;
    let incoming_headers = get(request, "headers");
    let pairs = header_pairs(&incoming_headers).ok_or_else(not_a_request)?;
    let found = match decide(&method, &pathname, &proxy.prefix, &proxy.allowed) {
        Decision::Forward(found) => found,
        Decision::MethodNotAllowed(allow) => {
            return refuse(&Refusal::method_not_allowed(&method, &pathname, allow))
        }
        Decision::NotFound => return refuse(&Refusal::not_found(&method, &pathname)),
    };
    if is_cross_origin(header(&incoming_headers, "sec-fetch-site").as_deref()) {
        return refuse(&Refusal::cross_origin());
    }
    let content_type = header(&incoming_headers, "content-type");
    let mut body = None;
    if found.operation.has_body() {
        if !is_json(content_type.as_deref()) {
            return refuse(&Refusal::unsupported_media_type());
        }
        let declared = header(&incoming_headers, "content-length");
        if declared_too_large(declared.as_deref(), MAX_BODY_BYTES) {
            return refuse(&Refusal::payload_too_large(MAX_BODY_BYTES));
        }
        match read_capped(&get(request, "body"), MAX_BODY_BYTES).await {
            Ok(bytes) => body = Some(bytes),
            Err(BodyProblem::TooLarge) => {
                return refuse(&Refusal::payload_too_large(MAX_BODY_BYTES))
            }
            Err(BodyProblem::Unreadable) => return refuse(&Refusal::unreadable_body()),
        }
    }
    let parsed = body
        .as_ref()
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .and_then(|text| JSON::parse(text).ok());
    let operation = operation_object(&found, parsed.as_ref());
    if !is_authorized(&proxy.authorize, request, &operation).await {
        return refuse(&Refusal::forbidden(found.operation.name()));
    }
    let mut url = concat(&[&proxy.endpoint, &found.path]);
    if found.operation.method() == "GET" {
        url.push_str(&query);
    }
    let outgoing = Outgoing {
        method: found.operation.method(),
        url,
        headers: forwarded_headers(&pairs),
        body: body.map(|bytes| {
            (
                Uint8Array::from(bytes.as_slice()),
                content_type.as_deref().unwrap_or("application/json"),
            )
        }),
        signal: get(request, "signal"),
    };
    forward(&proxy.get_access_token, &outgoing).await
}
