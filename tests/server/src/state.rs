//! Configuration, runtime settings and the shared application state.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::store::Store;
use crate::util::{lock, now_ms};

/// The built-in demo seed (`--demo`).
pub const DEMO_SEED: &str = include_str!("../seed/demo.json");

/// How many request-log entries are kept.
pub const REQUEST_LOG_CAPACITY: usize = 1000;

/// A secret string (the machine-to-machine app secret): its `Debug` never shows the value, so it
/// cannot reach a log or an error message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl Secret {
    /// The value itself (compare it, never print it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// How `/api/*` answers cross-origin requests (`--cors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorsMode {
    /// Logto outside production: every origin is echoed, preflights get 204 (the default).
    Dev,
    /// Logto in production (no allowed origin configured here): a preflight gets Koa's 200 with
    /// `Allow` and no `Access-Control-*` header, responses carry none, so browsers block
    /// cross-origin pages. `/oidc/token` keeps its own CORS (any origin); `/__mock` keeps dev CORS.
    Production,
}

/// The resource indicator of Logto's Management API on a self-hosted server.
pub const DEFAULT_RESOURCE: &str = "https://default.logto.app/api";

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// The token that grants everything (`Authorization: Bearer <token>`).
    pub token: String,
    /// A token that is recognised but lacks the `all` scope: 403 `auth.forbidden`.
    pub forbidden_token: String,
    /// Client id of the machine-to-machine app accepted by `POST /oidc/token`.
    pub m2m_app_id: String,
    /// Its client secret.
    pub m2m_app_secret: Secret,
    /// Lifetime of tokens issued by `POST /oidc/token` (`expires_in`), in seconds.
    pub token_ttl_seconds: u64,
    /// The only resource indicator `POST /oidc/token` accepts (the Management API).
    pub resource: String,
    /// CORS behaviour of `/api/*` and `/logto/api/*`.
    pub cors: CorsMode,
    /// Initial state of the fake email connector.
    pub email_connector: bool,
    /// Rolling window of the per-recipient message cap; 0 disables the cap.
    pub message_rate_limit_seconds: u64,
    /// Sends allowed per recipient within the window.
    pub message_rate_limit_max: u32,
    pub static_dir: Option<PathBuf>,
    /// A simulated network round trip: every response is held until this long after its
    /// request arrived (0: none). For benchmarks of a page's first request (bench/cold-start.mjs)
    /// without DevTools' network emulation in the browser.
    pub latency_ms: u64,
    /// Seed documents applied in order at start and on every `POST /__mock/reset`.
    pub seeds: Vec<Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            token: "dev-token".into(),
            forbidden_token: "dev-token-no-scope".into(),
            m2m_app_id: "m2m-app".into(),
            m2m_app_secret: Secret("m2m-secret".into()),
            token_ttl_seconds: 3600,
            resource: DEFAULT_RESOURCE.into(),
            cors: CorsMode::Dev,
            email_connector: false,
            message_rate_limit_seconds: 600,
            message_rate_limit_max: 10,
            static_dir: None,
            latency_ms: 0,
            seeds: Vec::new(),
        }
    }
}

/// Settings that `/__mock` can change at run time.
#[derive(Clone, Debug)]
pub struct Settings {
    pub email_connector: bool,
    pub message_rate_limit_seconds: u64,
    pub message_rate_limit_max: u32,
}

impl Settings {
    fn from_config(cfg: &Config) -> Self {
        Settings {
            email_connector: cfg.email_connector,
            message_rate_limit_seconds: cfg.message_rate_limit_seconds,
            message_rate_limit_max: cfg.message_rate_limit_max,
        }
    }
}

pub struct LogEntry {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub status: Option<u16>,
    pub received_at: i64,
}

#[derive(Default)]
pub struct RequestLog {
    last_seq: u64,
    entries: VecDeque<LogEntry>,
}

impl RequestLog {
    pub fn record(
        &mut self,
        method: String,
        path: String,
        headers: Vec<(String, String)>,
        body: Option<String>,
    ) -> u64 {
        self.last_seq += 1;
        if self.entries.len() >= REQUEST_LOG_CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(LogEntry {
            seq: self.last_seq,
            method,
            path,
            headers,
            body,
            status: None,
            received_at: now_ms(),
        });
        self.last_seq
    }

    pub fn set_status(&mut self, seq: u64, status: u16) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = Some(status);
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    pub fn since_json(&self, since: u64) -> Vec<Value> {
        self.entries
            .iter()
            .filter(|e| e.seq > since)
            .map(|e| {
                let mut headers = serde_json::Map::new();
                for (k, v) in &e.headers {
                    match headers.get_mut(k) {
                        Some(Value::String(existing)) => {
                            existing.push_str(", ");
                            existing.push_str(v);
                        }
                        _ => {
                            headers.insert(k.clone(), Value::String(v.clone()));
                        }
                    }
                }
                json!({
                    "seq": e.seq,
                    "method": e.method,
                    "path": e.path,
                    "headers": headers,
                    "body": e.body,
                    "status": e.status,
                    "receivedAt": e.received_at,
                })
            })
            .collect()
    }
}

#[derive(Clone, Copy, Default, Debug)]
pub struct FaultStats {
    /// Requests seen carrying this fault id (after auth).
    pub count: u64,
    /// Clients that disconnected while a `delay` of this id was running.
    pub aborted: u64,
}

#[derive(Default)]
pub struct FaultRegistry {
    pub by_id: BTreeMap<String, FaultStats>,
    /// Faults armed by `POST /__mock/faults` for requests that carry no `x-mock-fault` header
    /// (e.g. behind a proxy that forwards only an allow list of headers), first match first.
    pub armed: Vec<ArmedFault>,
    /// Requests that had a fault applied, and delays aborted by the client, over all ids.
    pub applied: u64,
    pub aborted: u64,
}

/// A fault armed for the next `times` requests matching `method` and `path` (when given).
#[derive(Clone, Debug)]
pub struct ArmedFault {
    /// The fault, in the `x-mock-fault` grammar.
    pub fault: String,
    pub method: Option<String>,
    /// The API path (`/api/...`, no query), exact.
    pub path: Option<String>,
    pub times: u64,
}

impl FaultRegistry {
    /// Takes the first armed fault for `method` `path` (one use of it).
    pub fn take_armed(&mut self, method: &str, path: &str) -> Option<String> {
        let index = self.armed.iter().position(|armed| {
            armed
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && armed.path.as_deref().is_none_or(|p| p == path)
        })?;
        let armed = &mut self.armed[index];
        let fault = armed.fault.clone();
        armed.times -= 1;
        if armed.times == 0 {
            self.armed.remove(index);
        }
        Some(fault)
    }

    /// Counts a request carrying `key`; returns whether a fault limited to `times` still applies.
    pub fn hit(&mut self, key: Option<&str>, times: Option<u64>) -> bool {
        let applies = match key {
            Some(key) => {
                let stats = self.by_id.entry(key.to_owned()).or_default();
                stats.count += 1;
                times.is_none_or(|t| stats.count <= t)
            }
            None => true,
        };
        if applies {
            self.applied += 1;
        }
        applies
    }

    pub fn aborted(&mut self, key: Option<&str>) {
        self.aborted += 1;
        if let Some(key) = key {
            self.by_id.entry(key.to_owned()).or_default().aborted += 1;
        }
    }
}

/// One access token issued by `POST /oidc/token`.
#[derive(Clone, Copy, Debug)]
pub struct IssuedToken {
    /// Whether the grant included the `all` scope (else `/api/*` answers 403).
    pub all_scope: bool,
    /// When it stops being accepted (`--token-ttl-seconds` after issue, or an expire control).
    pub expires_at: Instant,
}

/// What a bearer token on `/api/*` is worth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenGrant {
    /// Known, unexpired, with the `all` scope.
    Full,
    /// Known, unexpired, without the `all` scope: 403 `auth.forbidden`.
    NoScope,
    /// Unknown or expired: 401 `auth.unauthorized`.
    Invalid,
}

/// Tokens issued by `POST /oidc/token` and the counts `GET /__mock/tokens` reports.
#[derive(Default)]
pub struct TokenStore {
    tokens: HashMap<String, IssuedToken>,
    /// `POST /oidc/token` requests received (whatever their outcome).
    pub requests: u64,
    /// Tokens issued.
    pub issued: u64,
}

/// Expired tokens are forgotten once this many are stored (an expired token and an unknown one
/// get the same answer).
const TOKEN_PRUNE_THRESHOLD: usize = 4096;

impl TokenStore {
    /// Stores a new token valid for `ttl`.
    pub fn issue(&mut self, token: String, all_scope: bool, ttl: Duration) {
        let now = Instant::now();
        if self.tokens.len() >= TOKEN_PRUNE_THRESHOLD {
            self.tokens.retain(|_, t| t.expires_at > now);
        }
        // `--token-ttl-seconds` is capped, so this never overflows; if it did, the token would
        // simply be expired.
        let expires_at = now.checked_add(ttl).unwrap_or(now);
        self.tokens.insert(
            token,
            IssuedToken {
                all_scope,
                expires_at,
            },
        );
        self.issued += 1;
    }

    /// Looks a bearer token up.
    pub fn grant(&self, token: &str) -> TokenGrant {
        match self.tokens.get(token) {
            Some(t) if t.expires_at > Instant::now() => {
                if t.all_scope {
                    TokenGrant::Full
                } else {
                    TokenGrant::NoScope
                }
            }
            _ => TokenGrant::Invalid,
        }
    }

    /// Tokens issued and not yet expired.
    pub fn active(&self) -> usize {
        let now = Instant::now();
        self.tokens.values().filter(|t| t.expires_at > now).count()
    }

    /// Makes every issued token expire now; returns how many were still active.
    pub fn expire_all(&mut self) -> usize {
        let active = self.active();
        let now = Instant::now();
        for t in self.tokens.values_mut() {
            t.expires_at = t.expires_at.min(now);
        }
        active
    }
}

pub struct AppState {
    pub cfg: Config,
    pub settings: Mutex<Settings>,
    pub store: Mutex<Store>,
    pub log: Mutex<RequestLog>,
    pub faults: Mutex<FaultRegistry>,
    pub tokens: Mutex<TokenStore>,
    /// The keys organization and access tokens are signed with (`crate::jwt`).
    pub signing: Mutex<crate::jwt::SigningKeys>,
}

impl AppState {
    pub fn new(cfg: Config) -> Result<Self, String> {
        let store = Self::seeded_store(&cfg)?;
        Ok(AppState {
            settings: Mutex::new(Settings::from_config(&cfg)),
            store: Mutex::new(store),
            log: Mutex::new(RequestLog::default()),
            faults: Mutex::new(FaultRegistry::default()),
            tokens: Mutex::new(TokenStore::default()),
            signing: Mutex::new(crate::jwt::SigningKeys::new()?),
            cfg,
        })
    }

    fn seeded_store(cfg: &Config) -> Result<Store, String> {
        let mut store = Store::default();
        let now = now_ms();
        for seed in &cfg.seeds {
            store.apply_seed(seed, now)?;
        }
        Ok(store)
    }

    /// `POST /__mock/reset`: empty state, seeds re-applied (relative times re-evaluated), settings
    /// back to the command-line values, request log, fault counters, issued tokens and token
    /// counts cleared (the request sequence keeps counting so `since` values stay valid).
    pub fn reset(&self) -> Result<(), String> {
        let store = Self::seeded_store(&self.cfg)?;
        *lock(&self.store) = store;
        *lock(&self.settings) = Settings::from_config(&self.cfg);
        lock(&self.log).clear();
        *lock(&self.faults) = FaultRegistry::default();
        *lock(&self.tokens) = TokenStore::default();
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }
}
