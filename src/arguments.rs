//! Reading what JavaScript passes in: every argument arrives as a `JsValue` and is checked member
//! by member, so a wrong type rejects with `kind: "invalid_input"` naming the member instead of
//! trapping the module. Value rules (email, future expiry, ...) live in the plain-Rust modules.

use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::{
    normalize_base_url, validate_header, validate_timeout, Credentials,
    OrganizationInvitationsApiConfig, RequestOptions,
};
use crate::error::ApiError;
use crate::invitation::{
    CreateOrganizationInvitationRequest, InvitationStatusUpdate, ListOrganizationInvitationsQuery,
    MessagePayload, ReplaceOrganizationInvitationStatusRequest, SendMessagePayload,
};
use crate::retry::RetryPolicy;
use crate::text::cat;

// Catching versions of the few built-ins that can run a caller's code (a Proxy trap or a
// getter) and so throw: an exception that escaped through the wasm frames would skip the
// promise's settlement.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<Array, JsValue>;
}

fn is_array(value: &JsValue) -> bool {
    is_array_checked(value).unwrap_or(false)
}

/// The `[name, value]` pairs of an object's own enumerable string-keyed members, read once;
/// `None` if reading threw.
pub(crate) fn entries(value: &JsValue) -> Option<Vec<(String, JsValue)>> {
    let entries = object_entries(value).ok()?;
    Some(
        entries
            .iter()
            .map(|entry| {
                let entry = entry.unchecked_into::<Array>();
                (entry.get(0).as_string().unwrap_or_default(), entry.get(1))
            })
            .collect(),
    )
}

/// A short description of a value's type for error messages: `a number`, `null`, `an array`.
fn describe(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.as_string().is_some() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_bigint() {
        "a bigint"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_function() {
        "a function"
    } else if is_array(value) {
        "an array"
    } else {
        "an object"
    }
}

fn wrong_type(field: &str, expected: &str, value: &JsValue) -> ApiError {
    ApiError::invalid_input(
        field,
        &cat(&["must be ", expected, ", got ", describe(value)]),
    )
}

/// An object argument (not null, not an array, not a function).
fn object<'a>(value: &'a JsValue, field: &str, expected: &str) -> Result<&'a Object, ApiError> {
    if value.is_object() && !is_array(value) {
        Ok(value.unchecked_ref::<Object>())
    } else {
        Err(wrong_type(field, expected, value))
    }
}

/// Reads `object[key]`; a throwing getter or proxy trap becomes an input error, not an escape.
fn member(object: &Object, key: &str, field: &str) -> Result<JsValue, ApiError> {
    Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| ApiError::invalid_input(field, "could not be read (its getter threw)"))
}

fn required_string(value: &JsValue, field: &str) -> Result<String, ApiError> {
    value
        .as_string()
        .ok_or_else(|| wrong_type(field, "a string", value))
}

/// `undefined` and `null` are absent; anything else must be a string.
fn optional_string(value: &JsValue, field: &str) -> Result<Option<String>, ApiError> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        required_string(value, field).map(Some)
    }
}

/// An invitation ID argument: a string (`request` refuses an empty, `.` or `..` ID).
pub fn id(value: &JsValue) -> Result<String, ApiError> {
    required_string(value, "id")
}

/// The body of `createOrganizationInvitation`.
pub fn create_request(value: &JsValue) -> Result<CreateOrganizationInvitationRequest, ApiError> {
    let body = object(
        value,
        "body",
        "an object { invitee, organizationId, expiresAt, ... }",
    )?;
    let invitee = required_string(&member(body, "invitee", "invitee")?, "invitee")?;
    let organization_id = required_string(
        &member(body, "organizationId", "organizationId")?,
        "organizationId",
    )?;
    let expires = member(body, "expiresAt", "expiresAt")?;
    let expires_at = expires.as_f64().ok_or_else(|| {
        wrong_type(
            "expiresAt",
            "a number of epoch milliseconds (e.g. Date.now() + 7 * 86_400_000)",
            &expires,
        )
    })?;
    let inviter_id = optional_string(&member(body, "inviterId", "inviterId")?, "inviterId")?;
    let roles = member(body, "organizationRoleIds", "organizationRoleIds")?;
    let organization_role_ids = if roles.is_undefined() {
        None
    } else if is_array(&roles) {
        let roles = array_from(&roles).map_err(|_| {
            ApiError::invalid_input("organizationRoleIds", "could not be read (it threw)")
        })?;
        let mut ids = Vec::with_capacity(roles.length() as usize);
        for role in roles.iter() {
            ids.push(required_string(&role, "organizationRoleIds[]")?);
        }
        Some(ids)
    } else {
        return Err(wrong_type(
            "organizationRoleIds",
            "an array of strings",
            &roles,
        ));
    };
    let payload = member(body, "messagePayload", "messagePayload")?;
    let message_payload = if payload.is_undefined() {
        None
    } else if payload.as_bool() == Some(false) {
        Some(MessagePayload::Disabled)
    } else {
        Some(MessagePayload::Send(message_payload(
            &payload,
            "messagePayload",
        )?))
    };
    Ok(CreateOrganizationInvitationRequest {
        invitee,
        organization_id,
        expires_at,
        inviter_id,
        organization_role_ids,
        message_payload,
    })
}

/// An email template payload: a plain object whose known members are strings, written as JSON
/// by the browser (`JSON.stringify`: cyclic objects and BigInts are refused, `NaN` becomes `null`).
pub fn message_payload(value: &JsValue, field: &str) -> Result<SendMessagePayload, ApiError> {
    let expected = "an object of template variables such as { link: \"https://...\" }, or false";
    let payload = object(value, field, expected)?;
    for key in ["code", "link", "locale", "uiLocales"] {
        let path = cat(&[field, ".", key]);
        optional_string(&member(payload, key, &path)?, &path)?;
    }
    let json = JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .ok_or_else(|| {
            ApiError::invalid_input(
                field,
                "cannot be written as JSON (is it cyclic, or does it hold a BigInt?)",
            )
        })?;
    if !json.starts_with('{') {
        return Err(ApiError::invalid_input(
            field,
            "must be written as a JSON object (check its toJSON method)",
        ));
    }
    Ok(SendMessagePayload { json })
}

/// The body of `replaceOrganizationInvitationStatus`.
pub fn status_request(
    value: &JsValue,
) -> Result<ReplaceOrganizationInvitationStatusRequest, ApiError> {
    let body = object(
        value,
        "body",
        "an object { status: \"Accepted\" | \"Revoked\", acceptedUserId? }",
    )?;
    let status = required_string(&member(body, "status", "status")?, "status")?;
    let status = InvitationStatusUpdate::parse(&status)?;
    let accepted_user_id = optional_string(
        &member(body, "acceptedUserId", "acceptedUserId")?,
        "acceptedUserId",
    )?;
    Ok(ReplaceOrganizationInvitationStatusRequest {
        status,
        accepted_user_id,
    })
}

/// The filters of `listOrganizationInvitations`; `undefined` or `null` means none.
pub fn list_query(value: &JsValue) -> Result<ListOrganizationInvitationsQuery, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(ListOrganizationInvitationsQuery::default());
    }
    let query = object(
        value,
        "query",
        "an object { organizationId?, inviterId?, invitee? } or undefined",
    )?;
    let read = |key: &str| optional_string(&member(query, key, key)?, key);
    Ok(ListOrganizationInvitationsQuery {
        organization_id: read("organizationId")?,
        inviter_id: read("inviterId")?,
        invitee: read("invitee")?,
    })
}

/// A positive `timeoutMs`, or `None` when absent.
fn timeout(value: &JsValue, field: &str) -> Result<Option<u32>, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let ms = value
        .as_f64()
        .ok_or_else(|| wrong_type(field, "a number of milliseconds", value))?;
    validate_timeout(field, ms).map(Some)
}

/// The per-call options; `undefined` or `null` means the defaults.
pub fn request_options(value: &JsValue) -> Result<RequestOptions, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(RequestOptions::default());
    }
    let options = object(
        value,
        "options",
        "an object { signal?, timeoutMs? } or undefined",
    )?;
    let signal = member(options, "signal", "options.signal")?;
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(
            signal
                .dyn_into::<web_sys::AbortSignal>()
                .map_err(|other| wrong_type("options.signal", "an AbortSignal", &other))?,
        )
    };
    Ok(RequestOptions {
        signal,
        timeout_ms: timeout(
            &member(options, "timeoutMs", "options.timeoutMs")?,
            "options.timeoutMs",
        )?,
    })
}

/// The constructor's configuration object.
pub fn config(value: &JsValue) -> Result<OrganizationInvitationsApiConfig, ApiError> {
    let config = object(
        value,
        "config",
        "an object { baseUrl, accessToken?, getAccessToken?, headers?, credentials?, timeoutMs? }",
    )?;
    let base_url = required_string(
        &member(config, "baseUrl", "config.baseUrl")?,
        "config.baseUrl",
    )?;
    let base_url = normalize_base_url(&base_url)?;
    let access_token = optional_string(
        &member(config, "accessToken", "config.accessToken")?,
        "config.accessToken",
    )?;
    if access_token.as_deref() == Some("") {
        return Err(ApiError::invalid_input(
            "config.accessToken",
            "must not be empty (omit it when a proxy adds the token)",
        ));
    }
    let getter = member(config, "getAccessToken", "config.getAccessToken")?;
    let get_access_token = if getter.is_undefined() || getter.is_null() {
        None
    } else {
        Some(getter.dyn_into::<Function>().map_err(|other| {
            wrong_type(
                "config.getAccessToken",
                "a function returning the token or a promise of it",
                &other,
            )
        })?)
    };
    let headers_value = member(config, "headers", "config.headers")?;
    let headers = if headers_value.is_undefined() || headers_value.is_null() {
        None
    } else {
        let object = object(
            &headers_value,
            "config.headers",
            "an object of header names to strings",
        )?;
        let members = entries(object).ok_or_else(|| {
            ApiError::invalid_input("config.headers", "could not be read (it threw)")
        })?;
        let mut headers = Vec::with_capacity(members.len());
        for (name, value) in members {
            let value = value
                .as_string()
                .ok_or_else(|| wrong_type(&cat(&["config.headers.", &name]), "a string", &value))?;
            validate_header(&name, &value)?;
            headers.push((name, value));
        }
        Some(headers)
    };
    let credentials = optional_string(
        &member(config, "credentials", "config.credentials")?,
        "config.credentials",
    )?
    .map(|c| Credentials::parse(&c))
    .transpose()?;
    let timeout_ms = timeout(
        &member(config, "timeoutMs", "config.timeoutMs")?,
        "config.timeoutMs",
    )?;
    let retry = retry_policy(&member(config, "retry", "config.retry")?)?;
    Ok(OrganizationInvitationsApiConfig {
        base_url,
        access_token,
        get_access_token,
        headers,
        credentials,
        timeout_ms,
        retry,
        on_request: optional_function(config, "onRequest")?,
        on_response: optional_function(config, "onResponse")?,
    })
}

/// A hook: `undefined`/`null` or a function.
fn optional_function(config: &Object, key: &str) -> Result<Option<Function>, ApiError> {
    let field = cat(&["config.", key]);
    let value = member(config, key, &field)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|other| wrong_type(&field, "a function", &other))
}

/// `retry`: `undefined` (the defaults), `false` (none) or `{ retries?, baseDelayMs?, maxDelayMs? }`.
fn retry_policy(value: &JsValue) -> Result<RetryPolicy, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(RetryPolicy::DEFAULT);
    }
    if value.as_bool() == Some(false) {
        return Ok(RetryPolicy::NONE);
    }
    let retry = object(
        value,
        "config.retry",
        "false or { retries?, baseDelayMs?, maxDelayMs? }",
    )?;
    let whole = |key: &str, default: u32| -> Result<u32, ApiError> {
        let field = cat(&["config.retry.", key]);
        let value = member(retry, key, &field)?;
        if value.is_undefined() {
            return Ok(default);
        }
        match value.as_f64() {
            Some(n) if (0.0..=4_294_967_295.0).contains(&n) && n.fract() == 0.0 => Ok(n as u32),
            _ => Err(wrong_type(&field, "a whole number of at least 0", &value)),
        }
    };
    let policy = RetryPolicy {
        retries: whole("retries", RetryPolicy::DEFAULT.retries)?,
        base_delay_ms: whole("baseDelayMs", RetryPolicy::DEFAULT.base_delay_ms)?,
        max_delay_ms: whole("maxDelayMs", RetryPolicy::DEFAULT.max_delay_ms)?,
    };
    policy.validate()?;
    Ok(policy)
}
