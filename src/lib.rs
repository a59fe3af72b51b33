//! `logto-invitations`: a typed, promise-based client for Logto's organization-invitation
//! Management API, compiled to WebAssembly for web dashboards and server code.
//!
//! A functional core and a thin wasm shell:
//! - plain Rust, tested on the host: `routes` (the six operations: method, path, shapes),
//!   `invitation` (Logto's models, each declared once), `wire` (how a shape is read from an
//!   argument, written as JSON or a query, and checked in a response), `request` (the requests
//!   the routes build), `response` (checking Logto's answers), `retry` (what to do after a failed
//!   attempt), `error` (the one error type and Logto's error bodies), `config` (options and
//!   hook contexts), `headers` (the rules for caller headers), `text` (joining strings without
//!   `format!`);
//! - the wasm shell: `js` (reading and writing JavaScript values, the `LogtoApiError`, the
//!   `OrganizationInvitationsApi` and `InvitationAcceptanceApi` classes) and `transport` (fetch,
//!   tokens, hooks, time limits, aborts, repeats).
//!
//! With the feature `server` (the server entry, `logto-invitations/server`, a separate build that
//! leaves the browser's `.wasm` as it is): `token` (`clientCredentials`: client-credentials
//! tokens, cached), `proxy` (`createInvitationsProxy`: the least-privilege same-origin proxy),
//! `acceptance` (`createInvitationAcceptance`: the invitee reads and accepts their own
//! invitation, sharing the proxy's conversation with Logto) and `access_token`
//! (`organizationTokenAuthorization`, `accessTokenUserId`: Logto's access tokens verified with its
//! JWKS), each a functional core with host tests and a wasm shell, over `runtime` (a server
//! runtime's Fetch API) and `endpoint` (the `endpoint` option).

// Errors are the rare path, built once per failed call: their size does not matter.
#![allow(clippy::result_large_err)]

mod config;
mod error;
mod headers;
mod invitation;
mod request;
mod response;
mod retry;
mod routes;
mod text;
mod wire;

mod js;
mod transport;

#[cfg(feature = "server")]
mod acceptance;
#[cfg(feature = "server")]
mod access_token;
#[cfg(feature = "server")]
mod endpoint;
#[cfg(feature = "server")]
mod proxy;
#[cfg(feature = "server")]
mod runtime;
#[cfg(feature = "server")]
mod token;

#[cfg(test)]
mod transcript_tests;

pub use config::{
    Credentials, OrganizationInvitationsApiConfig, RequestHookContext, RequestOptions,
    ResponseHookContext, RetryOptions,
};
pub use error::{ApiError, ErrorKind, LogtoApiErrorKind};
pub use invitation::{
    AcceptedInvitation, CreateOrganizationInvitationRequest, InvitationForInvitee,
    InvitationInviter, InvitationOrganization, InvitationStatusUpdate, Inviter,
    ListOrganizationInvitationsQuery, Organization, OrganizationInvitation,
    OrganizationInvitationStatus, OrganizationRole, OrganizationUser,
    ReplaceOrganizationInvitationStatusRequest, SendMessagePayload,
};
pub use js::{is_logto_api_error, InvitationAcceptanceApi, OrganizationInvitationsApi};
pub use routes::{match_route, Method, Route, RouteMatch, ROUTES};

#[cfg(feature = "server")]
pub use acceptance::{create_invitation_acceptance, InvitationAcceptanceOptions};
#[cfg(feature = "server")]
pub use access_token::{
    access_token_user_id, organization_token_authorization, AccessTokenUserIdOptions, JwksOptions,
    OrganizationTokenAuthorizationOptions,
};
#[cfg(feature = "server")]
pub use proxy::{create_invitations_proxy, InvitationsProxyOptions};
#[cfg(feature = "server")]
pub use routes::{Lookup, LOOKUPS};
#[cfg(feature = "server")]
pub use token::{client_credentials, ClientCredentialsOptions};

#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without atomics runs this module on one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
