//! Test-only controls under `/__mock/` (no auth).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::api::bulk_create;
use crate::state::AppState;
use crate::util::{empty_response, error_response, json_response, lock, parse_query};

type St = State<Arc<AppState>>;

/// Largest `count` accepted by `POST /__mock/bulk-invitations`.
pub const MAX_BULK: u64 = 100_000;

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/__mock/reset", post(reset))
        .route(
            "/__mock/email-connector",
            get(get_connector).put(put_connector),
        )
        .route(
            "/__mock/message-rate-limit",
            get(get_rate_limit).put(put_rate_limit),
        )
        .route("/__mock/requests", get(requests).delete(clear_requests))
        .route("/__mock/bulk-invitations", post(bulk_invitations))
        .route("/__mock/faults", get(all_faults).post(arm_fault))
        .route("/__mock/faults/{id}", get(fault_stats))
        .route("/__mock/emails", get(emails))
        .route("/__mock/tokens", get(token_stats))
        .route("/__mock/tokens/expire", post(expire_tokens))
        .route("/__mock/oidc/rotate-key", post(crate::jwt::rotate_key))
        .route(
            "/__mock/oidc/organization-token",
            post(crate::jwt::organization_token),
        )
        .route("/__mock/oidc/access-token", post(crate::jwt::access_token))
        .fallback(|| async {
            error_response(
                StatusCode::NOT_FOUND,
                "mock.not_found",
                "No such mock control.",
            )
        })
        .with_state(state)
}

fn bad(message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, "mock.invalid_input", message)
}

/// Mock bodies are read as JSON whatever the Content-Type; empty means `{}`.
fn object(bytes: &Bytes) -> Result<Map<String, Value>, Response> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(bad("expected a JSON object")),
        Err(e) => Err(bad(&format!("invalid JSON: {e}"))),
    }
}

async fn reset(State(st): St) -> Response {
    match st.reset() {
        Ok(()) => empty_response(StatusCode::NO_CONTENT),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, "mock.seed_failed", &e),
    }
}

async fn get_connector(State(st): St) -> Response {
    json_response(
        StatusCode::OK,
        &json!({ "enabled": st.settings().email_connector }),
    )
}

async fn put_connector(State(st): St, bytes: Bytes) -> Response {
    let obj = match object(&bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(enabled) = obj.get("enabled").and_then(Value::as_bool) else {
        return bad("expected {\"enabled\": true|false}");
    };
    lock(&st.settings).email_connector = enabled;
    json_response(StatusCode::OK, &json!({ "enabled": enabled }))
}

fn rate_limit_json(st: &AppState) -> Value {
    let s = st.settings();
    json!({ "seconds": s.message_rate_limit_seconds, "max": s.message_rate_limit_max })
}

async fn get_rate_limit(State(st): St) -> Response {
    json_response(StatusCode::OK, &rate_limit_json(&st))
}

async fn put_rate_limit(State(st): St, bytes: Bytes) -> Response {
    let obj = match object(&bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let seconds = obj.get("seconds").map(Value::as_u64);
    let max = obj
        .get("max")
        .map(|v| v.as_u64().and_then(|n| u32::try_from(n).ok()));
    if matches!(seconds, Some(None)) || matches!(max, Some(None)) {
        return bad(
            "expected {\"seconds\"?: non-negative integer, \"max\"?: non-negative integer}",
        );
    }
    {
        let mut s = lock(&st.settings);
        if let Some(Some(v)) = seconds {
            s.message_rate_limit_seconds = v;
        }
        if let Some(Some(v)) = max {
            s.message_rate_limit_max = v;
        }
    }
    lock(&st.store).sends.clear();
    json_response(StatusCode::OK, &rate_limit_json(&st))
}

async fn requests(State(st): St, uri: Uri) -> Response {
    let mut since = 0;
    for (k, v) in parse_query(uri.query()) {
        if k == "since" {
            match v.parse::<u64>() {
                Ok(n) => since = n,
                Err(_) => return bad("since must be a non-negative integer"),
            }
        }
    }
    let log = lock(&st.log);
    json_response(
        StatusCode::OK,
        &json!({ "lastSeq": log.last_seq(), "requests": log.since_json(since) }),
    )
}

async fn clear_requests(State(st): St) -> Response {
    lock(&st.log).clear();
    empty_response(StatusCode::NO_CONTENT)
}

async fn bulk_invitations(State(st): St, bytes: Bytes) -> Response {
    let obj = match object(&bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(org) = obj.get("organizationId").and_then(Value::as_str) else {
        return bad("organizationId (string) is required");
    };
    let Some(count) = obj
        .get("count")
        .and_then(Value::as_u64)
        .filter(|c| *c <= MAX_BULK)
    else {
        return bad(&format!("count must be an integer in 0..={MAX_BULK}"));
    };
    let roles: Vec<String> = match obj.get("organizationRoleIds") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            match items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
            {
                Some(v) => v,
                None => return bad("organizationRoleIds must be an array of strings"),
            }
        }
        Some(_) => return bad("organizationRoleIds must be an array of strings"),
    };
    let expires_at = match obj.get("expiresAt") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_f64() {
            Some(f) => Some(f as i64),
            None => return bad("expiresAt must be a number"),
        },
    };
    let mut store = lock(&st.store);
    match bulk_create(&mut store, org, count as usize, &roles, expires_at) {
        Ok(n) => json_response(StatusCode::CREATED, &json!({ "count": n })),
        Err(r) => r,
    }
}

async fn all_faults(State(st): St) -> Response {
    let reg = lock(&st.faults);
    let ids: Map<String, Value> = reg
        .by_id
        .iter()
        .map(|(k, v)| (k.clone(), json!({ "count": v.count, "aborted": v.aborted })))
        .collect();
    json_response(
        StatusCode::OK,
        &json!({ "applied": reg.applied, "aborted": reg.aborted, "ids": ids }),
    )
}

/// `POST /__mock/faults` `{"fault": "<x-mock-fault grammar>", "method"?, "path"?, "times"?}`:
/// the next `times` (default 1) requests matching `method` and `path` that carry no
/// `x-mock-fault` header get `fault`, as if they carried it.
async fn arm_fault(State(st): St, bytes: axum::body::Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&bytes) {
        Ok(body) => body,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "mock.invalid_fault",
                &e.to_string(),
            )
        }
    };
    let Some(fault) = body.get("fault").and_then(Value::as_str) else {
        return error_response(
            StatusCode::BAD_REQUEST,
            "mock.invalid_fault",
            "`fault` must be a string",
        );
    };
    if let Err(e) = crate::faults::Fault::parse(fault) {
        return error_response(StatusCode::BAD_REQUEST, "mock.invalid_fault", &e);
    }
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    let times = body
        .get("times")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    lock(&st.faults).armed.push(crate::state::ArmedFault {
        fault: fault.to_owned(),
        method: text("method"),
        path: text("path"),
        times,
    });
    json_response(
        StatusCode::CREATED,
        &json!({ "armed": lock(&st.faults).armed.len() }),
    )
}

async fn fault_stats(State(st): St, Path(id): Path<String>) -> Response {
    let stats = lock(&st.faults).by_id.get(&id).copied().unwrap_or_default();
    json_response(
        StatusCode::OK,
        &json!({ "count": stats.count, "aborted": stats.aborted }),
    )
}

async fn emails(State(st): St) -> Response {
    let store = lock(&st.store);
    json_response(
        StatusCode::OK,
        &Value::Array(store.emails.iter().cloned().collect()),
    )
}

/// `GET /__mock/tokens`: `{"issued", "requests", "active"}` for `POST /oidc/token`.
async fn token_stats(State(st): St) -> Response {
    let tokens = lock(&st.tokens);
    json_response(
        StatusCode::OK,
        &json!({ "issued": tokens.issued, "requests": tokens.requests, "active": tokens.active() }),
    )
}

/// `POST /__mock/tokens/expire`: every issued token expires now; `{"expired": n}` counts the
/// ones that were still active.
async fn expire_tokens(State(st): St) -> Response {
    let expired = lock(&st.tokens).expire_all();
    json_response(StatusCode::OK, &json!({ "expired": expired }))
}
