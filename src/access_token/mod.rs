//! Verifying Logto's access tokens, for the server entry: `organizationTokenAuthorization` (the
//! proxy's `organizationIds` and `authorize` from the caller's organization token) and
//! `accessTokenUserId` (the user of an ordinary access token). Plain Rust, tested on the host:
//! [`bearer`] (the `Authorization` header), [`jws`] (the compact JWT, its header, Logto's
//! algorithms), [`claims`] (issuer, times, audience, app, subject), [`keys`] (the JWKS and when to
//! read it again), [`permissions`] (the permission each operation needs), [`problem`] (refusals
//! as RFC 6750 challenges). The wasm shell: [`webcrypto`] (signatures, `crypto.subtle`),
//! [`verifier`] (the discovery document, the JWKS cache, fetch and time limits) and
//! [`authorization`] (the exports). Feature `server` only.

mod authorization;
mod bearer;
mod claims;
mod jws;
mod keys;
mod permissions;
mod problem;
mod verifier;
mod webcrypto;

pub use authorization::{
    access_token_user_id, organization_token_authorization, AccessTokenUserIdOptions, JwksOptions,
    OrganizationTokenAuthorizationOptions,
};
