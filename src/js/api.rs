//! `OrganizationInvitationsApi`, the class JavaScript uses: one promise-returning method per
//! Logto operation. Each method reads its arguments (the shapes' own readers), builds the
//! request with [`crate::request`] and sends it with [`crate::transport`]; every failure rejects
//! with a `LogtoApiError`.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::Rejection;
use super::read::check_base_url;
use crate::config::{OrganizationInvitationsApiConfig, RequestOptions};
use crate::error::ApiError;
use crate::invitation::{
    CreateOrganizationInvitationRequest, ListOrganizationInvitationsQuery,
    ReplaceOrganizationInvitationStatusRequest, SendMessagePayload,
};
use crate::request::{self, HttpRequest};
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
    fn call(
        &self,
        options: JsValue,
        build: impl FnOnce(&str) -> Result<HttpRequest, ApiError>,
    ) -> Promise {
        let prepared = request_options(&options)
            .and_then(|options| Ok((build(&self.client.config.base_url.0)?, options)))
            .map_err(Rejection::from);
        send(self.client.clone(), prepared)
    }
}

/// The promise of one call; not generic, so the six methods share one copy of the async code.
fn send(client: Rc<Client>, prepared: Result<(HttpRequest, RequestOptions), Rejection>) -> Promise {
    future_to_promise(async move {
        let (request, options) = prepared.map_err(Rejection::into_js)?;
        transport::send(&client, request, options)
            .await
            .map_err(Rejection::into_js)
    })
}

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
        let config: OrganizationInvitationsApiConfig = read(&config, Field::new("config"))
            .and_then(|config: OrganizationInvitationsApiConfig| {
                config.validate()?;
                check_base_url(&config.base_url.0)?;
                Ok(config)
            })
            .map_err(|e| Rejection::from(e).into_js())?;
        Ok(OrganizationInvitationsApi {
            client: Rc::new(Client::new(config)),
        })
    }

    /// The normalised base URL requests go to (trailing slashes removed).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.client.config.base_url.0.clone()
    }

    /// Invites an email address to an organization (`POST /api/organization-invitations`).
    /// Resolves with the new `Pending` invitation. With a `messagePayload` object Logto also
    /// emails the invitee, which needs an email connector (else 501 `connector.not_found`).
    #[wasm_bindgen(
        js_name = createOrganizationInvitation,
        unchecked_return_type = "Promise<OrganizationInvitation>"
    )]
    pub fn create_organization_invitation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateOrganizationInvitationRequest")] body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            let body: CreateOrganizationInvitationRequest = read(&body, Field::body("body"))?;
            body.validate()?;
            Ok(request::create_invitation(base, &body))
        })
    }

    /// Sends the invitation email again (`POST /api/organization-invitations/{id}/message`) with
    /// these template variables. Resolves with nothing (204). Needs an email connector in Logto.
    #[wasm_bindgen(
        js_name = createOrganizationInvitationMessage,
        unchecked_return_type = "Promise<void>"
    )]
    pub fn create_organization_invitation_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SendMessagePayload")] payload: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            let id: String = read(&id, Field::new("id"))?;
            let payload: SendMessagePayload = read(&payload, Field::new("payload"))?;
            request::create_invitation_message(base, &id, &payload.json)
        })
    }

    /// Deletes an invitation (`DELETE /api/organization-invitations/{id}`). Resolves with
    /// nothing (204); an unknown ID rejects with 404 `entity.not_found`.
    #[wasm_bindgen(js_name = deleteOrganizationInvitation, unchecked_return_type = "Promise<void>")]
    pub fn delete_organization_invitation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            request::delete_invitation(base, &read::<String>(&id, Field::new("id"))?)
        })
    }

    /// Reads one invitation (`GET /api/organization-invitations/{id}`); a pending invitation
    /// past its `expiresAt` comes back as `Expired`.
    #[wasm_bindgen(
        js_name = getOrganizationInvitation,
        unchecked_return_type = "Promise<OrganizationInvitation>"
    )]
    pub fn get_organization_invitation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            request::get_invitation(base, &read::<String>(&id, Field::new("id"))?)
        })
    }

    /// Lists invitations, newest first (`GET /api/organization-invitations`), filtered by
    /// organization, inviter and invitee (case-insensitive). Logto returns them all at once.
    #[wasm_bindgen(
        js_name = listOrganizationInvitations,
        unchecked_return_type = "Promise<OrganizationInvitation[]>"
    )]
    pub fn list_organization_invitations(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOrganizationInvitationsQuery")]
        query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            let query = query.unwrap_or_default();
            let query: ListOrganizationInvitationsQuery = if query.is_absent() {
                ListOrganizationInvitationsQuery::default()
            } else {
                read(&query, Field::body("query"))?
            };
            Ok(request::list_invitations(base, &query))
        })
    }

    /// Accepts (on behalf of `acceptedUserId`) or revokes a pending invitation
    /// (`PUT /api/organization-invitations/{id}/status`). Resolves with the updated invitation.
    #[wasm_bindgen(
        js_name = replaceOrganizationInvitationStatus,
        unchecked_return_type = "Promise<OrganizationInvitation>"
    )]
    pub fn replace_organization_invitation_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReplaceOrganizationInvitationStatusRequest")]
        body: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.call(options.unwrap_or_default(), |base| {
            let id: String = read(&id, Field::new("id"))?;
            let body: ReplaceOrganizationInvitationStatusRequest =
                read(&body, Field::body("body"))?;
            request::replace_invitation_status(base, &id, &body)
        })
    }
}
