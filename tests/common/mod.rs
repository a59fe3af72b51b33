//! Helpers shared by the browser suites: the local server's URL, raw HTTP calls to seed data
//! and read the server's request log, a fresh organization per test, and `LogtoApiError` readers.
#![allow(dead_code)]

use js_sys::{Function, Promise, Reflect, JSON};
use logto_invitations::is_logto_api_error;
use logto_invitations::OrganizationInvitation;
use logto_invitations::OrganizationInvitationsApi;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

pub const TOKEN: &str = "dev-token";
pub const DAY_MS: f64 = 86_400_000.0;

pub fn server() -> &'static str {
    match option_env!("LOGTO_TEST_URL") {
        Some(url) => url,
        None => panic!("LOGTO_TEST_URL is not set: run the browser tests through scripts/test.sh"),
    }
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// A name no other test uses.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}

pub fn js(value: Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

pub fn to_json(value: &JsValue) -> Value {
    if value.is_undefined() {
        return Value::Null;
    }
    serde_json::from_str(&JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

/// A raw HTTP call to the server, outside the package (to seed data and read the request log).
pub async fn raw(
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().unwrap();
    for (name, value) in headers {
        h.set(name, value).unwrap();
    }
    if let Some(body) = body {
        h.set("Content-Type", "application/json").unwrap();
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&h);
    let request =
        web_sys::Request::new_with_str_and_init(&format!("{}{path}", server()), &init).unwrap();
    let response = gloo_net::http::Request::from(request).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

pub async fn admin(method: &str, path: &str, body: Value) -> Value {
    let bearer = format!("Bearer {TOKEN}");
    let body = (!body.is_null()).then(|| body.to_string());
    let (status, text) = raw(method, path, body.as_deref(), &[("Authorization", &bearer)]).await;
    assert!(status < 300, "{method} {path} -> {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// An organization with a role, an inviter and an invitee user, fresh for one test.
pub struct World {
    pub org: String,
    pub role: String,
    pub role_name: String,
    pub inviter: String,
    pub invitee_user: String,
    pub invitee_email: String,
}

pub async fn world() -> World {
    let tag = unique("w");
    let org = admin(
        "POST",
        "/api/organizations",
        json!({"name": format!("Org {tag}")}),
    )
    .await;
    let role_name = format!("member_{tag}");
    let role = admin(
        "POST",
        "/api/organization-roles",
        json!({"name": role_name}),
    )
    .await;
    let inviter = admin(
        "POST",
        "/api/users",
        json!({"username": format!("inviter_{tag}"), "primaryEmail": format!("inviter_{tag}@example.com")}),
    )
    .await;
    let invitee_email = format!("invitee_{tag}@example.com");
    let invitee = admin(
        "POST",
        "/api/users",
        json!({"username": format!("invitee_{tag}"), "primaryEmail": invitee_email}),
    )
    .await;
    World {
        org: org["id"].as_str().unwrap().to_owned(),
        role: role["id"].as_str().unwrap().to_owned(),
        role_name,
        inviter: inviter["id"].as_str().unwrap().to_owned(),
        invitee_user: invitee["id"].as_str().unwrap().to_owned(),
        invitee_email,
    }
}

pub fn client_with(config: Value) -> OrganizationInvitationsApi {
    OrganizationInvitationsApi::new(js(config)).unwrap_or_else(|e| panic!("{:?}", to_json(&e)))
}

pub fn client() -> OrganizationInvitationsApi {
    client_with(json!({"baseUrl": server(), "accessToken": TOKEN}))
}

pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

pub async fn ok(promise: Promise) -> JsValue {
    settle(promise)
        .await
        .unwrap_or_else(|e| panic!("rejected: {} {:?}", message(&e), to_json(&e)))
}

pub fn message(error: &JsValue) -> String {
    get(error, "message").as_string().unwrap_or_default()
}

/// The fields of a `LogtoApiError`, after checking that it is one.
#[derive(Debug)]
pub struct Failure {
    pub kind: String,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: String,
    pub field: Option<String>,
    pub request_id: Option<String>,
    pub details: Option<String>,
    pub data: Value,
    pub attempts: u32,
}

pub async fn fails(promise: Promise) -> Failure {
    let error = match settle(promise).await {
        Ok(value) => panic!("expected a rejection, got {:?}", to_json(&value)),
        Err(error) => error,
    };
    failure(&error)
}

pub fn failure(error: &JsValue) -> Failure {
    assert!(is_logto_api_error(error), "not a LogtoApiError: {error:?}");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(error, "name").as_string().as_deref(),
        Some("LogtoApiError")
    );
    assert!(get(error, "stack").as_string().is_some());
    Failure {
        kind: get(error, "kind").as_string().unwrap(),
        status: get(error, "status").as_f64().map(|s| s as u16),
        code: get(error, "code").as_string(),
        message: message(error),
        field: get(error, "field").as_string(),
        request_id: get(error, "requestId").as_string(),
        details: get(error, "details").as_string(),
        data: to_json(&get(error, "data")),
        attempts: get(error, "attempts").as_f64().unwrap_or(0.0) as u32,
    }
}

pub fn invitation(value: &JsValue) -> OrganizationInvitation {
    serde_wasm_bindgen::from_value(value.clone()).unwrap()
}

pub fn create_body(world: &World, email: &str) -> Value {
    json!({"invitee": email, "organizationId": world.org, "expiresAt": now() + DAY_MS})
}

pub async fn create(api: &OrganizationInvitationsApi, body: Value) -> OrganizationInvitation {
    invitation(&ok(api.create_organization_invitation(js(body), JsValue::UNDEFINED)).await)
}

/// The requests the server received since `since` (its `/__mock/requests` log).
pub async fn requests_since(since: u64) -> Vec<Value> {
    let (_, text) = raw("GET", &format!("/__mock/requests?since={since}"), None, &[]).await;
    let log: Value = serde_json::from_str(&text).unwrap();
    log.as_array()
        .or_else(|| log["requests"].as_array())
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| {
            !r["path"].as_str().unwrap_or("").starts_with("/__mock") && r["method"] != "OPTIONS"
        })
        .collect()
}

pub async fn log_mark() -> u64 {
    let (_, text) = raw("GET", "/__mock/requests?since=0", None, &[]).await;
    let log: Value = serde_json::from_str(&text).unwrap();
    let entries = log
        .as_array()
        .or_else(|| log["requests"].as_array())
        .cloned()
        .unwrap_or_default();
    entries
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .max()
        .unwrap_or(0)
}

pub fn header<'a>(request: &'a Value, name: &str) -> Option<&'a str> {
    request["headers"][name].as_str()
}

pub async fn set_email_connector(enabled: bool) {
    let (status, _) = raw(
        "PUT",
        "/__mock/email-connector",
        Some(&json!({"enabled": enabled}).to_string()),
        &[],
    )
    .await;
    assert_eq!(status, 200);
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A client whose every request carries the fault `spec`, tagged with a fresh fault id so the
/// server counts this test's requests alone, and whose `onRequest` hook counts the package's
/// own attempts (see [`attempts`]); returns the client and the id.
pub fn faulty(spec: &str, extra: Value) -> (OrganizationInvitationsApi, String) {
    let id = unique("fault");
    let mut config = json!({
        "baseUrl": server(),
        "accessToken": TOKEN,
        "retry": {"retries": 2, "baseDelayMs": 20, "maxDelayMs": 2000},
        "headers": {"x-mock-fault": format!("id={id};{spec}")},
    });
    for (key, value) in extra.as_object().into_iter().flatten() {
        config[key] = value.clone();
    }
    let config = js(config);
    let counter = Function::new_with_args(
        "request",
        &format!("const a = (globalThis.__attempts ||= {{}}); a['{id}'] = (a['{id}'] || 0) + 1;"),
    );
    Reflect::set(&config, &"onRequest".into(), &counter).unwrap();
    (OrganizationInvitationsApi::new(config).unwrap(), id)
}

/// How many attempts the package itself made for a fault id. The server's count can be higher
/// for dropped connections: Chromium transparently resends a request once when a reused
/// keep-alive connection closes before any response byte, whatever the method.
pub fn attempts(id: &str) -> f64 {
    js_sys::eval(&format!("(globalThis.__attempts || {{}})['{id}'] || 0"))
        .unwrap()
        .as_f64()
        .unwrap()
}

/// What the server saw for a fault id: `(requests, client disconnects)`.
pub async fn fault_counts(id: &str) -> (u64, u64) {
    let (status, text) = raw("GET", &format!("/__mock/faults/{id}"), None, &[]).await;
    assert_eq!(status, 200, "{text}");
    let counts: Value = serde_json::from_str(&text).unwrap();
    (
        counts["count"].as_u64().unwrap_or(0),
        counts["aborted"].as_u64().unwrap_or(0),
    )
}

pub async fn invitation_id(api: &OrganizationInvitationsApi) -> String {
    let w = world().await;
    let created = ok(api
        .create_organization_invitation(js(create_body(&w, &w.invitee_email)), JsValue::UNDEFINED))
    .await;
    get(&created, "id").as_string().unwrap()
}

pub fn token_getter(body: &str) -> Function {
    Function::new_with_args("options", body)
}

pub fn client_with_getter(getter: &Function) -> OrganizationInvitationsApi {
    let config = js(json!({"baseUrl": server(), "retry": false}));
    Reflect::set(&config, &"getAccessToken".into(), getter).unwrap();
    OrganizationInvitationsApi::new(config).unwrap()
}

pub fn global_number(name: &str) -> f64 {
    Reflect::get(&js_sys::global(), &name.into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}
