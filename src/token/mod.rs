//! `clientCredentials`: Management API tokens from Logto's client-credentials grant, for code
//! that runs on a server (the secret never belongs in a browser). Plain Rust, tested on the
//! host: [`form`] (the request on the wire: form body, HTTP Basic with form-urlencoded id and
//! secret), [`cache`] (when a cached token is still good) and [`answer`] (Logto's answers and the
//! `kind: "token"` errors they become). The wasm shell: [`provider`] (one request in flight, the
//! cache, `forceRefresh`). Feature `server` only.

mod answer;
mod cache;
mod form;
mod provider;

pub(crate) use answer::is_oauth_code;
pub use provider::{client_credentials, ClientCredentialsOptions};
