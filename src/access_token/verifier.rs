//! Verifies a Logto access token: its signature with Logto's keys (WebCrypto), then its claims
//! ([`super::claims`]). Logto's discovery document (`{endpoint}/oidc/.well-known/openid-configuration`)
//! gives the issuer and the `jwks_uri`; both are read once, with the JWKS, and the keys cached
//! as [`super::keys`] decides. Concurrent requests share one read. Each read has a time limit.
//! Wasm shell.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Date, Object, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::claims::{check, Audience, Claims, Expected, Verified};
use super::jws::{split, Header};
use super::keys::{find, jwks_uri_allowed, read_jwks, Jwk, Next, Policy, Reads};
use super::problem::TokenProblem;
use super::webcrypto::{import, verifies};
use crate::runtime::{abort_controller, fetch, get, read_capped, set, Deadline, Waited};
use crate::text::concat;

/// The largest discovery document or JWKS read (64 KiB).
const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

/// What a verifier is configured with.
pub struct Settings {
    /// Logto's endpoint, normalised.
    pub endpoint: String,
    /// When to read the JWKS again.
    pub policy: Policy,
    /// The time limit of each read, in ms.
    pub timeout_ms: u32,
    /// The clock tolerance, in seconds.
    pub tolerance_s: f64,
}

/// What is known of Logto.
#[derive(Default)]
struct Known {
    /// The discovery document's `issuer` and `jwks_uri`.
    discovery: Option<(String, String)>,
    /// The JWKS's keys, imported.
    keys: Vec<(Jwk, JsValue)>,
    reads: Reads,
    /// The read under way (it resolves when it is done, whatever its outcome).
    pending: Option<Promise>,
}

/// A verifier of one Logto's tokens; clones share the cache.
#[derive(Clone)]
pub struct Verifier {
    settings: Rc<Settings>,
    known: Rc<RefCell<Known>>,
}

impl Verifier {
    /// A verifier with nothing read yet.
    pub fn new(settings: Settings) -> Verifier {
        Verifier {
            settings: Rc::new(settings),
            known: Rc::default(),
        }
    }

    /// Verifies `token` for `audience`: signature, issuer, times, audience, app and subject.
    pub async fn verify(
        &self,
        token: &str,
        audience: Audience<'_>,
        app_ids: Option<&[String]>,
        machine_to_machine: bool,
    ) -> Result<Verified, TokenProblem> {
        let compact = split(token)?;
        let header = JSON::parse(&compact.header).map_err(|_| TokenProblem::Malformed)?;
        let header = Header::read(&header)?;
        let payload = JSON::parse(&compact.payload).map_err(|_| TokenProblem::Malformed)?;
        let claims = Claims::read(&payload)?;
        let (key, issuer) = self.key_for(&header).await?;
        if !verifies(
            &key,
            header.alg,
            &compact.signature,
            compact.signing_input.as_bytes(),
        )
        .await
        {
            return Err(TokenProblem::Signature);
        }
        check(
            &claims,
            &Expected {
                issuer: &issuer,
                audience,
                app_ids,
                machine_to_machine,
                now_s: Date::now() / 1000.0,
                tolerance_s: self.settings.tolerance_s,
            },
        )
    }

    /// The key for `header` and the issuer, reading Logto's keys first when [`Reads::next`]
    /// says so.
    async fn key_for(&self, header: &Header) -> Result<(JsValue, String), TokenProblem> {
        let known_key = |known: &Known| {
            find(known.keys.iter().map(|(jwk, _)| jwk), header)
                .and_then(|index| known.keys.get(index))
                .map(|(_, key)| key.clone())
        };
        let (next, pending) = {
            let known = self.known.borrow();
            let next = known.reads.next(
                known_key(&known).is_some(),
                known.pending.is_some(),
                Date::now(),
                self.settings.policy,
            );
            (next, known.pending.clone())
        };
        if next == Next::Read {
            let read = pending.unwrap_or_else(|| self.start_read());
            let _ = JsFuture::from(read).await;
        }
        // The keys as they are now: after a read that succeeded, the JWKS just read (a key it
        // no longer lists is refused, even if it was cached when this request came); after a
        // failed read, the cached ones, unchanged.
        let known = self.known.borrow();
        let issuer = known
            .discovery
            .as_ref()
            .map(|(issuer, _)| issuer.clone())
            .ok_or(TokenProblem::KeysUnavailable)?;
        match known_key(&known) {
            Some(key) => Ok((key, issuer)),
            None if known.reads.succeeded_at.is_none() => Err(TokenProblem::KeysUnavailable),
            None => Err(TokenProblem::UnknownKey),
        }
    }

    /// Starts reading the discovery document (once) and the JWKS; the promise resolves when done.
    fn start_read(&self) -> Promise {
        let this = self.clone();
        self.known.borrow_mut().reads.attempted_at = Some(Date::now());
        let promise = future_to_promise(async move {
            let read = this.read().await;
            let mut known = this.known.borrow_mut();
            if let Some((discovery, keys)) = read {
                known.discovery = Some(discovery);
                known.keys = keys;
                known.reads.succeeded_at = Some(Date::now());
            }
            known.pending = None;
            Ok(JsValue::UNDEFINED)
        });
        self.known.borrow_mut().pending = Some(promise.clone());
        promise
    }

    /// Reads the discovery document (unless known) and the JWKS, and imports its keys.
    async fn read(&self) -> Option<((String, String), Vec<(Jwk, JsValue)>)> {
        let deadline = Deadline::new(self.settings.timeout_ms, &JsValue::UNDEFINED);
        let known = self.known.borrow().discovery.clone();
        let discovery = match known {
            Some(discovery) => discovery,
            None => {
                let url = concat(&[
                    &self.settings.endpoint,
                    "/oidc/.well-known/openid-configuration",
                ]);
                let document = read_json(&url, &deadline).await?;
                let issuer = get(&document, "issuer").as_string()?;
                let jwks_uri = get(&document, "jwks_uri")
                    .as_string()
                    .filter(|uri| jwks_uri_allowed(&self.settings.endpoint, uri))?;
                (issuer, jwks_uri)
            }
        };
        let jwks = read_json(&discovery.1, &deadline).await?;
        let mut keys = Vec::new();
        for jwk in read_jwks(&jwks)? {
            let Some(promise) = import(&jwk) else {
                continue;
            };
            if let Waited::Settled(Ok(key)) = deadline.wait(&promise).await {
                if key.is_object() {
                    keys.push((jwk, key));
                }
            }
        }
        Some((discovery, keys))
    }
}

/// `GET url` as JSON, within `deadline` (headers and body), at most [`MAX_DOCUMENT_BYTES`];
/// `None` for anything but a 200 with JSON.
async fn read_json(url: &str, deadline: &Deadline) -> Option<JsValue> {
    let controller = abort_controller();
    let init = Object::new();
    let headers = Object::new();
    set(&headers, "accept", &"application/json".into());
    set(&init, "headers", &headers);
    // Not followed ("manual": Cloudflare Workers refuse "error"); a redirect is not a 200.
    set(&init, "redirect", &"manual".into());
    if let Some((_, signal)) = &controller {
        set(&init, "signal", signal);
    }
    let abort = || {
        if let Some((controller, _)) = &controller {
            controller.abort();
        }
    };
    let answer = match deadline.wait(&fetch(url, &init).ok()?).await {
        Waited::Settled(Ok(answer)) => answer,
        _ => {
            abort();
            return None;
        }
    };
    if get(&answer, "status").as_f64() != Some(200.0) {
        abort();
        return None;
    }
    let Ok(bytes) = read_capped(&get(&answer, "body"), MAX_DOCUMENT_BYTES, deadline).await else {
        abort();
        return None;
    };
    let text = String::from_utf8(bytes).ok()?;
    JSON::parse(&text).ok().filter(JsValue::is_object)
}
