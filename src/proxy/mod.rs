//! `createInvitationsProxy`: a least-privilege, same-origin proxy to Logto's Management API for
//! a dashboard's backend. Plain Rust, tested on the host: [`allow`] (the allow list: the route
//! table's six operations and the lookups `allow` names, under the mount prefix), [`headers`]
//! (what crosses in each direction, `Sec-Fetch-Site`), [`body`] (JSON only, the size cap),
//! [`refusal`] (the proxy's Logto-shaped answers), [`authorize`] (fail closed). The wasm shell:
//! [`handler`] (the fetch handler, the order of checks) and [`upstream`] (the token, the
//! request to Logto, one refresh after a 401, what goes back). Feature `server` only.

mod allow;
mod authorize;
mod body;
mod handler;
mod headers;
mod refusal;
mod upstream;

pub use handler::{create_invitations_proxy, InvitationsProxyOptions};
