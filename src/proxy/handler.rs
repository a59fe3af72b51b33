//! `createInvitationsProxy(options)`: the fetch handler `(request: Request) => Promise<Response>`
//! that a backend mounts at `prefix` on its own origin. Per request, in this order: the allow
//! list (404, 405), the browser's `Sec-Fetch-Site` (403), the body (415, 413, 400) and the query
//! (400), `organizationIds` (401, 403) and the scope (403, or 404 as for an unknown ID: for an
//! invitation, after reading it from Logto), `authorize` (403), then Logto
//! ([`super::upstream`]). Nothing else is sent to Logto before every check passed, and what is
//! sent is what the checks judged: the parsed body re-serialised, the parsed query re-encoded.

use js_sys::{Array, Function, JSON};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::allow::{allowed_lookups, check_prefix, decide, Decision, Forward, Operation};
use super::authorize::{authorized, operation_object, scope_of};
use super::body::{declared_too_large, is_identity, is_json, json_text, MAX_BODY_BYTES};
use super::handled::{answered, handler, incoming, required_access_token, Handled, Incoming};
use super::headers::{forwarded_headers, is_cross_origin};
use super::query::{Query, QueryProblem, LIST_KEYS};
use super::refusal::Refusal;
use super::scope::Scope;
use super::upstream::{json_answer, pass_back, read_invitation, Exchange, Limits, Logto};
use crate::config::TimeoutMs;
use crate::endpoint::normalize_endpoint;
use crate::error::ApiError;
use crate::js::Rejection;
use crate::request;
use crate::routes::{self, Lookup};
use crate::runtime::{get, header, read_capped, BodyProblem, Deadline};
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
    /** The organization the request acts in, when the proxy knows it: the list's `organizationId`
     * (in scoped mode, the one applied), a create's body `organizationId`, in scoped mode the
     * invitation's own organization (read from Logto) for get, delete, status and message, and the
     * path's ID for the organization lookups. */
    readonly organizationId?: string;
    /** For `GET`: the query as the proxy parsed it and sends it (each key once). */
    readonly query?: Readonly<Record<string, string>>;
    /** The request's JSON body, parsed (the proxy has read the request's body stream: use this
     * instead). Absent when the operation takes no body or the body is not valid JSON. */
    readonly body?: unknown;
}

/** What `organizationIds` is asked about: the operation the request asks for, before the proxy
 * has read anything from Logto (so without `organizationId`, `query` and `body`). */
export type ScopedOperation = Pick<ProxyOperation, "operation" | "method" | "path" | "id">;

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
        /// Scoped mode, for a B2B product: the organizations this request may act in, from the
        /// app's own session (e.g. those where the signed-in user is an admin). The proxy then
        /// confines every request to them before `authorize` is asked: see the README's security
        /// model. Throw (or reject with) a `Response` with status 401 or 403 to refuse the
        /// request with that status (502: Logto could not be reached); any other throw or answer
        /// refuses with 403. Its second argument is the operation asked for. Absent, the proxy is
        /// unscoped: an operator's tool. `organizationTokenAuthorization` gives one.
        #[tsify(
            optional,
            type = "(request: Request, operation: ScopedOperation) => readonly string[] | Promise<readonly string[]>"
        )]
        organization_ids: Option<Function> = "organizationIds",
        /// Time limits of each step, in milliseconds.
        #[tsify(optional, type = "ProxyTimeouts")]
        timeouts: Option<ProxyTimeouts> = "timeouts",
    }
}

shape! {
    [read, optional]
    /// Time limits of `createInvitationsProxy`, in milliseconds. A step over its limit
    /// answers 504 `proxy.timeout`.
    #[derive(Clone, Debug, Default, Tsify)]
    pub struct ProxyTimeouts {
        /// Reading the request's body (default 10000).
        #[tsify(optional, type = "number")]
        body: Option<TimeoutMs> = "body",
        /// `organizationIds(request)` (default 10000).
        #[tsify(optional, type = "number")]
        organization_ids: Option<TimeoutMs> = "organizationIds",
        /// `authorize(request, operation)` (default 10000).
        #[tsify(optional, type = "number")]
        authorize: Option<TimeoutMs> = "authorize",
        /// `getAccessToken(...)`, each call (default 15000).
        #[tsify(optional, type = "number")]
        get_access_token: Option<TimeoutMs> = "getAccessToken",
        /// Each request to Logto, its answer's headers and body (default 30000).
        #[tsify(optional, type = "number")]
        logto: Option<TimeoutMs> = "logto",
    }
}

impl ProxyTimeouts {
    /// The limits, defaults for what is not given.
    fn limits(&self) -> Limits {
        let or = TimeoutMs::or;
        let d = Limits::DEFAULT;
        Limits {
            body: or(self.body, d.body),
            organization_ids: or(self.organization_ids, d.organization_ids),
            authorize: or(self.authorize, d.authorize),
            get_access_token: or(self.get_access_token, d.get_access_token),
            logto: or(self.logto, d.logto),
        }
    }
}

/// A configured proxy.
struct Proxy {
    logto: Logto,
    authorize: Function,
    organization_ids: Option<Function>,
    prefix: String,
    allowed: Vec<Lookup>,
}

/// Creates a least-privilege, same-origin proxy to Logto's Management API: a standard fetch
/// handler `(request: Request) => Promise<Response>` for a Next.js route handler, Hono, Express,
/// Cloudflare Workers, Deno, Bun, or Node's `http` (with the adapter the README shows). It
/// forwards only the six organization-invitation operations (and the `allow`ed lookups), after
/// `authorize`, with a Management API token from `getAccessToken`; with `organizationIds`, only
/// within the request's organizations. It never answers CORS. Throws a `LogtoApiError`
/// (`kind: "invalid_input"`) for unusable options.
///
/// ```ts
/// const endpoint = process.env.LOGTO_ENDPOINT!;
/// const proxy = createInvitationsProxy({
///   endpoint,
///   getAccessToken: clientCredentials({ endpoint, appId: process.env.LOGTO_M2M_APP_ID!, appSecret: process.env.LOGTO_M2M_APP_SECRET! }),
///   organizationIds: async (request) => (await session(request)).adminOfOrganizations,
///   authorize: () => true,
/// });
/// export { proxy as GET, proxy as POST, proxy as PUT, proxy as DELETE };
/// ```
#[wasm_bindgen(js_name = createInvitationsProxy, unchecked_return_type = "InvitationsProxy")]
pub fn create_invitations_proxy(
    #[wasm_bindgen(unchecked_param_type = "InvitationsProxyOptions")] options: JsValue,
) -> Result<Function, JsValue> {
    let proxy = proxy(&options).map_err(|e| Rejection::from(e).into_js())?;
    Ok(handler(proxy, |proxy, request| async move {
        handle(&proxy, &request).await
    }))
}

/// Reads and checks the options.
fn proxy(options: &JsValue) -> Result<Proxy, ApiError> {
    let options = InvitationsProxyOptions::read(options, Field::new("options"))?;
    let endpoint = normalize_endpoint("options.endpoint", &options.endpoint)?;
    let get_access_token = required_access_token(options.get_access_token)?;
    let authorize = options.authorize.ok_or_else(|| {
        ApiError::invalid_input(
            "options.authorize",
            "is required: a function (request, operation) => boolean | Promise<boolean> that checks the caller's session; pass () => true to forward every allowed request without a check",
        )
    })?;
    let prefix = options.prefix.unwrap_or_else(|| "/logto".to_owned());
    check_prefix(&prefix)?;
    let allowed = allowed_lookups(&options.allow.unwrap_or_default())?;
    if options.organization_ids.is_some() {
        if let Some(lookup) = allowed.iter().find(|lookup| lookup.is_tenant_wide()) {
            return Err(ApiError::invalid_input(
                "options.allow",
                &concat(&[
                    "names \"",
                    lookup.name,
                    "\", which reads users of the whole tenant; with organizationIds (scoped mode) use \"GET /api/organizations/{id}/users\" for an organization's members",
                ]),
            ));
        }
    }
    let limits = options.timeouts.unwrap_or_default().limits();
    Ok(Proxy {
        logto: Logto::new(endpoint, get_access_token, limits),
        authorize,
        organization_ids: options.organization_ids,
        prefix,
        allowed,
    })
}

/// Answers one request.
async fn handle(proxy: &Proxy, request: &JsValue) -> Result<Handled, Handled> {
    let Incoming {
        method,
        pathname,
        search,
        headers: incoming_headers,
        pairs,
    } = incoming(request)?;
    let found = match decide(&method, &pathname, &proxy.prefix, &proxy.allowed) {
        Decision::Forward(found) => found,
        Decision::MethodNotAllowed(allow) => {
            return Err(Refusal::method_not_allowed(&method, &pathname, allow).into())
        }
        Decision::NotFound => {
            return Err(Refusal::not_found(&method, &pathname, &proxy.prefix).into())
        }
    };
    if is_cross_origin(header(&incoming_headers, "sec-fetch-site").as_deref()) {
        return Err(Refusal::cross_origin().into());
    }
    let signal = get(request, "signal");
    let limits = proxy.logto.limits;
    // The body as it will be sent (`text`) and, parsed from that text, as the checks see it: a
    // fresh object, so that nothing `authorize` does to it changes what Logto gets.
    let (text, body) = if found.operation.has_body() {
        let (text, body) = read_body(request, &incoming_headers, &signal, limits.body).await?;
        (Some(text), Some(body))
    } else {
        (None, None)
    };
    let mut query = if found.operation.method() == "GET" {
        Some(read_query(&found, &search)?)
    } else {
        None
    };
    let mut exchange = Exchange::new(&proxy.logto, signal.clone(), forwarded_headers(&pairs));
    let mut organization_id = match (&found.operation, &query) {
        (Operation::Invitation(route), _) if *route == routes::CREATE => body
            .as_ref()
            .and_then(|body| get(body, "organizationId").as_string()),
        (Operation::Invitation(route), Some(query)) if *route == routes::LIST => {
            query.get("organizationId").map(str::to_owned)
        }
        (Operation::Lookup(lookup), _) if lookup.is_organization() => found.id.clone(),
        _ => None,
    };
    // Scoped mode: confine the request before authorize sees it.
    let mut read_ahead = None;
    if let Some(organization_ids) = &proxy.organization_ids {
        let deadline = Deadline::new(limits.organization_ids, &signal);
        // What the request asks, before any Logto read: an organization token's permission
        // check (organizationTokenAuthorization) refuses here, not after the invitation read.
        let asked = operation_object(&found, None, None, None);
        let scope = scope_of(organization_ids, request, &asked, &deadline).await?;
        match &found.operation {
            Operation::Invitation(route) if *route == routes::LIST => {
                let list = query.get_or_insert_with(Query::default);
                let applied = scope.list_filter(list.get("organizationId"))?;
                list.set("organizationId", &applied);
                organization_id = Some(applied);
            }
            Operation::Invitation(route) if *route == routes::CREATE => {
                scope.check(organization_id.as_deref())?;
            }
            Operation::Invitation(_) => {
                let id = found.id.as_deref().unwrap_or_default();
                let (answer, invitation) = read_invitation(&mut exchange, id).await?;
                organization_id = Some(invitation_organization(&invitation, &scope)?);
                read_ahead = Some(answer);
            }
            Operation::Lookup(lookup) if lookup.is_organization() => {
                if !organization_id
                    .as_deref()
                    .is_some_and(|id| scope.contains(id))
                {
                    return Err(Refusal::not_found_entity().into());
                }
            }
            Operation::Lookup(lookup) if lookup.name == "GET /api/organizations" => {
                // The scope's organizations are read by ID: no query is sent, none is shown.
                let operation = operation_object(&found, None, None, None);
                authorize(proxy, request, &found, &operation, &signal).await?;
                return organizations_in(&mut exchange, &scope).await;
            }
            Operation::Lookup(_) => {}
        }
    }
    let operation = operation_object(
        &found,
        organization_id.as_deref(),
        query.as_ref(),
        body.as_ref(),
    );
    authorize(proxy, request, &found, &operation, &signal).await?;
    // A scoped get has its answer already: the invitation the scope check read.
    if let (Some(answer), Operation::Invitation(route)) = (&read_ahead, &found.operation) {
        if *route == routes::GET {
            return answered(pass_back(answer));
        }
    }
    let mut path = found.path.clone();
    if let Some(query) = &query {
        path.push_str(&query.encode());
    }
    let answer = exchange
        .send(found.operation.method(), &path, text.as_deref())
        .await?;
    answered(pass_back(&answer))
}

/// `authorize` within its time limit.
async fn authorize(
    proxy: &Proxy,
    request: &JsValue,
    found: &Forward,
    operation: &js_sys::Object,
    signal: &JsValue,
) -> Result<(), Refusal> {
    let deadline = Deadline::new(proxy.logto.limits.authorize, signal);
    let named = (found.operation.name(), operation);
    authorized(&proxy.authorize, request, named, &deadline).await
}

/// The body of an operation that takes one: identity-encoded JSON (415), at most
/// [`MAX_BODY_BYTES`] (413), read to its end in time (400, 504), UTF-8 JSON (400) that
/// `JSON.stringify` can write back (not nested past the engine's stack: 400). Gives that written
/// text, which is what Logto gets, and the text parsed again, which is what the checks see.
async fn read_body(
    request: &JsValue,
    headers: &JsValue,
    signal: &JsValue,
    limit_ms: u32,
) -> Result<(String, JsValue), Refusal> {
    if !is_identity(header(headers, "content-encoding").as_deref()) {
        return Err(Refusal::unsupported_content_encoding());
    }
    if !is_json(header(headers, "content-type").as_deref()) {
        return Err(Refusal::unsupported_media_type());
    }
    if declared_too_large(header(headers, "content-length").as_deref(), MAX_BODY_BYTES) {
        return Err(Refusal::payload_too_large(MAX_BODY_BYTES));
    }
    let deadline = Deadline::new(limit_ms, signal);
    let bytes = match read_capped(&get(request, "body"), MAX_BODY_BYTES, &deadline).await {
        Ok(bytes) => bytes,
        Err(BodyProblem::TooLarge) => return Err(Refusal::payload_too_large(MAX_BODY_BYTES)),
        Err(BodyProblem::Unreadable) => return Err(Refusal::unreadable_body()),
        Err(BodyProblem::TimedOut) => return Err(Refusal::timeout("The request body", limit_ms)),
        Err(BodyProblem::Aborted) => return Err(Refusal::client_gone()),
    };
    let text = json_text(&bytes)
        .and_then(|text| JSON::parse(text).ok())
        .and_then(|parsed| JSON::stringify(&parsed).ok())
        .and_then(|text| text.as_string())
        .ok_or_else(Refusal::invalid_json)?;
    let body = JSON::parse(&text).map_err(|_| Refusal::invalid_json())?;
    Ok((text, body))
}

/// The query of a `GET`: parsed, each key once; the list takes only Logto's filters.
fn read_query(found: &Forward, search: &str) -> Result<Query, Refusal> {
    let query = Query::parse(search);
    let query = match found.operation {
        Operation::Invitation(route) if route == routes::LIST => {
            query.and_then(|query| query.only(&LIST_KEYS))
        }
        Operation::Invitation(_) => query.and_then(|query| query.only(&[])),
        Operation::Lookup(_) => query,
    };
    query.map_err(|problem| {
        Refusal::invalid_query(&match problem {
            QueryProblem::Malformed => {
                "a malformed percent-escape or bytes that are not UTF-8".to_owned()
            }
            QueryProblem::Duplicate(key) => concat(&["\"", &key, "\" is given more than once"]),
            QueryProblem::Unknown(key) if found.operation == Operation::Invitation(routes::LIST) => {
                concat(&[
                    "\"",
                    &key,
                    "\" is not a filter of the invitation list (organizationId, inviterId, invitee)",
                ])
            }
            QueryProblem::Unknown(key) => concat(&[
                "\"",
                &key,
                "\" is given, but ",
                found.operation.name(),
                " takes no query",
            ]),
        })
    })
}

/// The organization of the invitation Logto answered with, when it is in scope; one outside the
/// scope gets the same 404 as an unknown invitation ([`read_invitation`]).
fn invitation_organization(invitation: &JsValue, scope: &Scope) -> Result<String, Handled> {
    let organization = get(invitation, "organizationId")
        .as_string()
        .ok_or(Refusal::bad_answer(200))?;
    if scope.contains(&organization) {
        Ok(organization)
    } else {
        Err(Refusal::not_found_entity().into())
    }
}

/// Scoped `GET /api/organizations`: the scope's organizations, each read by ID, in scope order
/// (an ID Logto does not know is left out).
async fn organizations_in(exchange: &mut Exchange<'_>, scope: &Scope) -> Result<Handled, Handled> {
    let list = Array::new();
    for id in scope.organizations() {
        let Ok(request) = request::get_organization("", id) else {
            continue; // `Scope` holds no ID a path cannot carry; none would be Logto's
        };
        let answer = exchange.send_request(&request).await?;
        match answer.status {
            200 => list.push(&answer.json().ok_or(Refusal::bad_answer(200))?),
            404 => 0,
            _ => return answered(pass_back(&answer)),
        };
    }
    let body = JSON::stringify(&list)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "[]".to_owned());
    answered(json_answer(&body))
}
