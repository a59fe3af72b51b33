//! Request pipeline: request log -> CORS -> (`/__mock` | `/oidc/token` with faults | `/api` &
//! `/logto/api` with auth and faults | static files) -> request id / CORS response headers.

use std::future::Future;
use std::path::Path as FsPath;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use serde_json::json;
use tower::ServiceExt;

use crate::api;
use crate::faults::{self, AbortGuard, ConnKill, DropWhen, Fault};
use crate::jwt;
use crate::mock;
use crate::oidc;
use crate::state::{AppState, Config, CorsMode, TokenGrant};
use crate::statics;
use crate::util::{error_response, json_response, lock, request_id, text_response};

/// Largest request body accepted (10 MiB).
pub const MAX_BODY: usize = 10 * 1024 * 1024;
/// Longest body text kept in the request log.
const LOG_BODY_LIMIT: usize = 64 * 1024;

pub const ALLOW_METHODS: &str = "GET,HEAD,PUT,POST,DELETE,PATCH";
pub const DEFAULT_ALLOW_HEADERS: &str = "authorization,content-type";
pub const EXPOSE_HEADERS: &str = "*, Logto-Core-Request-Id, Retry-After";
pub const FAULT_HEADER: &str = "x-mock-fault";

#[derive(Clone)]
pub struct App {
    pub state: Arc<AppState>,
    api: Router,
    mock: Router,
}

/// Where an `/api` request came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ApiKind {
    Direct,
    /// `/logto/api/*`: a same-origin proxy that adds the main token.
    Proxied,
}

fn api_kind(path: &str) -> Option<ApiKind> {
    let is = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if is("/api") {
        Some(ApiKind::Direct)
    } else if is("/logto/api") {
        Some(ApiKind::Proxied)
    } else {
        None
    }
}

fn auth_error(status: StatusCode, body: serde_json::Value) -> Response {
    json_response(status, &body)
}

fn forbidden() -> Response {
    auth_error(
        StatusCode::FORBIDDEN,
        json!({ "code": "auth.forbidden", "message": "Forbidden. Please check your user roles and permissions." }),
    )
}

/// Logto's `koaAuth`: missing header 401, non-Bearer 401, unknown or expired token 401 (as a bad
/// JWT would be), token without the `all` scope 403. Accepted: `--token`, and unexpired tokens
/// issued by `POST /oidc/token` with scope `all`.
fn check_auth(state: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    let cfg = &state.cfg;
    let value = headers
        .get(header::AUTHORIZATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    if value.is_empty() {
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            json!({ "code": "auth.authorization_header_missing", "message": "Authorization header is missing." }),
        ));
    }
    if !value.starts_with("Bearer") {
        return Err(auth_error(
            StatusCode::UNAUTHORIZED,
            json!({ "code": "auth.authorization_token_type_not_supported", "message": "Authorization type is not supported." }),
        ));
    }
    let token = value.get(7..).unwrap_or("");
    if token == cfg.token {
        return Ok(());
    }
    if token == cfg.forbidden_token {
        return Err(forbidden());
    }
    match lock(&state.tokens).grant(token) {
        TokenGrant::Full => Ok(()),
        TokenGrant::NoScope => Err(forbidden()),
        TokenGrant::Invalid => Err(auth_error(
            StatusCode::UNAUTHORIZED,
            json!({
                "code": "auth.unauthorized",
                "data": { "code": "ERR_JWS_INVALID", "name": "JWSInvalid" },
                "message": "Unauthorized. Please check credentials and its scope.",
            }),
        )),
    }
}

impl App {
    pub fn new(cfg: Config) -> Result<App, String> {
        let state = Arc::new(AppState::new(cfg)?);
        Ok(App {
            api: api::router(state.clone()),
            mock: mock::router(state.clone()),
            state,
        })
    }

    /// Handles one request (the whole pipeline).
    pub async fn handle(&self, req: Request<Body>) -> Response {
        let rid = request_id();
        let origin = req.headers().get(header::ORIGIN).cloned();
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let is_mock = path == "/__mock" || path.starts_with("/__mock/");
        let is_oidc = oidc::is_oidc_path(&path);
        let api = api_kind(&path);
        let production_api = api.is_some() && self.state.cfg.cors == CorsMode::Production;
        // Development-mode CORS everywhere but on the OIDC provider (its own CORS) and, with
        // `--cors production`, on the API.
        let dev_cors = !is_oidc && !production_api;

        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(b) => b,
            Err(_) => {
                let mut resp = text_response(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large");
                decorate(&mut resp, &rid, origin.as_ref().filter(|_| dev_cors), false);
                return resp;
            }
        };
        let seq =
            (!is_mock).then(|| self.record(&parts.method, &parts.uri, &parts.headers, &bytes));
        let req = Request::from_parts(parts, Body::from(bytes));

        let preflight = dev_cors
            && method == Method::OPTIONS
            && origin.is_some()
            && req
                .headers()
                .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
        let mut resp = if is_oidc {
            self.oidc_request(req, &path).await
        } else if preflight {
            preflight_response(req.headers())
        } else if is_mock {
            self.mock
                .clone()
                .oneshot(req)
                .await
                .unwrap_or_else(|e| match e {})
        } else if let Some(kind) = api {
            self.api_request(req, kind, &path).await
        } else {
            statics::serve(
                self.state.cfg.static_dir.as_deref().map(FsPath::new),
                &method,
                &path,
            )
        };
        if production_api {
            oidc::add_security_headers(&mut resp);
        }
        decorate(
            &mut resp,
            &rid,
            origin.as_ref().filter(|_| dev_cors),
            preflight,
        );
        if let Some(seq) = seq {
            lock(&self.state.log).set_status(seq, resp.status().as_u16());
        }
        resp
    }

    /// `/oidc/*`: the token endpoint (its preflight, and `POST` with fault injection); anything
    /// else is oidc-provider's 404.
    async fn oidc_request(&self, req: Request<Body>, path: &str) -> Response {
        if path == oidc::TOKEN_PATH {
            if oidc::is_preflight(req.method(), req.headers()) {
                return oidc::preflight(req.headers());
            }
            if req.method() == Method::POST {
                lock(&self.state.tokens).requests += 1;
                let headers = req.headers().clone();
                let state = self.state.clone();
                let mut resp = self
                    .with_faults(req, |req| async move { oidc::token(&state, req).await })
                    .await;
                oidc::decorate_token_response(&mut resp, &headers);
                return resp;
            }
        }
        if req.method() == Method::GET {
            match path {
                jwt::DISCOVERY_PATH => return jwt::discovery(req.headers()),
                jwt::JWKS_PATH => return jwt::jwks(&self.state),
                _ => {}
            }
        }
        oidc::unrecognized(req.method(), path)
    }

    fn record(&self, method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> u64 {
        let raw = uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| uri.to_string());
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = (!body.is_empty()).then(|| {
            let cut = &body[..body.len().min(LOG_BODY_LIMIT)];
            String::from_utf8_lossy(cut).into_owned()
        });
        lock(&self.state.log).record(method.as_str().to_owned(), raw, headers, body)
    }

    async fn api_request(&self, mut req: Request<Body>, kind: ApiKind, path: &str) -> Response {
        let api_path = match kind {
            ApiKind::Direct => path.to_owned(),
            ApiKind::Proxied => path.strip_prefix("/logto").unwrap_or(path).to_owned(),
        };
        if req.method() == Method::OPTIONS {
            // Plain OPTIONS (not a CORS preflight): Koa's allowedMethods answer.
            let mut resp = Response::new(Body::empty());
            if let Some(allow) = api::allowed_methods(&api_path) {
                resp.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                return resp;
            }
            return text_response(StatusCode::NOT_FOUND, "Not Found");
        }
        if kind == ApiKind::Proxied {
            let raw = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default();
            let stripped = raw.strip_prefix("/logto").unwrap_or(&raw).to_owned();
            match stripped.parse::<Uri>() {
                Ok(uri) => *req.uri_mut() = uri,
                Err(_) => return text_response(StatusCode::BAD_REQUEST, "Bad Request"),
            }
            if let Ok(v) = HeaderValue::from_str(&format!("Bearer {}", self.state.cfg.token)) {
                req.headers_mut().insert(header::AUTHORIZATION, v);
            }
        }
        if let Err(resp) = check_auth(&self.state, req.headers()) {
            return resp;
        }
        self.with_faults(req, |req| self.call_api(req, &api_path))
            .await
    }

    /// Runs `call` under the request's `x-mock-fault` header (if any).
    async fn with_faults<F, Fut>(&self, req: Request<Body>, call: F) -> Response
    where
        F: FnOnce(Request<Body>) -> Fut,
        Fut: Future<Output = Response>,
    {
        let fault_header = req
            .headers()
            .get(FAULT_HEADER)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .or_else(|| {
                lock(&self.state.faults).take_armed(req.method().as_str(), req.uri().path())
            });
        let Some(fault_header) = fault_header else {
            return call(req).await;
        };
        let fault = match Fault::parse(&fault_header) {
            Ok(f) => f,
            Err(e) => return error_response(StatusCode::BAD_REQUEST, "mock.invalid_fault", &e),
        };
        let key = fault
            .id
            .clone()
            .or_else(|| fault.times.map(|_| fault_header.clone()));
        if !lock(&self.state.faults).hit(key.as_deref(), fault.times) {
            return call(req).await;
        }
        let kill = req.extensions().get::<ConnKill>().cloned();

        if let Some(ms) = fault.delay_ms {
            AbortGuard::new(self.state.clone(), key.clone())
                .sleep(ms)
                .await;
        }
        if fault.drop == Some(DropWhen::Before) {
            return faults::drop_connection(kill).await;
        }
        if let Some(location) = &fault.redirect {
            return faults::redirect_response(location);
        }
        if let Some(status) = fault.status {
            if fault.apply {
                let _ = call(req).await;
            }
            return faults::status_response(&fault, status);
        }
        let resp = call(req).await;
        if fault.drop == Some(DropWhen::After) {
            return faults::drop_connection(kill).await;
        }
        if fault.truncate {
            return faults::truncate(resp, kill).await;
        }
        if fault.stall {
            return faults::stall(resp).await;
        }
        if fault.nonjson {
            return faults::nonjson(resp);
        }
        if fault.wrongshape {
            return faults::wrongshape(resp).await;
        }
        resp
    }

    async fn call_api(&self, req: Request<Body>, api_path: &str) -> Response {
        let resp = self
            .api
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let untyped = !resp.headers().contains_key(header::CONTENT_TYPE);
        match resp.status() {
            StatusCode::METHOD_NOT_ALLOWED => {
                let mut r = text_response(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
                if let Some(allow) = api::allowed_methods(api_path) {
                    r.headers_mut()
                        .insert(header::ALLOW, HeaderValue::from_static(allow));
                }
                r
            }
            StatusCode::NOT_FOUND if untyped => text_response(StatusCode::NOT_FOUND, "Not Found"),
            _ => resp,
        }
    }
}

fn preflight_response(headers: &HeaderMap) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let allow_headers = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static(DEFAULT_ALLOW_HEADERS));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    resp
}

/// Adds `Logto-Core-Request-Id`, `Vary: Origin` and (with an `Origin`) the development-mode CORS
/// headers to every response.
fn decorate(resp: &mut Response, rid: &str, origin: Option<&HeaderValue>, preflight: bool) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(rid) {
        h.insert("logto-core-request-id", v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        if !preflight {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSE_HEADERS),
            );
        }
    }
}
