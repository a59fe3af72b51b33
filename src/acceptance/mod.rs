//! `createInvitationAcceptance`: the invitee's side of an invitation, for an app's backend. A
//! fetch handler with two routes, `GET {prefix}/{id}` (what the signed-in invitee may see of
//! their own invitation) and `POST {prefix}/{id}/accept`, that reads and accepts with the
//! server's Management API token on behalf of the signed-in user whose primary email is the
//! invitee. Plain Rust, tested on the host: [`route`] (the two routes under the prefix),
//! [`decision`] (who is signed in, whose invitation it is, whether it can be accepted, what the
//! invitee sees) and [`answers`] (its own Logto-shaped refusals). The wasm shell: [`handler`]
//! (the order of checks, the Logto reads and the status change), over what it shares with the
//! proxy (`crate::proxy`: the token and each request to Logto within its limit, the
//! invitation's pre-read, `Sec-Fetch-Site`, the composed 404). Feature `server` only.

mod answers;
mod decision;
mod handler;
mod route;

pub use handler::{create_invitation_acceptance, InvitationAcceptanceOptions};
