//! `OrganizationInvitationsApi`, the class JavaScript uses: one promise-returning method per
//! Logto operation. Each method reads its arguments (the shapes' own readers), builds the
//! request with [`crate::request`] and sends it with [`crate::transport`]; every failure rejects
//! with a `LogtoApiError`.

use std::future::Future;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::error::Rejection;
use super::read::check_base_url;
use crate::config::{OrganizationInvitationsApiConfig, RequestOptions};
use crate::error::ApiError;
use crate::invitation::{
    CreateOrganizationInvitationRequest, ListOrganizationInvitationsQuery,
    ReplaceOrganizationInvitationStatusRequest, SendMessagePayload,
};
use crate::request::{self, HttpRequest, PAGE_SIZE};
use crate::transport::{self, Client};
use crate::wire::{Field, ReadArg, Value};

/// Reads an argument with its shape's reader.
#[inline(never)]
fn read<T: ReadArg<JsValue>>(value: &JsValue, at: Field<'_>) -> Result<T, ApiError> {
    T::read(value, at)
}

/// The per-call options; `undefined` or `null` means the defaults.
#[inline(never)]
fn request_options(value: &JsValue) -> Result<RequestOptions, ApiError> {
    if value.is_absent() {
        return Ok(RequestOptions::default());
    }
    read(value, Field::new("options"))
}

/// A client for Logto's organization-invitation Management API.
///
/// ```ts
/// const api = new OrganizationInvitationsApi({ baseUrl: "https://auth.example.com", accessToken });
/// const invitation = await api.getOrganizationInvitation("inv_1");
/// ```
#[wasm_bindgen]
pub struct OrganizationInvitationsApi {
    client: Rc<Client>,
}

impl OrganizationInvitationsApi {
    /// Runs one call: `build` reads the arguments and builds the request (synchronously, so a
    /// wrong argument rejects before anything is sent), then the request is sent.
    /// Not generic (`build` is a `dyn Fn`), so that the methods share one copy.
    #[inline(never)]
    fn call(
        &self,
        options: JsValue,
        build: &dyn Fn(&str) -> Result<HttpRequest, ApiError>,
    ) -> Promise {
        let prepared = request_options(&options)
            .and_then(|options| Ok((build(&self.client.config.base_url.0)?, options)))
            .map_err(Rejection::from);
        send(self.client.clone(), prepared, false)
    }
}

/// The promise of one call; not generic, so the methods share one copy of the async code. A
/// paged lookup (`paged`) asks for pages of [`PAGE_SIZE`] until one has fewer, and resolves with
/// them joined: Logto answers at most 100 per page (20 without `page_size`).
fn send(
    client: Rc<Client>,
    prepared: Result<(HttpRequest, RequestOptions), Rejection>,
    paged: bool,
) -> Promise {
    started(async move {
        let (request, options) = prepared.map_err(Rejection::into_js)?;
        let all = paged.then(Array::new);
        let mut page = 0;
        loop {
            page += 1;
            let request = if paged {
                request.page(page)
            } else {
                request.clone()
            };
            let answer = transport::send(&client, request, options.clone())
                .await
                .map_err(Rejection::into_js)?;
            let Some(all) = &all else {
                return Ok(answer);
            };
            // A page's answer was checked to be an array (`response::check_success`).
            let items: Array = answer.unchecked_into();
            for item in items.iter() {
                all.push(&item);
            }
            if items.length() < PAGE_SIZE {
                return Ok(all.into());
            }
            if page == MAX_PAGES {
                let problem = "Logto answered more than 100 full pages";
                return Err(
                    Rejection::from(ApiError::decode(200, "a last page", problem)).into_js(),
                );
            }
        }
    })
}

/// Whether a call's first poll ([`started`]) is under way (left set by an exception through
/// it, calls would all start a microtask later: as before, not stuck). An atomic only to be a
/// plain `static`: the module has one thread.
static STARTING: AtomicBool = AtomicBool::new(false);

/// A call's future as a promise, started at once: polled here up to its first wait, so that
/// its request is on its way when the method returns (as `fetch()`'s is), instead of a
/// microtask later. wasm-bindgen-futures runs it from there on. The waker of this first poll
/// does nothing, and need not: every wait in a call is a `JsFuture`, which keeps the waker of
/// its latest poll, and the executor polls the future again as soon as it is handed over.
/// A call made by a hook that runs within another call's first poll (`getAccessToken`, the
/// first `onRequest`) starts a microtask later, as every call did before: polled at once it
/// would run that hook again before the hook's own call returned (a hook that remembers the
/// call it made would recurse until the stack overflows).
fn started(call: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let mut call = Box::pin(call);
    if STARTING.load(Relaxed) {
        return future_to_promise(call);
    }
    STARTING.store(true, Relaxed);
    let polled = call.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    STARTING.store(false, Relaxed);
    match polled {
        Poll::Ready(Ok(value)) => Promise::resolve(&value),
        Poll::Ready(Err(error)) => Promise::reject(&error),
        Poll::Pending => future_to_promise(call),
    }
}

/// Reads the per-call options and the ID argument (`None`: the call takes none), then builds the
/// request with `build(baseUrl, id)`; not generic, so the newer calls share one copy.
fn prepare(
    client: &Client,
    id: Option<&JsValue>,
    options: JsValue,
    build: fn(&str, &str) -> Result<HttpRequest, ApiError>,
) -> Result<(HttpRequest, RequestOptions), Rejection> {
    let options = request_options(&options)?;
    let id: String = match id {
        Some(id) => read(id, Field::new("id"))?,
        None => String::new(),
    };
    Ok((build(&client.config.base_url.0, &id)?, options))
}

/// Reads and checks a client's configuration (`invitee`: for `InvitationAcceptanceApi`, which
/// takes no tokens).
fn client_of(config: &JsValue, invitee: bool) -> Result<Rc<Client>, JsValue> {
    read(config, Field::new("config"))
        .and_then(|config: OrganizationInvitationsApiConfig| {
            let token_option = if config.access_token.is_some() {
                Some("config.accessToken")
            } else if config.get_access_token.is_some() {
                Some("config.getAccessToken")
            } else {
                None
            };
            if let (true, Some(option)) = (invitee, token_option) {
                return Err(ApiError::invalid_input(
                    option,
                    "is not taken by InvitationAcceptanceApi: the app's own session says who the invitee is, and the handler holds the Management API token",
                ));
            }
            config.validate()?;
            check_base_url(&config.base_url.0)?;
            Ok(Rc::new(Client::new(config)))
        })
        .map_err(|e| Rejection::from(e).into_js())
}

/// The most pages a paged lookup reads (10,000 items).
const MAX_PAGES: u32 = 100;

#[wasm_bindgen]
impl OrganizationInvitationsApi {
    /// Creates a client. Throws a `LogtoApiError` (`kind: "invalid_input"`) when the
    /// configuration is unusable, e.g. a `baseUrl` that is neither an http(s) URL nor a path.
    /// A path is accepted wherever the module is evaluated (a client component's module runs on
    /// the server too); a call made where there is no page location to resolve it rejects.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OrganizationInvitationsApiConfig")] config: JsValue,
    ) -> Result<OrganizationInvitationsApi, JsValue> {
        Ok(OrganizationInvitationsApi {
            client: client_of(&config, false)?,
        })
    }

    /// The normalised base URL requests go to (trailing slashes removed).
    #[wasm_bindgen(getter, js_name = baseUrl, unchecked_return_type = "string")]
    pub fn base_url(&self) -> JsValue {
        JsValue::from_str(&self.client.config.base_url.0)
    }

    /// Every call of the class through one export (`npm/index.js` defines the public methods,
    /// each passing its number `op` and its arguments `a`, `b`, `c`), so that the module has
    /// one export shim for them instead of nine.
    #[wasm_bindgen(skip_typescript)]
    pub fn invoke(&self, op: u32, a: JsValue, b: JsValue, c: JsValue) -> Promise {
        match op {
            0 => self.create_organization_invitation(a, b),
            1 => self.create_organization_invitation_message(a, b, c),
            2 => self.delete_organization_invitation(a, b),
            3 => self.get_organization_invitation(a, b),
            4 => self.list_organization_invitations(a, b),
            5 => self.replace_organization_invitation_status(a, b, c),
            6 => self.list_organization_roles(a),
            7 => self.get_organization(a, b),
            _ => self.list_organization_users(a, b),
        }
    }
}

impl OrganizationInvitationsApi {
    /// `createOrganizationInvitation`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn create_organization_invitation(&self, body: JsValue, options: JsValue) -> Promise {
        self.call(options, &|base| {
            let body: CreateOrganizationInvitationRequest = read(&body, Field::body("body"))?;
            body.validate()?;
            Ok(request::create_invitation(base, &body))
        })
    }

    /// `createOrganizationInvitationMessage`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn create_organization_invitation_message(
        &self,
        id: JsValue,
        payload: JsValue,
        options: JsValue,
    ) -> Promise {
        self.call(options, &|base| {
            let id: String = read(&id, Field::new("id"))?;
            let payload: SendMessagePayload = read(&payload, Field::new("payload"))?;
            request::create_invitation_message(base, &id, &payload.json)
        })
    }

    /// `deleteOrganizationInvitation`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn delete_organization_invitation(&self, id: JsValue, options: JsValue) -> Promise {
        self.call(options, &|base| {
            request::delete_invitation(base, &read::<String>(&id, Field::new("id"))?)
        })
    }

    /// `getOrganizationInvitation`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn get_organization_invitation(&self, id: JsValue, options: JsValue) -> Promise {
        self.call(options, &|base| {
            request::get_invitation(base, &read::<String>(&id, Field::new("id"))?)
        })
    }

    /// `listOrganizationInvitations`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn list_organization_invitations(&self, query: JsValue, options: JsValue) -> Promise {
        self.call(options, &|base| {
            let query: ListOrganizationInvitationsQuery = if query.is_absent() {
                ListOrganizationInvitationsQuery::default()
            } else {
                read(&query, Field::body("query"))?
            };
            Ok(request::list_invitations(base, &query))
        })
    }

    /// `replaceOrganizationInvitationStatus`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn replace_organization_invitation_status(
        &self,
        id: JsValue,
        body: JsValue,
        options: JsValue,
    ) -> Promise {
        self.call(options, &|base| {
            let id: String = read(&id, Field::new("id"))?;
            let body: ReplaceOrganizationInvitationStatusRequest =
                read(&body, Field::body("body"))?;
            request::replace_invitation_status(base, &id, &body)
        })
    }

    /// `listOrganizationRoles`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn list_organization_roles(&self, options: JsValue) -> Promise {
        let prepared = prepare(&self.client, None, options, |base, _| {
            Ok(request::list_organization_roles(base))
        });
        send(self.client.clone(), prepared, true)
    }

    /// `getOrganization`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn get_organization(&self, id: JsValue, options: JsValue) -> Promise {
        let prepared = prepare(&self.client, Some(&id), options, request::get_organization);
        send(self.client.clone(), prepared, false)
    }

    /// `listOrganizationUsers`: see `ORGANIZATION_INVITATIONS_API_CALLS_TS`.
    pub fn list_organization_users(&self, id: JsValue, options: JsValue) -> Promise {
        let prepared = prepare(
            &self.client,
            Some(&id),
            options,
            request::list_organization_users,
        );
        send(self.client.clone(), prepared, true)
    }
}

/// The declarations of the calls `invoke` runs (`npm/index.js` defines them on the class the
/// package exports): `scripts/package.mjs` moves them into the class `OrganizationInvitationsApi`,
/// where wasm-bindgen would have declared them as methods.
#[wasm_bindgen(typescript_custom_section)]
const ORGANIZATION_INVITATIONS_API_CALLS_TS: &str = r#"
interface OrganizationInvitationsApiCalls {
    /**
     * Invites an email address to an organization (`POST /api/organization-invitations`).
     * Resolves with the new `Pending` invitation. With a `messagePayload` object Logto also
     * emails the invitee, which needs an email connector (else 501 `connector.not_found`, and
     * nothing is saved). To email a link to the invitation itself, which needs its ID, create
     * without `messagePayload`, then call `createOrganizationInvitationMessage(invitation.id,
     * { link })`: a failure of that second call leaves the invitation in place.
     */
    createOrganizationInvitation(body: CreateOrganizationInvitationRequest, options?: RequestOptions): Promise<OrganizationInvitation>;
    /**
     * Sends the invitation email (`POST /api/organization-invitations/{id}/message`) with these
     * template variables, e.g. `{ link: \`https://app.example.com/invitations/${id}\` }`: the
     * first email of an invitation created without one, or a resend. Resolves with nothing
     * (204). When sending fails the invitation exists all the same and is unchanged: 501
     * `connector.not_found` (Logto has no email connector), 429 `request.message_rate_limited`
     * (too many messages to this address: try later), or a network error (it may have been
     * sent). Never repeated by this package, so that nobody is emailed twice.
     */
    createOrganizationInvitationMessage(id: string, payload: SendMessagePayload, options?: RequestOptions): Promise<void>;
    /**
     * Deletes an invitation (`DELETE /api/organization-invitations/{id}`). Resolves with
     * nothing (204); an unknown ID rejects with 404 `entity.not_found`.
     */
    deleteOrganizationInvitation(id: string, options?: RequestOptions): Promise<void>;
    /**
     * Reads one invitation (`GET /api/organization-invitations/{id}`); a pending invitation
     * past its `expiresAt` comes back as `Expired`.
     */
    getOrganizationInvitation(id: string, options?: RequestOptions): Promise<OrganizationInvitation>;
    /**
     * Lists invitations, newest first (`GET /api/organization-invitations`), filtered by
     * organization, inviter and invitee (case-insensitive). Logto returns them all at once.
     */
    listOrganizationInvitations(query?: ListOrganizationInvitationsQuery, options?: RequestOptions): Promise<OrganizationInvitation[]>;
    /**
     * Accepts (on behalf of `acceptedUserId`) or revokes a pending invitation
     * (`PUT /api/organization-invitations/{id}/status`). Resolves with the updated invitation.
     */
    replaceOrganizationInvitationStatus(id: string, body: ReplaceOrganizationInvitationStatusRequest, options?: RequestOptions): Promise<OrganizationInvitation>;
    /**
     * Lists the tenant's organization roles (`GET /api/organization-roles`), by name: every
     * page of them (Logto answers at most 100 per request; this asks until a page has fewer).
     * Read-only, through the same transport as every call (token refresh after a 401, retries,
     * errors); a proxy must allow `"GET /api/organization-roles"`.
     */
    listOrganizationRoles(options?: RequestOptions): Promise<OrganizationRole[]>;
    /**
     * Reads one organization (`GET /api/organizations/{id}`); an unknown ID rejects with 404
     * `entity.not_found`. A proxy must allow `"GET /api/organizations/{id}"`.
     */
    getOrganization(id: string, options?: RequestOptions): Promise<Organization>;
    /**
     * Lists an organization's members with their roles in it
     * (`GET /api/organizations/{id}/users`): every page, as `listOrganizationRoles`. A proxy
     * must allow `"GET /api/organizations/{id}/users"`.
     */
    listOrganizationUsers(id: string, options?: RequestOptions): Promise<OrganizationUser[]>;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const ACCEPTANCE_CONFIG_TS: &str = r#"
/** How an `InvitationAcceptanceApi` reaches the app's `createInvitationAcceptance` handler: the
 * options of `OrganizationInvitationsApi` without tokens (the app's own session, such as its
 * cookie, says who the invitee is). */
export type InvitationAcceptanceApiConfig = Omit<OrganizationInvitationsApiConfig, "accessToken" | "getAccessToken">;
"#;

/// The invitee's calls to an app's `createInvitationAcceptance` handler (from
/// `logto-invitations/server`), same-origin, with the app's own session: the invitation page
/// reads the invitation and accepts it. Failures reject with the same `LogtoApiError` as every
/// call (`kind: "http"` with `status` and `code`: 401 `proxy.unauthenticated` to sign in, 404
/// `entity.not_found`, 410 `proxy.invitation_expired`, ...).
///
/// ```ts
/// const invitee = new InvitationAcceptanceApi({ baseUrl: "/api/invitations" });
/// const invitation = await invitee.getInvitation(id);
/// const { organizationId } = await invitee.acceptInvitation(id);
/// ```
#[wasm_bindgen]
pub struct InvitationAcceptanceApi {
    client: Rc<Client>,
}

#[wasm_bindgen]
impl InvitationAcceptanceApi {
    /// Creates a client for the handler at `baseUrl` (its `prefix`, e.g. `"/api/invitations"`).
    /// Throws a `LogtoApiError` (`kind: "invalid_input"`) when the configuration is unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "InvitationAcceptanceApiConfig")] config: JsValue,
    ) -> Result<InvitationAcceptanceApi, JsValue> {
        Ok(InvitationAcceptanceApi {
            client: client_of(&config, true)?,
        })
    }

    /// The normalised base URL requests go to (trailing slashes removed).
    #[wasm_bindgen(getter, js_name = baseUrl, unchecked_return_type = "string")]
    pub fn base_url(&self) -> JsValue {
        JsValue::from_str(&self.client.config.base_url.0)
    }

    /// Both calls through one export (`npm/index.js` defines the public methods, each passing
    /// its number `op` and its arguments `a`, `b`), as `OrganizationInvitationsApi::invoke`.
    #[wasm_bindgen(skip_typescript)]
    pub fn invoke(&self, op: u32, a: JsValue, b: JsValue) -> Promise {
        match op {
            0 => self.get_invitation(a, b),
            _ => self.accept_invitation(a, b),
        }
    }
}

/// The declarations of the calls `invoke` runs, moved into the class `InvitationAcceptanceApi`
/// by `scripts/package.mjs` (as `ORGANIZATION_INVITATIONS_API_CALLS_TS`).
#[wasm_bindgen(typescript_custom_section)]
const INVITATION_ACCEPTANCE_API_CALLS_TS: &str = r#"
interface InvitationAcceptanceApiCalls {
    /**
     * Reads the signed-in user's own invitation (`GET {baseUrl}/{id}`): status, expiry, the
     * organization's ID and name, the inviter's name, the roles. Rejects with 401
     * `proxy.unauthenticated` when nobody is signed in (send them to sign in, or to sign up with
     * the invited email, and back), and with 404 `entity.not_found` for an unknown ID and for
     * another person's invitation alike.
     */
    getInvitation(id: string, options?: RequestOptions): Promise<InvitationForInvitee>;
    /**
     * Accepts the signed-in user's invitation (`POST {baseUrl}/{id}/accept`): the user joins
     * the organization with the invitation's roles. Resolves with `{ organizationId }` to
     * switch to. Rejects with 410 `proxy.invitation_expired` or `proxy.invitation_revoked`, 409
     * `proxy.invitation_accepted`, 401 `proxy.unauthenticated`, or 404 `entity.not_found`.
     * Never repeated by this package.
     */
    acceptInvitation(id: string, options?: RequestOptions): Promise<AcceptedInvitation>;
}
"#;

impl InvitationAcceptanceApi {
    /// `getInvitation`: see `INVITATION_ACCEPTANCE_API_CALLS_TS`.
    pub fn get_invitation(&self, id: JsValue, options: JsValue) -> Promise {
        let prepared = prepare(
            &self.client,
            Some(&id),
            options,
            request::get_invitation_for_invitee,
        );
        send(self.client.clone(), prepared, false)
    }

    /// `acceptInvitation`: see `INVITATION_ACCEPTANCE_API_CALLS_TS`.
    pub fn accept_invitation(&self, id: JsValue, options: JsValue) -> Promise {
        let prepared = prepare(&self.client, Some(&id), options, request::accept_invitation);
        send(self.client.clone(), prepared, false)
    }
}
