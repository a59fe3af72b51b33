//! The Management API routes: the six organization-invitation endpoints (faithful to Logto) and
//! the small subset of users / organizations / organization roles that tests and demos need.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use crate::body::parse_json_body;
use crate::state::{AppState, Settings};
use crate::store::{InvStatus, Invitation, Organization, Role, Store, User};
use crate::util::{
    empty_response, error_response, foreign_key_not_found, invalid_input, js_len,
    json_bytes_response, json_response, lock, not_found, now_ms, parse_query, standard_id,
    unique_violation,
};
use crate::zod::{
    guard_error, invalid_enum_value, invalid_literal, invalid_type, invalid_type_enum,
    invalid_union, message_payload_issues, parsed_type, string_array_field, string_field, Str,
};

type St = State<Arc<AppState>>;

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/api/organization-invitations",
            get(list_invitations).post(create_invitation),
        )
        .route(
            "/api/organization-invitations/{id}",
            get(get_invitation).delete(delete_invitation),
        )
        .route(
            "/api/organization-invitations/{id}/status",
            put(update_status),
        )
        .route(
            "/api/organization-invitations/{id}/message",
            post(resend_message),
        )
        .route("/api/users", get(list_users).post(create_user))
        .route("/api/users/{id}", get(get_user))
        .route(
            "/api/organizations",
            get(list_organizations).post(create_organization),
        )
        .route("/api/organizations/{id}", get(get_organization))
        .route(
            "/api/organizations/{id}/users",
            get(list_members).post(add_members),
        )
        .route(
            "/api/organizations/{id}/users/{user_id}/roles",
            get(member_roles),
        )
        .route("/api/organization-roles", get(list_roles).post(create_role))
        .with_state(state)
}

/// The methods each API path answers, Koa-style (for `Allow` on 405 and plain OPTIONS).
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segs.as_slice() {
        ["api", "organization-invitations"] => Some("HEAD, GET, POST"),
        ["api", "organization-invitations", id] if !id.is_empty() => Some("HEAD, GET, DELETE"),
        ["api", "organization-invitations", id, "status"] if !id.is_empty() => Some("PUT"),
        ["api", "organization-invitations", id, "message"] if !id.is_empty() => Some("POST"),
        ["api", "users"] | ["api", "organizations"] | ["api", "organization-roles"] => {
            Some("HEAD, GET, POST")
        }
        ["api", "users", id] | ["api", "organizations", id] if !id.is_empty() => Some("HEAD, GET"),
        ["api", "organizations", id, "users"] if !id.is_empty() => Some("HEAD, GET, POST"),
        ["api", "organizations", id, "users", uid, "roles"]
            if !id.is_empty() && !uid.is_empty() =>
        {
            Some("HEAD, GET")
        }
        _ => None,
    }
}

fn with_total(mut resp: Response, total: usize) -> Response {
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        resp.headers_mut().insert("total-number", v);
    }
    resp
}

fn body_object(
    headers: &HeaderMap,
    bytes: &Bytes,
) -> Result<serde_json::Map<String, Value>, Response> {
    match parse_json_body(headers, bytes)? {
        Value::Object(obj) => Ok(obj),
        other => Err(guard_error(
            "body",
            vec![invalid_type(&[], "object", parsed_type(Some(&other)))],
        )),
    }
}

fn rate_limited(retry_after_secs: u64) -> Response {
    let mut resp = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "request.message_rate_limited",
        "Too many messages sent to this recipient. Please try again later.",
    );
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        resp.headers_mut().insert("retry-after", v);
    }
    resp
}

/// Sends an invitation "email" through the fake connector: 501 without a connector, 429 past the
/// per-recipient cap (Logto 1.41+: `maxSendsPerRecipient` sends per rolling `sendWindow`).
fn send_email(
    store: &mut Store,
    settings: &Settings,
    to: &str,
    payload: &Value,
    invitation_id: &str,
) -> Result<(), Response> {
    if !settings.email_connector {
        return Err(error_response(
            StatusCode::NOT_IMPLEMENTED,
            "connector.not_found",
            "Cannot find any available connector for type: Email.",
        ));
    }
    if settings.message_rate_limit_seconds > 0 {
        let window = Duration::from_secs(settings.message_rate_limit_seconds);
        let now = Instant::now();
        let sends = store.sends.entry(to.to_lowercase()).or_default();
        while sends
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            sends.pop_front();
        }
        if sends.len() >= settings.message_rate_limit_max as usize {
            let oldest = sends.front().copied().unwrap_or(now);
            let left = window.saturating_sub(now.duration_since(oldest));
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Err(rate_limited(secs.max(1)));
        }
        sends.push_back(now);
    }
    if store.emails.len() >= 1000 {
        store.emails.pop_front();
    }
    store.emails.push_back(json!({
        "to": to,
        "type": "OrganizationInvitation",
        "invitationId": invitation_id,
        "payload": payload,
        "sentAt": now_ms(),
    }));
    Ok(())
}

// ----- organization invitations -------------------------------------------------------------

async fn list_invitations(State(st): St, uri: Uri) -> Response {
    let query = parse_query(uri.query());
    let mut issues = Vec::new();
    let mut filters: [Option<String>; 3] = [None, None, None];
    for (i, key) in ["organizationId", "inviterId", "invitee"]
        .iter()
        .enumerate()
    {
        let values: Vec<&String> = query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v)
            .collect();
        match values.as_slice() {
            [] => {}
            [one] => filters[i] = Some((*one).clone()),
            _ => issues.push(invalid_type(&[json!(key)], "string", "array")),
        }
    }
    if !issues.is_empty() {
        return guard_error("query", issues);
    }
    let [org, inviter, invitee] = filters;
    let invitee = invitee.map(|s| s.to_lowercase());
    let now = now_ms();
    let store = lock(&st.store);
    let items = store.invitations_newest_first(|inv| {
        org.as_ref().is_none_or(|o| &inv.organization_id == o)
            && inviter
                .as_ref()
                .is_none_or(|i| inv.inviter_id.as_ref() == Some(i))
            && invitee
                .as_ref()
                .is_none_or(|e| &inv.invitee.to_lowercase() == e)
    });
    // Written straight to bytes (the same JSON as `invitation_json`'s, item by item): a list of
    // 10,000 spends its time in the client, not in building a `Value` per invitation.
    let mut body = Vec::with_capacity(items.len() * 300 + 2);
    body.push(b'[');
    for (i, inv) in items.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        store.write_invitation_json(inv, now, &mut body);
    }
    body.push(b']');
    json_bytes_response(StatusCode::OK, body)
}

async fn create_invitation(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let obj = match body_object(&headers, &bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut issues = Vec::new();
    let inviter_id = string_field(
        &obj,
        &[],
        "inviterId",
        Str {
            optional: true,
            nullable: true,
            max: Some(21),
            ..Str::default()
        },
        &mut issues,
    );
    let invitee = string_field(
        &obj,
        &[],
        "invitee",
        Str {
            email: true,
            ..Str::default()
        },
        &mut issues,
    );
    let organization_id = string_field(
        &obj,
        &[],
        "organizationId",
        Str {
            min: Some(1),
            max: Some(21),
            ..Str::default()
        },
        &mut issues,
    );
    let expires_at = match obj.get("expiresAt") {
        Some(Value::Number(n)) => n.as_f64(),
        other => {
            issues.push(invalid_type(
                &[json!("expiresAt")],
                "number",
                parsed_type(other),
            ));
            None
        }
    };
    let role_ids = string_array_field(
        &obj,
        &[],
        "organizationRoleIds",
        true,
        None,
        false,
        &mut issues,
    )
    .unwrap_or_default();
    // `sendMessagePayloadGuard.or(z.literal(false)).default(false)`
    let payload_path = [json!("messagePayload")];
    let message_payload = match obj.get("messagePayload") {
        None | Some(Value::Bool(false)) => None,
        Some(v) => {
            let object_issues = message_payload_issues(v, &payload_path);
            if object_issues.is_empty() {
                Some(v.clone())
            } else {
                let literal_issue = invalid_literal(&payload_path, v, &Value::Bool(false));
                issues.push(invalid_union(
                    &payload_path,
                    vec![object_issues, vec![literal_issue]],
                ));
                None
            }
        }
    };
    if !issues.is_empty() {
        return guard_error("body", issues);
    }
    let (Some(invitee), Some(organization_id), Some(expires_at)) =
        (invitee, organization_id, expires_at)
    else {
        return guard_error("body", issues);
    };

    let now = now_ms();
    if expires_at <= now as f64 {
        return invalid_input(
            StatusCode::BAD_REQUEST,
            "The value of `expiresAt` must be in the future.",
        );
    }
    let settings = st.settings();
    let mut store = lock(&st.store);
    if store.is_member_by_email(&organization_id, &invitee) {
        return invalid_input(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The invitee is already a member of the organization.",
        );
    }
    if js_len(&invitee) > 256 {
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "entity.value_too_long",
            "The length of value is too long and exceeds the limit.",
        );
    }
    let invitee_lower = invitee.to_lowercase();
    let duplicate = store.invitations.values().any(|inv| {
        inv.organization_id == organization_id
            && inv.effective_status(now) == InvStatus::Pending
            && inv.invitee.to_lowercase() == invitee_lower
    });
    if duplicate {
        return unique_violation();
    }
    if store.organization(&organization_id).is_none() {
        return foreign_key_not_found();
    }
    if let Some(inviter) = &inviter_id {
        if store.user(inviter).is_none() {
            return foreign_key_not_found();
        }
    }
    let mut seen = HashSet::new();
    if !role_ids.iter().all(|r| seen.insert(r.as_str())) {
        return unique_violation();
    }
    if role_ids.iter().any(|r| store.role(r).is_none()) {
        return foreign_key_not_found();
    }
    let id = standard_id(21);
    if let Some(payload) = &message_payload {
        // Sent inside Logto's transaction: on failure nothing is saved.
        if let Err(resp) = send_email(&mut store, &settings, &invitee, payload, &id) {
            return resp;
        }
    }
    let expires_at = if expires_at >= i64::MAX as f64 {
        i64::MAX
    } else {
        expires_at.floor() as i64
    };
    let invitation = Invitation {
        id,
        inviter_id,
        invitee,
        accepted_user_id: None,
        organization_id,
        status: InvStatus::Pending,
        created_at: now,
        updated_at: now,
        expires_at,
        role_ids,
    };
    let body = store.invitation_json(&invitation, now);
    store.insert_invitation(invitation);
    json_response(StatusCode::CREATED, &body)
}

async fn get_invitation(State(st): St, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let store = lock(&st.store);
    match store.invitation(&id) {
        Some(inv) => json_response(StatusCode::OK, &store.invitation_json(inv, now_ms())),
        None => not_found(),
    }
}

async fn delete_invitation(State(st): St, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else {
        return not_found();
    };
    if lock(&st.store).remove_invitation(&id) {
        empty_response(StatusCode::NO_CONTENT)
    } else {
        not_found()
    }
}

async fn update_status(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let obj = match body_object(&headers, &bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut issues = Vec::new();
    let accepted_user_id = string_field(
        &obj,
        &[],
        "acceptedUserId",
        Str {
            optional: true,
            nullable: true,
            max: Some(21),
            ..Str::default()
        },
        &mut issues,
    );
    const OPTIONS: [&str; 2] = ["Accepted", "Revoked"];
    let status_path = [json!("status")];
    let status = match obj.get("status") {
        Some(Value::String(s)) if OPTIONS.contains(&s.as_str()) => InvStatus::parse(s),
        Some(Value::String(s)) => {
            issues.push(invalid_enum_value(&status_path, s, &OPTIONS));
            None
        }
        other => {
            issues.push(invalid_type_enum(
                &status_path,
                &OPTIONS,
                parsed_type(other),
            ));
            None
        }
    };
    let Some(status) = status.filter(|_| issues.is_empty()) else {
        return guard_error("body", issues);
    };
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let accepted_user_id = accepted_user_id.filter(|s| !s.is_empty());
    if status == InvStatus::Accepted && accepted_user_id.is_none() {
        return invalid_input(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The `acceptedUserId` is required when accepting an invitation.",
        );
    }
    let now = now_ms();
    let mut store = lock(&st.store);
    let Some(inv) = store.invitation(&id).cloned() else {
        return not_found();
    };
    if inv.effective_status(now) != InvStatus::Pending {
        return invalid_input(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The status of the invitation cannot be changed anymore.",
        );
    }
    let mut accepted = None;
    if status == InvStatus::Accepted {
        let user_id = accepted_user_id.unwrap_or_default();
        let Some(user) = store.user(&user_id) else {
            return not_found();
        };
        let same_email = user
            .primary_email
            .as_deref()
            .is_some_and(|e| e.to_lowercase() == inv.invitee.to_lowercase());
        if !same_email {
            return invalid_input(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The accepted user must have the same email as the invitee.",
            );
        }
        store.add_membership(&inv.organization_id, &user_id, &inv.role_ids);
        accepted = Some(user_id);
    }
    let Some(stored) = store.invitation_mut(&id) else {
        return not_found();
    };
    stored.status = status;
    if accepted.is_some() {
        stored.accepted_user_id = accepted;
    }
    stored.updated_at = now;
    let updated = stored.clone();
    json_response(StatusCode::OK, &store.invitation_json(&updated, now))
}

async fn resend_message(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let payload = match parse_json_body(&headers, &bytes) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let issues = message_payload_issues(&payload, &[]);
    if !issues.is_empty() {
        return guard_error("body", issues);
    }
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let settings = st.settings();
    let mut store = lock(&st.store);
    let Some(invitee) = store.invitation(&id).map(|i| i.invitee.clone()) else {
        return not_found();
    };
    match send_email(&mut store, &settings, &invitee, &payload, &id) {
        Ok(()) => empty_response(StatusCode::NO_CONTENT),
        Err(resp) => resp,
    }
}

/// `POST /__mock/bulk-invitations`: N pending invitations without validation, fast.
pub fn bulk_create(
    store: &mut Store,
    organization_id: &str,
    count: usize,
    role_ids: &[String],
    expires_at: Option<i64>,
) -> Result<usize, Response> {
    if store.organization(organization_id).is_none()
        || role_ids.iter().any(|r| store.role(r).is_none())
    {
        return Err(foreign_key_not_found());
    }
    let now = now_ms();
    let expires_at = expires_at.unwrap_or(now + 7 * 86_400_000);
    let tag = standard_id(6);
    for i in 0..count {
        store.insert_invitation(Invitation {
            id: standard_id(21),
            inviter_id: None,
            invitee: format!("bulk-{tag}-{i}@example.com"),
            accepted_user_id: None,
            organization_id: organization_id.to_owned(),
            status: InvStatus::Pending,
            created_at: now,
            updated_at: now,
            expires_at,
            role_ids: role_ids.to_vec(),
        });
    }
    Ok(count)
}

// ----- users ---------------------------------------------------------------------------------

fn is_username(s: &str) -> bool {
    // /^[A-Z_a-z]\w*$/
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_logto_email(s: &str) -> bool {
    // /^\S+@\S+\.\S+$/
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        return false;
    }
    s.match_indices('@').any(|(i, _)| {
        let rest = &s[i + 1..];
        i > 0
            && rest
                .match_indices('.')
                .any(|(j, _)| j > 0 && j + 1 < rest.len())
    })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

async fn create_user(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let obj = match body_object(&headers, &bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut issues = Vec::new();
    let opt = |regex: Option<fn(&str) -> bool>| Str {
        optional: true,
        nullable: true,
        regex,
        ..Str::default()
    };
    let phone = string_field(&obj, &[], "primaryPhone", opt(Some(is_digits)), &mut issues);
    let email = string_field(
        &obj,
        &[],
        "primaryEmail",
        opt(Some(is_logto_email)),
        &mut issues,
    );
    let username = string_field(&obj, &[], "username", opt(Some(is_username)), &mut issues);
    let password = string_field(&obj, &[], "password", opt(None), &mut issues);
    let name = string_field(&obj, &[], "name", opt(None), &mut issues);
    if !issues.is_empty() {
        return guard_error("body", issues);
    }
    let mut store = lock(&st.store);
    let clash = |f: fn(&User) -> Option<&String>, v: &Option<String>| {
        v.as_ref().is_some_and(|v| {
            let v = v.to_lowercase();
            store
                .users
                .iter()
                .any(|u| f(u).is_some_and(|x| x.to_lowercase() == v))
        })
    };
    if clash(|u| u.username.as_ref(), &username) {
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "user.username_already_in_use",
            "This username is already in use.",
        );
    }
    if clash(|u| u.primary_email.as_ref(), &email) {
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "user.email_already_in_use",
            "This email is associated with an existing account.",
        );
    }
    if clash(|u| u.primary_phone.as_ref(), &phone) {
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "user.phone_already_in_use",
            "This phone number is associated with an existing account.",
        );
    }
    let now = now_ms();
    let user = User {
        id: standard_id(12),
        username,
        primary_email: email,
        primary_phone: phone,
        name,
        has_password: password.is_some_and(|p| !p.is_empty()),
        created_at: now,
        updated_at: now,
    };
    let body = store.user_json(&user, true);
    store.users.push(user);
    json_response(StatusCode::OK, &body)
}

async fn list_users(State(st): St) -> Response {
    let store = lock(&st.store);
    let mut users: Vec<&User> = store.users.iter().rev().collect();
    users.sort_by_key(|x| std::cmp::Reverse(x.created_at));
    let items: Vec<Value> = users.iter().map(|u| store.user_json(u, true)).collect();
    with_total(
        json_response(StatusCode::OK, &Value::Array(items)),
        users.len(),
    )
}

async fn get_user(State(st): St, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let store = lock(&st.store);
    match store.user(&id) {
        Some(u) => json_response(StatusCode::OK, &store.user_json(u, true)),
        None => not_found(),
    }
}

// ----- organizations and roles ---------------------------------------------------------------

fn name_and_description(
    obj: &serde_json::Map<String, Value>,
) -> Result<(String, Option<String>), Response> {
    let mut issues = Vec::new();
    let name = string_field(
        obj,
        &[],
        "name",
        Str {
            min: Some(1),
            max: Some(128),
            ..Str::default()
        },
        &mut issues,
    );
    let description = string_field(
        obj,
        &[],
        "description",
        Str {
            optional: true,
            nullable: true,
            max: Some(256),
            ..Str::default()
        },
        &mut issues,
    );
    match name {
        Some(name) if issues.is_empty() => Ok((name, description)),
        _ => Err(guard_error("body", issues)),
    }
}

async fn create_organization(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let (name, description) =
        match body_object(&headers, &bytes).and_then(|o| name_and_description(&o)) {
            Ok(v) => v,
            Err(r) => return r,
        };
    let org = Organization {
        id: standard_id(12),
        name,
        description,
        created_at: now_ms(),
    };
    let mut store = lock(&st.store);
    let body = store.organization_json(&org);
    store.organizations.push(org);
    json_response(StatusCode::CREATED, &body)
}

async fn list_organizations(State(st): St) -> Response {
    let store = lock(&st.store);
    let mut orgs: Vec<&Organization> = store.organizations.iter().rev().collect();
    orgs.sort_by_key(|x| std::cmp::Reverse(x.created_at));
    let items: Vec<Value> = orgs.iter().map(|o| store.organization_json(o)).collect();
    with_total(
        json_response(StatusCode::OK, &Value::Array(items)),
        orgs.len(),
    )
}

async fn get_organization(State(st): St, id: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let store = lock(&st.store);
    match store.organization(&id) {
        Some(o) => json_response(StatusCode::OK, &store.organization_json(o)),
        None => not_found(),
    }
}

async fn create_role(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let (name, description) =
        match body_object(&headers, &bytes).and_then(|o| name_and_description(&o)) {
            Ok(v) => v,
            Err(r) => return r,
        };
    let mut store = lock(&st.store);
    if store.roles.iter().any(|r| r.name == name) {
        return unique_violation();
    }
    let role = Role {
        id: standard_id(21),
        name,
        description,
        scopes: Vec::new(),
    };
    let body = store.role_json(&role);
    store.roles.push(role);
    json_response(StatusCode::CREATED, &body)
}

/// Logto's `koaPagination()` (not optional): `page` (default 1) and `page_size` (default 20, at
/// most 100), each a positive number; anything else is 400 `guard.invalid_pagination`. Gives the
/// offset and the limit.
fn pagination(uri: &Uri) -> Result<(usize, usize), Response> {
    let query = parse_query(uri.query());
    let value = |key: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let number = |raw: Option<&str>, default: usize, max: usize| match raw {
        None => Some(default),
        Some(raw) => raw.parse::<usize>().ok().filter(|n| (1..=max).contains(n)),
    };
    match (
        number(value("page"), 1, usize::MAX / 101),
        number(value("page_size"), 20, 100),
    ) {
        (Some(page), Some(size)) => Ok(((page - 1) * size, size)),
        _ => Err(error_response(
            StatusCode::BAD_REQUEST,
            "guard.invalid_pagination",
            "The request pagination value is invalid.",
        )),
    }
}

/// One page of `items` with Logto's `Total-Number` (all of them).
fn paged(items: Vec<Value>, (offset, limit): (usize, usize)) -> Response {
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    with_total(json_response(StatusCode::OK, &Value::Array(page)), total)
}

async fn list_roles(State(st): St, uri: Uri) -> Response {
    let page = match pagination(&uri) {
        Ok(page) => page,
        Err(response) => return response,
    };
    let store = lock(&st.store);
    let mut roles: Vec<&Role> = store.roles.iter().collect();
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    paged(roles.iter().map(|r| store.role_json(r)).collect(), page)
}

async fn add_members(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let obj = match body_object(&headers, &bytes) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut issues = Vec::new();
    let user_ids = string_array_field(&obj, &[], "userIds", false, Some(1), true, &mut issues);
    let Some(user_ids) = user_ids.filter(|_| issues.is_empty()) else {
        return guard_error("body", issues);
    };
    let Ok(Path(id)) = id else {
        return foreign_key_not_found();
    };
    let mut store = lock(&st.store);
    if store.organization(&id).is_none() || user_ids.iter().any(|u| store.user(u).is_none()) {
        return foreign_key_not_found();
    }
    for u in &user_ids {
        store.add_membership(&id, u, &[]);
    }
    json_response(StatusCode::CREATED, &json!({ "userIds": user_ids }))
}

async fn list_members(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Response {
    let page = match pagination(&uri) {
        Ok(page) => page,
        Err(response) => return response,
    };
    let Ok(Path(id)) = id else {
        return not_found();
    };
    let store = lock(&st.store);
    if store.organization(&id).is_none() {
        return not_found();
    }
    paged(store.members_json(&id), page)
}

async fn member_roles(
    State(st): St,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let Ok(Path((org, user))) = ids else {
        return not_found();
    };
    let store = lock(&st.store);
    if store.organization(&org).is_none() {
        return not_found();
    }
    let mut roles: Vec<&Role> = store
        .membership(&org, &user)
        .map(|m| m.role_ids.iter().filter_map(|r| store.role(r)).collect())
        .unwrap_or_default();
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    let items: Vec<Value> = roles.iter().map(|r| store.role_json(r)).collect();
    json_response(StatusCode::OK, &Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logto_regexes() {
        assert!(is_username("inviter_444119"));
        assert!(is_username("_x"));
        assert!(!is_username("1abc"));
        assert!(!is_username("a-b"));
        assert!(is_logto_email("a@b.c"));
        assert!(is_logto_email("a@b@c.d"));
        assert!(!is_logto_email("a@b"));
        assert!(!is_logto_email("a @b.c"));
        assert!(!is_logto_email("@b.c"));
        assert!(!is_logto_email("a@.c"));
    }

    #[test]
    fn allowed_methods_by_path() {
        assert_eq!(
            allowed_methods("/api/organization-invitations/abc"),
            Some("HEAD, GET, DELETE")
        );
        assert_eq!(
            allowed_methods("/api/organization-invitations/abc/status"),
            Some("PUT")
        );
        assert_eq!(allowed_methods("/api/nope"), None);
    }
}
