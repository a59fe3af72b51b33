//! `createInvitationAcceptance(options)`: the fetch handler `(request: Request) => Promise<Response>`
//! that an app mounts at `prefix`. Per request, in this order: the route (404, 405), the
//! browser's `Sec-Fetch-Site` (403), for the accept `POST` a JSON `Content-Type` (415), the app's
//! `userId` (401 for nobody, 403 when it fails), then with the server's token the user's primary
//! email and the invitation from Logto, whose invitee must be that email (else the composed 404
//! of an unknown ID, so a stranger learns nothing, not even that it expired), and only then the
//! invitation's state. Logto calls: `GET` 2 to 4 (the user, the invitation, then for the invitee
//! the organization and the inviter), accept 3 (the user, the invitation, the status change).

use js_sys::{Array, Function};
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::answers;
use super::decision::{
    acceptable, effective_status, inviter_name, is_invitee, signed_in, SignedIn, UserIdAnswer,
};
use super::route::{decide, Decision, Route};
use crate::config::TimeoutMs;
use crate::endpoint::normalize_endpoint;
use crate::error::ApiError;
use crate::invitation::{
    AcceptedInvitation, InvitationForInvitee, InvitationInviter, InvitationOrganization,
    InvitationStatusUpdate, Inviter, OrganizationInvitationStatus, OrganizationRole,
    ReplaceOrganizationInvitationStatusRequest,
};
use crate::js::Rejection;
use crate::proxy::{
    answered, check_prefix, forwarded_headers, handler, incoming, is_cross_origin, is_json,
    json_answer, pass_back, read_invitation, required_access_token, Exchange, Handled, Incoming,
    Limits, Logto, Refusal,
};
use crate::request;
use crate::runtime::{call_promise, get, header, Deadline, Waited};
use crate::wire::{percent_encode_into, shape, Field, JsonWriter, ReadArg};

#[wasm_bindgen(typescript_custom_section)]
const ACCEPTANCE_TS: &str = r#"
/** The fetch handler `createInvitationAcceptance` returns. */
export type InvitationAcceptance = (request: Request) => Promise<Response>;
"#;

shape! {
    [read]
    /// The options of `createInvitationAcceptance(options)`.
    #[derive(Clone, Tsify)]
    pub struct InvitationAcceptanceOptions {
        /// Logto's URL, e.g. `"https://auth.example.com"` or `"https://<tenant-id>.logto.app"`.
        endpoint: String = "endpoint",
        /// Gives the Management API token: usually `clientCredentials({...})`. Called with
        /// `{ forceRefresh: true }` after Logto answered 401.
        #[tsify(type = "(options: { forceRefresh: boolean }) => string | Promise<string>")]
        get_access_token: Option<Function> = "getAccessToken",
        /// The signed-in Logto user's ID from the app's own session (e.g. the `sub` of the user's
        /// Logto ID token), or `null` when nobody is signed in (answered 401
        /// `proxy.unauthenticated`). A throw, a rejection or another answer refuses with 403. The
        /// email is never taken from the app: the handler reads the user's primary email from
        /// Logto.
        #[tsify(type = "(request: Request) => string | null | Promise<string | null>")]
        user_id: Option<Function> = "userId",
        /// The path the handler is mounted at (default `"/invitations"`): it answers
        /// `GET {prefix}/{id}` and `POST {prefix}/{id}/accept`. `""` when the framework strips
        /// the mount path.
        #[tsify(optional)]
        prefix: Option<String> = "prefix",
        /// Time limits of each step, in milliseconds.
        #[tsify(optional, type = "InvitationAcceptanceTimeouts")]
        timeouts: Option<InvitationAcceptanceTimeouts> = "timeouts",
    }
}

shape! {
    [read, optional]
    /// Time limits of `createInvitationAcceptance`, in milliseconds. A step over its limit
    /// answers 504 `proxy.timeout`.
    #[derive(Clone, Debug, Default, Tsify)]
    pub struct InvitationAcceptanceTimeouts {
        /// `userId(request)` (default 10000).
        #[tsify(optional, type = "number")]
        user_id: Option<TimeoutMs> = "userId",
        /// `getAccessToken(...)`, each call (default 15000).
        #[tsify(optional, type = "number")]
        get_access_token: Option<TimeoutMs> = "getAccessToken",
        /// Each request to Logto, its answer's headers and body (default 30000).
        #[tsify(optional, type = "number")]
        logto: Option<TimeoutMs> = "logto",
    }
}

/// The default limit of `userId`, in milliseconds.
const USER_ID_LIMIT_MS: u32 = 10_000;

/// A configured acceptance handler.
struct Acceptance {
    logto: Logto,
    user_id: Function,
    user_id_limit: u32,
    prefix: String,
}

/// Creates the invitee's side of organization invitations: a standard fetch handler
/// `(request: Request) => Promise<Response>` answering `GET {prefix}/{id}` (the signed-in user's
/// own invitation: status, expiry, the organization's ID and name, the inviter's name, the
/// roles' names; never an email) and `POST {prefix}/{id}/accept` (sets it `Accepted` for that
/// user, whom Logto then adds to the organization with the invitation's roles; answers
/// `{ organizationId }`). Someone else's invitation gets exactly the answer of an unknown ID:
/// 404 `entity.not_found`. Nothing else reaches Logto. It never answers CORS. Throws a
/// `LogtoApiError` (`kind: "invalid_input"`) for unusable options.
///
/// ```ts
/// const endpoint = process.env.LOGTO_ENDPOINT!;
/// const acceptance = createInvitationAcceptance({
///   endpoint,
///   getAccessToken: clientCredentials({ endpoint, appId: process.env.LOGTO_M2M_APP_ID!, appSecret: process.env.LOGTO_M2M_APP_SECRET! }),
///   userId: async (request) => (await getSession(request))?.userId ?? null,
///   prefix: "/api/invitations",
/// });
/// ```
#[wasm_bindgen(
    js_name = createInvitationAcceptance,
    unchecked_return_type = "InvitationAcceptance"
)]
pub fn create_invitation_acceptance(
    #[wasm_bindgen(unchecked_param_type = "InvitationAcceptanceOptions")] options: JsValue,
) -> Result<Function, JsValue> {
    let acceptance = acceptance(&options).map_err(|e| Rejection::from(e).into_js())?;
    Ok(handler(acceptance, |acceptance, request| async move {
        handle(&acceptance, &request).await
    }))
}

/// Reads and checks the options.
fn acceptance(options: &JsValue) -> Result<Acceptance, ApiError> {
    let options = InvitationAcceptanceOptions::read(options, Field::new("options"))?;
    let endpoint = normalize_endpoint("options.endpoint", &options.endpoint)?;
    let get_access_token = required_access_token(options.get_access_token)?;
    let user_id = options.user_id.ok_or_else(|| {
        ApiError::invalid_input(
            "options.userId",
            "is required: a function (request) => string | null | Promise<string | null> that gives the signed-in Logto user's ID from your session",
        )
    })?;
    let prefix = options.prefix.unwrap_or_else(|| "/invitations".to_owned());
    check_prefix(&prefix)?;
    let timeouts = options.timeouts.unwrap_or_default();
    let or = TimeoutMs::or;
    let limits = Limits {
        get_access_token: or(timeouts.get_access_token, Limits::DEFAULT.get_access_token),
        logto: or(timeouts.logto, Limits::DEFAULT.logto),
        ..Limits::DEFAULT
    };
    Ok(Acceptance {
        logto: Logto::new(endpoint, get_access_token, limits),
        user_id,
        user_id_limit: or(timeouts.user_id, USER_ID_LIMIT_MS),
        prefix,
    })
}

/// Answers one request.
async fn handle(acceptance: &Acceptance, request: &JsValue) -> Result<Handled, Handled> {
    let Incoming {
        method,
        pathname,
        headers,
        pairs,
        ..
    } = incoming(request)?;
    let route = match decide(&method, &pathname, &acceptance.prefix) {
        Decision::Serve(route) => route,
        Decision::MethodNotAllowed(allow) => {
            return Err(Refusal::method_not_allowed(&method, &pathname, allow.to_owned()).into())
        }
        Decision::NotFound => {
            return Err(answers::not_served(&method, &pathname, &acceptance.prefix).into())
        }
    };
    if is_cross_origin(header(&headers, "sec-fetch-site").as_deref()) {
        return Err(Refusal::cross_origin().into());
    }
    if matches!(route, Route::Accept(_)) && !is_json(header(&headers, "content-type").as_deref()) {
        return Err(answers::preflight_required().into());
    }
    let signal = get(request, "signal");
    let user = match signed_in(user_id_of(acceptance, request, &signal).await?) {
        SignedIn::User(user) => user,
        SignedIn::Nobody => return Err(answers::signed_out().into()),
        SignedIn::Unusable => return Err(answers::user_id_failed().into()),
    };
    let mut exchange = Exchange::new(&acceptance.logto, signal, forwarded_headers(&pairs));
    let (Route::Show(id) | Route::Accept(id)) = &route;
    // The user first: an unknown or email-less user is refused without reading the invitation,
    // and any invitation ID then costs the same two reads, known or not, theirs or not.
    let email = primary_email(&mut exchange, &user).await?;
    let (_, invitation) = read_invitation(&mut exchange, id).await?;
    // Whose it is before anything else is read of it: an invitation that is not the user's gets
    // the unknown ID's 404 even when another of its members is one the handler cannot read
    // (that 502 is its invitee's only). Without an invitee it is nobody's.
    let invitee = get(&invitation, "invitee").as_string();
    if !invitee.is_some_and(|invitee| is_invitee(&invitee, email.as_deref(), to_lower_case)) {
        return Err(Refusal::not_found_entity().into());
    }
    let invitation = Read::of(&invitation).ok_or(Refusal::bad_answer(200))?;
    let now = js_sys::Date::now();
    match route {
        Route::Show(_) => show(&mut exchange, invitation, now).await,
        Route::Accept(_) => accept(&mut exchange, invitation, &user, now).await,
    }
}

/// JavaScript's `String.prototype.toLowerCase`, as Logto lowercases emails.
fn to_lower_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// `userId(request)` within its time limit.
async fn user_id_of(
    acceptance: &Acceptance,
    request: &JsValue,
    signal: &JsValue,
) -> Result<UserIdAnswer, Refusal> {
    let deadline = Deadline::new(acceptance.user_id_limit, signal);
    let promise = call_promise(&acceptance.user_id, &Array::of1(request));
    match deadline.wait(&promise).await {
        Waited::Settled(Ok(answer)) if answer.is_null() || answer.is_undefined() => {
            Ok(UserIdAnswer::Nobody)
        }
        Waited::Settled(Ok(answer)) => Ok(answer
            .as_string()
            .map_or(UserIdAnswer::Unusable, UserIdAnswer::Id)),
        Waited::Settled(Err(_)) => Ok(UserIdAnswer::Unusable),
        Waited::TimedOut => Err(Refusal::timeout("userId", deadline.limit_ms())),
        Waited::Aborted => Err(Refusal::client_gone()),
    }
}

/// `GET /api/users/{id}` with the server's token: the user's primary email (`None` without
/// one). A user Logto does not know has no invitation: the composed 404.
async fn primary_email(exchange: &mut Exchange<'_>, user: &str) -> Result<Option<String>, Handled> {
    let answer = exchange.send("GET", &user_path(user), None).await?;
    match answer.status {
        200 => {
            let user = answer
                .json()
                .filter(JsValue::is_object)
                .ok_or(Refusal::bad_answer(200))?;
            Ok(get(&user, "primaryEmail").as_string())
        }
        404 => Err(Refusal::not_found_entity().into()),
        _ => Err(answered(pass_back(&answer)).unwrap_or_else(|e| e)),
    }
}

/// `/api/users/{id}`.
fn user_path(id: &str) -> String {
    let mut path = String::from("/api/users/");
    percent_encode_into(&mut path, id);
    path
}

/// What the handler reads of its invitee's invitation (the invitee itself is matched first).
struct Read {
    id: String,
    status: OrganizationInvitationStatus,
    expires_at: f64,
    organization_id: String,
    inviter_id: Option<String>,
    roles: Vec<OrganizationRole>,
}

impl Read {
    /// The members of Logto's invitation; `None` when one is missing or of another type.
    fn of(invitation: &JsValue) -> Option<Read> {
        let text = |key: &str| get(invitation, key).as_string();
        let roles: Array = get(invitation, "organizationRoles").dyn_into().ok()?;
        let roles = roles
            .iter()
            .map(|role| {
                Some(OrganizationRole {
                    id: get(&role, "id").as_string()?,
                    name: get(&role, "name").as_string()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Read {
            id: text("id")?,
            status: OrganizationInvitationStatus::parse(&text("status")?)?,
            expires_at: get(invitation, "expiresAt").as_f64()?,
            organization_id: text("organizationId")?,
            inviter_id: text("inviterId").filter(|id| !id.is_empty()),
            roles,
        })
    }
}

/// `GET {prefix}/{id}` for its invitee: the organization's name and the inviter's, read with the
/// server's token, and the invitation without its email.
async fn show(exchange: &mut Exchange<'_>, invitation: Read, now: f64) -> Result<Handled, Handled> {
    let request = request::get_organization("", &invitation.organization_id)
        .map_err(|_| Refusal::bad_answer(200))?;
    let answer = exchange.send_request(&request).await?;
    let organization = match answer.status {
        200 => answer
            .json()
            .and_then(|organization| get(&organization, "name").as_string())
            .ok_or(Refusal::bad_answer(200))?,
        // Logto deletes an organization's invitations with it: as an unknown invitation.
        404 => return Err(Refusal::not_found_entity().into()),
        _ => return answered(pass_back(&answer)),
    };
    let mut inviter = None;
    if let Some(inviter_id) = &invitation.inviter_id {
        let answer = exchange.send("GET", &user_path(inviter_id), None).await?;
        match answer.status {
            200 => {
                let user = answer.json().ok_or(Refusal::bad_answer(200))?;
                let name = get(&user, "name").as_string();
                let username = get(&user, "username").as_string();
                inviter = inviter_name(name.as_deref(), username.as_deref())
                    .map(|name| InvitationInviter { name });
            }
            // A deleted inviter: no name to show.
            404 => {}
            _ => return answered(pass_back(&answer)),
        }
    }
    let view = InvitationForInvitee {
        id: invitation.id,
        status: effective_status(invitation.status, invitation.expires_at, now),
        expires_at: invitation.expires_at,
        organization: InvitationOrganization {
            id: invitation.organization_id,
            name: organization,
        },
        inviter: Inviter(inviter),
        organization_roles: invitation.roles,
    };
    answered(json_answer(&JsonWriter::object(&view)))
}

/// `POST {prefix}/{id}/accept` for its invitee: a `Pending` invitation before its expiry is set
/// `Accepted` with the user's ID (Logto checks the email again and adds the membership with the
/// invitation's roles); answers the organization's ID. Logto's refusal (a change since the read)
/// is passed back.
async fn accept(
    exchange: &mut Exchange<'_>,
    invitation: Read,
    user: &str,
    now: f64,
) -> Result<Handled, Handled> {
    acceptable(invitation.status, invitation.expires_at, now)
        .map_err(|closed| Handled::from(answers::closed(closed)))?;
    let status = ReplaceOrganizationInvitationStatusRequest {
        status: InvitationStatusUpdate::Accepted,
        accepted_user_id: Some(user.to_owned()),
    };
    let request = request::replace_invitation_status("", &invitation.id, &status)
        .map_err(|_| Refusal::bad_answer(200))?;
    let answer = exchange.send_request(&request).await?;
    if answer.status != 200 {
        return answered(pass_back(&answer));
    }
    let accepted = AcceptedInvitation {
        organization_id: invitation.organization_id,
    };
    answered(json_answer(&JsonWriter::object(&accepted)))
}
