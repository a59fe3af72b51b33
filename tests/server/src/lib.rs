//! A small, fast, local Logto-compatible Management API server for the organization-invitation
//! endpoints, with test controls under `/__mock/`. See `README.md`.

// Handlers return `Result<_, Response>` to bail out early with a ready error response; the size
// of `Response` in the `Err` variant does not matter for a test server.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod app;
pub mod body;
pub mod cli;
pub mod faults;
pub mod jwt;
pub mod mock;
pub mod oidc;
pub mod server;
pub mod state;
pub mod statics;
pub mod store;
pub mod util;
pub mod zod;

pub use app::App;
pub use state::{Config, CorsMode, Secret};
