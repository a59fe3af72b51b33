//! `logto-invitations`: a typed, promise-based client for Logto's organization-invitation
//! Management API, compiled to WebAssembly for web dashboards.
//!
//! The crate is a functional core and a thin wasm shell:
//! - plain Rust, tested on the host: [`invitation`] (models and their rules), [`request`]
//!   (method, URL, query, JSON body of each call), [`response`] (checking Logto's answers),
//!   [`retry`] (when and after how long to repeat), [`error`] (the one error type and Logto's
//!   error bodies), [`config`] (the options and their checks), [`text`] (joining strings
//!   without `format!`);
//! - the JavaScript glue: [`arguments`] (reading JS values), [`transport`] (fetch),
//!   [`js_error`] (the `LogtoApiError` object) and [`api`] (the `OrganizationInvitationsApi` class).

// Errors are the rare path, built once per failed call: their size does not matter.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod error;
pub mod invitation;
pub mod request;
pub mod response;
pub mod retry;
pub mod text;

pub mod api;
pub mod arguments;
pub mod js_error;
pub mod transport;

pub use api::OrganizationInvitationsApi;

mod transcript_tests;
pub use error::{ApiError, ErrorKind};

#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without atomics runs this module on one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
