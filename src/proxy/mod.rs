//! `createInvitationsProxy`: a least-privilege, same-origin proxy to Logto's Management API for
//! a dashboard's backend. Plain Rust, tested on the host: [`allow`] (the allow list: the route
//! table's six operations and the lookups `allow` names, under the mount prefix), [`scope`]
//! (scoped mode: the organizations a request may act in), [`query`] (a `GET`'s query, parsed
//! once), [`headers`] (what crosses in each direction, `Sec-Fetch-Site`), [`body`] (identity
//! JSON only, the size cap), [`refresh`] (one forced token refresh for many 401s), [`refusal`]
//! (the proxy's Logto-shaped answers). The wasm shell: [`authorize`] (the app's
//! `organizationIds` and `authorize`, in time, failing closed), [`handler`] (the fetch handler,
//! the order of checks) and [`upstream`] (the token, the requests to Logto, what goes back).
//! Feature `server` only.

mod allow;
mod authorize;
mod body;
mod handled;
mod handler;
mod headers;
mod query;
mod refresh;
mod refusal;
mod scope;
mod upstream;

pub use handler::{create_invitations_proxy, InvitationsProxyOptions};

// What `createInvitationAcceptance` (`crate::acceptance`) shares with the proxy: the prefix
// rule, `Sec-Fetch-Site`, JSON-only requests, the conversation with Logto (token, limits,
// refresh, the invitation's pre-read, what goes back) and the Logto-shaped refusals.
pub(crate) use allow::check_prefix;
pub(crate) use body::is_json;
pub(crate) use handled::{answered, handler, incoming, required_access_token, Handled, Incoming};
pub(crate) use headers::{forwarded_headers, is_cross_origin};
pub(crate) use refusal::Refusal;
pub(crate) use upstream::{json_answer, pass_back, read_invitation, Exchange, Limits, Logto};
