//! `POST /oidc/token` (client-credentials grant) case by case against the recording of a real
//! Logto 1.42 (`fixtures/real-server-oidc-token-transcript.txt`), the answers taken from
//! oidc-provider's and Logto's source where the recording is silent, issued tokens on `/api/*`,
//! expiry, the token mock controls, and `--cors production`.

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::*;
use logto_local_server::{Config, CorsMode, Secret};
use serde_json::{json, Value};

const T: &str = "real-server-oidc-token-transcript.txt";
const TOKEN: &str = "/oidc/token";
const INV: &str = "/api/organization-invitations";
const RESOURCE: &str = "https://default.logto.app/api";
const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

/// Headers of a recorded answer that differ per response or per server by nature: the date, the
/// connection handling, the length (a JWT there, an opaque token here), the request id (random),
/// `Vary` (no compression here, so `Origin` only) and the realm host.
const PER_RESPONSE: [&str; 7] = [
    "date",
    "connection",
    "keep-alive",
    "content-length",
    "logto-core-request-id",
    "vary",
    "www-authenticate",
];

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn full_form() -> String {
    form(&[
        ("grant_type", "client_credentials"),
        ("resource", RESOURCE),
        ("scope", "all"),
    ])
}

/// `POST /oidc/token` with Basic client auth and a form body.
fn token_request(s: &Server, id: &str, secret: &str, body: &str) -> Resp {
    let auth = basic(id, secret);
    s.send("POST", TOKEN, &[("authorization", &auth), FORM], Some(body))
}

fn issue(s: &Server) -> String {
    let r = token_request(s, "m2m-app", "m2m-secret", &full_form());
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["access_token"].as_str().unwrap().to_owned()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Every recorded header but the per-response ones is sent with the same value.
fn assert_recorded_headers(r: &Resp, rec: &Recorded) {
    for (name, value) in &rec.headers {
        if PER_RESPONSE.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        assert_eq!(r.header(name), Some(value.as_str()), "header {name}: {r:?}");
    }
    assert_eq!(r.header("vary"), Some("Origin"));
    assert_eq!(
        r.header("logto-core-request-id").map(str::len),
        Some(16),
        "{r:?}"
    );
}

fn is_opaque_token(t: &str) -> bool {
    t.len() == 43
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[test]
fn case_1_basic_auth_with_resource_and_scope_all() {
    let s = start_default();
    let rec = transcript_case(T, "### 1. token");
    let r = token_request(&s, "m2m-app", "m2m-secret", &full_form());
    assert_eq!(r.status, rec.status);
    assert_recorded_headers(&r, &rec);
    assert_eq!(r.header("pragma"), None, "not recorded");
    let body = r.json();
    let real: Value = serde_json::from_str(&rec.body).unwrap();
    assert_eq!(keys(&body), keys(&real), "same keys in the same order");
    assert_eq!(body["expires_in"], real["expires_in"]);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "all");
    let token = body["access_token"].as_str().unwrap();
    assert!(is_opaque_token(token), "{token}");
    assert_ne!(token, issue(&s), "random per request");
}

#[test]
fn case_2_client_in_the_form_body() {
    let s = start_default();
    let rec = transcript_case(T, "### 2. token");
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", "m2m-app"),
        ("client_secret", "m2m-secret"),
        ("resource", RESOURCE),
        ("scope", "all"),
    ]);
    let r = s.send("POST", TOKEN, &[FORM], Some(&body));
    assert_eq!(r.status, rec.status, "{}", r.text());
    assert_recorded_headers(&r, &rec);
    assert_eq!(r.json()["scope"], "all");
    // `+` and percent-escapes decode like a form.
    let body = "grant_type=client_credentials&client_id=m2m%2Dapp&client_secret=m2m-secret&resource=https%3A%2F%2Fdefault.logto.app%2Fapi&scope=openid+all";
    let r = s.send("POST", TOKEN, &[FORM], Some(body));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["scope"],
        "all",
        "scopes the resource lacks are dropped"
    );
}

#[test]
fn case_3_wrong_secret() {
    let s = start_default();
    let rec = transcript_case(T, "### 3. token");
    let r = token_request(&s, "m2m-app", "wrong-secret", &full_form());
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), rec.body);
    assert_recorded_headers(&r, &rec);
    let realm = rec
        .header("www-authenticate")
        .unwrap()
        .replace("127.0.0.1:3001", &s.addr.to_string());
    assert_eq!(r.header("www-authenticate"), Some(realm.as_str()));
    // The same failure with the secret in the body: no `WWW-Authenticate` (oidc-provider sets it
    // only when an `Authorization` header was sent).
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", "m2m-app"),
        ("client_secret", "wrong-secret"),
        ("resource", RESOURCE),
    ]);
    let r = s.send("POST", TOKEN, &[FORM], Some(&body));
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), rec.body);
    assert_eq!(r.header("www-authenticate"), None);
    // `client_id` without any secret: the same 401.
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", "m2m-app"),
        ("resource", RESOURCE),
    ]);
    let r = s.send("POST", TOKEN, &[FORM], Some(&body));
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), rec.body);
    // Nothing was issued by any of these.
    let counts = s.mock("GET", "/__mock/tokens", None).json();
    assert_eq!(counts, json!({ "issued": 0, "requests": 3, "active": 0 }));
}

#[test]
fn case_4_unknown_client() {
    let s = start_default();
    let rec = transcript_case(T, "### 4. token");
    let r = token_request(&s, "no-such-app", "whatever", &full_form());
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), rec.body);
    assert_recorded_headers(&r, &rec);
    assert_eq!(r.header("www-authenticate"), None);
}

#[test]
fn cases_5_and_6_unknown_or_missing_resource() {
    let s = start_default();
    let rec = transcript_case(T, "### 5. token");
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("resource", "https://nope.example.com/api"),
        ("scope", "all"),
    ]);
    let r = token_request(&s, "m2m-app", "m2m-secret", &body);
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), rec.body);
    assert_recorded_headers(&r, &rec);

    let rec = transcript_case(T, "### 6. token");
    let body = form(&[("grant_type", "client_credentials"), ("scope", "all")]);
    let r = token_request(&s, "m2m-app", "m2m-secret", &body);
    assert_eq!(r.status, 400);
    assert_eq!(r.text(), rec.body);
    assert_recorded_headers(&r, &rec);
    // Without a scope either, and with an empty resource plus a scope: the same answer.
    for body in [
        form(&[("grant_type", "client_credentials")]),
        form(&[
            ("grant_type", "client_credentials"),
            ("resource", ""),
            ("scope", "all"),
        ]),
    ] {
        let r = token_request(&s, "m2m-app", "m2m-secret", &body);
        assert_eq!(r.text(), rec.body, "{body}");
    }
}

#[test]
fn case_7_and_11_no_scope_is_issued_but_forbidden_on_the_api() {
    let s = start_default();
    let rec = transcript_case(T, "### 7. token");
    let body = form(&[("grant_type", "client_credentials"), ("resource", RESOURCE)]);
    let r = token_request(&s, "m2m-app", "m2m-secret", &body);
    assert_eq!(r.status, 200);
    assert_recorded_headers(&r, &rec);
    let real: Value = serde_json::from_str(&rec.body).unwrap();
    let got = r.json();
    assert_eq!(keys(&got), keys(&real), "no `scope` key");
    let token = got["access_token"].as_str().unwrap().to_owned();

    let forbidden = transcript_case(T, "### 11. Management API");
    for (method, path) in [
        ("GET", INV.to_owned()),
        ("POST", INV.to_owned()),
        ("GET", format!("{INV}/x")),
        ("PUT", format!("{INV}/x/status")),
        ("GET", "/api/users".to_owned()),
        ("GET", "/api/nope".to_owned()),
    ] {
        let r = s.send(method, &path, &[("authorization", &bearer(&token))], None);
        assert_eq!(r.status, forbidden.status, "{method} {path}");
        assert_eq!(r.text(), forbidden.body, "{method} {path}");
    }
    // A scope the resource does not define is dropped too: the same kind of token.
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("resource", RESOURCE),
        ("scope", "read:things"),
    ]);
    let r = token_request(&s, "m2m-app", "m2m-secret", &body);
    assert_eq!(r.json().get("scope"), None);
    let token = r.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        s.send("GET", INV, &[("authorization", &bearer(&token))], None)
            .status,
        403
    );
}

#[test]
fn case_8_unsupported_grant_type() {
    let s = start_default();
    let rec = transcript_case(T, "### 8. token");
    for grant in ["password", "implicit", "", "CLIENT_CREDENTIALS"] {
        let body = form(&[
            ("grant_type", grant),
            ("resource", RESOURCE),
            ("scope", "all"),
        ]);
        let r = token_request(&s, "m2m-app", "m2m-secret", &body);
        assert_eq!(r.status, 400, "{grant}");
        assert_eq!(r.text(), rec.body, "{grant}");
        assert_recorded_headers(&r, &rec);
    }
}

#[test]
fn case_9_json_body() {
    let s = start_default();
    let rec = transcript_case(T, "### 9. token");
    let auth = basic("m2m-app", "m2m-secret");
    let body = json!({ "grant_type": "client_credentials", "resource": RESOURCE, "scope": "all" });
    let r = s.send(
        "POST",
        TOKEN,
        &[("authorization", &auth), JSON_CT],
        Some(&body.to_string()),
    );
    assert_eq!(r.status, rec.status, "{}", r.text());
    assert_recorded_headers(&r, &rec);
    assert_eq!(r.json()["scope"], "all");
    // The client in a JSON body works too.
    let body = json!({ "grant_type": "client_credentials", "client_id": "m2m-app",
                       "client_secret": "m2m-secret", "resource": RESOURCE });
    let r = s.send(
        "POST",
        TOKEN,
        &[("content-type", "application/json; charset=utf-8")],
        Some(&body.to_string()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json().get("scope"), None);
}

#[test]
fn case_10_preflight_from_any_origin() {
    for cors in [CorsMode::Dev, CorsMode::Production] {
        let s = start(Config {
            cors,
            ..Config::default()
        });
        let rec = transcript_case(T, "### 10. token endpoint");
        let r = s.send(
            "OPTIONS",
            TOKEN,
            &[
                ("origin", "http://127.0.0.1:5181"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
            ],
            None,
        );
        assert_eq!(r.status, 204);
        assert!(r.body.is_empty());
        assert_recorded_headers(&r, &rec);
        assert_eq!(r.header("access-control-allow-credentials"), None);
        assert_eq!(r.header("cache-control"), None);
        assert_eq!(r.header("content-type"), None);
        // Any origin, and other requested headers, are allowed alike.
        let r = s.send(
            "OPTIONS",
            TOKEN,
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "x-mock-fault"),
            ],
            None,
        );
        assert_eq!(r.status, 204);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://evil.example")
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("x-mock-fault")
        );
        // The actual request from a page: the origin is echoed (`*` without one, as recorded).
        let auth = basic("m2m-app", "m2m-secret");
        let r = s.send(
            "POST",
            TOKEN,
            &[
                ("authorization", &auth),
                FORM,
                ("origin", "https://evil.example"),
            ],
            Some(&full_form()),
        );
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://evil.example")
        );
        assert_eq!(
            r.header("access-control-expose-headers"),
            Some("WWW-Authenticate")
        );
        assert_eq!(r.header("access-control-allow-credentials"), None);
    }
}

#[test]
fn issued_token_is_accepted_on_every_api_route_like_the_dev_token() {
    let s = start_default();
    let token = issue(&s);
    let m2m = bearer(&token);
    let org = s.org("Org");
    let role = s.role("member");
    let user = s.user("ann", "ann@example.com");
    let with = |method: &str, path: &str, auth: &str, body: Option<&Value>| {
        let body = body.map(Value::to_string);
        s.send(
            method,
            path,
            &[("authorization", auth), JSON_CT],
            body.as_deref(),
        )
    };
    // Writes with the issued token.
    let r = with(
        "POST",
        INV,
        &m2m,
        Some(
            &json!({ "organizationId": org, "invitee": "ann@example.com",
                      "expiresAt": future(), "organizationRoleIds": [role] }),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let other = s.invite(&org, "bob@example.com");
    let other_id = other["id"].as_str().unwrap();
    for (method, path, body, status) in [
        ("POST", format!("{INV}/{id}/message"), Some(json!({})), 501),
        (
            "PUT",
            format!("{INV}/{id}/status"),
            Some(json!({ "status": "Accepted", "acceptedUserId": user })),
            200,
        ),
        ("DELETE", format!("{INV}/{other_id}"), None, 204),
        (
            "POST",
            "/api/organizations".to_owned(),
            Some(json!({ "name": "Two" })),
            201,
        ),
        (
            "POST",
            "/api/users".to_owned(),
            Some(json!({ "username": "cat" })),
            200,
        ),
        (
            "POST",
            "/api/organization-roles".to_owned(),
            Some(json!({ "name": "viewer" })),
            201,
        ),
        (
            "POST",
            format!("/api/organizations/{org}/users"),
            Some(json!({ "userIds": [user] })),
            201,
        ),
    ] {
        let r = with(method, &path, &m2m, body.as_ref());
        assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    }
    // Reads: the same status and body as with `--token`.
    for path in [
        INV.to_owned(),
        format!("{INV}?organizationId={org}"),
        format!("{INV}/{id}"),
        format!("{INV}/{other_id}"),
        "/api/users".to_owned(),
        format!("/api/users/{user}"),
        "/api/organizations".to_owned(),
        format!("/api/organizations/{org}"),
        format!("/api/organizations/{org}/users"),
        format!("/api/organizations/{org}/users/{user}/roles"),
        "/api/organization-roles".to_owned(),
        "/api/nope".to_owned(),
    ] {
        let a = with("GET", &path, &m2m, None);
        let b = with("GET", &path, "Bearer dev-token", None);
        assert_eq!(a.status, b.status, "{path}");
        assert_eq!(a.body, b.body, "{path}");
        assert_ne!(a.status, 401, "{path}");
        assert_ne!(a.status, 403, "{path}");
    }
    // 405 and faults behave the same too.
    assert_eq!(
        with("PATCH", &format!("{INV}/{id}"), &m2m, None).status,
        405
    );
    let r = s.send(
        "GET",
        INV,
        &[("authorization", &m2m), ("x-mock-fault", "status=503")],
        None,
    );
    assert_eq!(r.status, 503);
}

#[test]
fn tokens_expire_after_the_ttl_like_unknown_tokens() {
    let s = start(Config {
        token_ttl_seconds: 1,
        ..Config::default()
    });
    let r = token_request(&s, "m2m-app", "m2m-secret", &full_form());
    assert_eq!(r.json()["expires_in"], 1);
    let token = r.json()["access_token"].as_str().unwrap().to_owned();
    let auth = bearer(&token);
    assert_eq!(
        s.send("GET", INV, &[("authorization", &auth)], None).status,
        200
    );
    sleep(Duration::from_millis(1100));
    let r = s.send("GET", INV, &[("authorization", &auth)], None);
    assert_eq!(r.status, 401);
    let unknown = transcript_body(
        "real-server-transcript-2.txt",
        "### GET /api/organization-invitations (Bearer garbage)",
    );
    assert_eq!(r.text(), unknown);
    assert_eq!(
        s.mock("GET", "/__mock/tokens", None).json(),
        json!({ "issued": 1, "requests": 1, "active": 0 })
    );
}

#[test]
fn mock_controls_expire_count_and_reset_tokens() {
    let s = start_default();
    assert_eq!(
        s.mock("GET", "/__mock/tokens", None).json(),
        json!({ "issued": 0, "requests": 0, "active": 0 })
    );
    let a = issue(&s);
    let b = issue(&s);
    token_request(&s, "m2m-app", "nope", &full_form());
    assert_eq!(
        s.mock("GET", "/__mock/tokens", None).json(),
        json!({ "issued": 2, "requests": 3, "active": 2 })
    );
    // Expire every issued token now: the 401 -> refresh path.
    let r = s.mock("POST", "/__mock/tokens/expire", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({ "expired": 2 }));
    for t in [&a, &b] {
        let r = s.send("GET", INV, &[("authorization", &bearer(t))], None);
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["code"], "auth.unauthorized");
    }
    // `--token` is not an issued token and keeps working; a fresh token works.
    assert_eq!(s.get(INV).status, 200);
    let c = issue(&s);
    assert_eq!(
        s.send("GET", INV, &[("authorization", &bearer(&c))], None)
            .status,
        200
    );
    assert_eq!(
        s.mock("POST", "/__mock/tokens/expire", None).json(),
        json!({ "expired": 1 })
    );
    assert_eq!(
        s.mock("POST", "/__mock/tokens/expire", None).json(),
        json!({ "expired": 0 })
    );
    // Reset forgets tokens and counts.
    let d = issue(&s);
    assert_eq!(s.mock("POST", "/__mock/reset", None).status, 204);
    assert_eq!(
        s.mock("GET", "/__mock/tokens", None).json(),
        json!({ "issued": 0, "requests": 0, "active": 0 })
    );
    assert_eq!(
        s.send("GET", INV, &[("authorization", &bearer(&d))], None)
            .status,
        401
    );
    // Preflights and other methods are not token requests.
    s.send(
        "OPTIONS",
        TOKEN,
        &[
            ("origin", "http://x"),
            ("access-control-request-method", "POST"),
        ],
        None,
    );
    s.send("GET", TOKEN, &[], None);
    assert_eq!(s.mock("GET", "/__mock/tokens", None).json()["requests"], 0);
    // Unknown controls under /__mock/tokens are the usual 404.
    assert_eq!(s.mock("GET", "/__mock/tokens/expire", None).status, 405);
}

#[test]
fn flags_set_the_client_the_resource_and_the_lifetime() {
    let s = start(Config {
        m2m_app_id: "my-app".into(),
        m2m_app_secret: Secret("my-secret".into()),
        resource: "https://tenant-1.logto.app/api".into(),
        token_ttl_seconds: 120,
        ..Config::default()
    });
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("resource", "https://tenant-1.logto.app/api"),
        ("scope", "all"),
    ]);
    let r = token_request(&s, "my-app", "my-secret", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["expires_in"], 120);
    // The defaults are not accepted any more.
    let r = token_request(&s, "m2m-app", "m2m-secret", &body);
    assert_eq!(r.json()["error_description"], "invalid client m2m-app");
    let r = token_request(&s, "my-app", "m2m-secret", &body);
    assert_eq!(r.status, 401);
    let r = token_request(&s, "my-app", "my-secret", &full_form());
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_target");
}

/// Answers the transcript does not show, from oidc-provider 8's token action and client
/// authentication and Logto's `client_credentials` grant (source, not observed).
#[test]
fn invalid_requests_follow_oidc_provider() {
    let s = start_default();
    let good = basic("m2m-app", "m2m-secret");
    let check = |headers: &[(&str, &str)],
                 body: Option<&str>,
                 status: u16,
                 error: &str,
                 description: &str| {
        let r = s.send("POST", TOKEN, headers, body);
        assert_eq!(r.status, status, "{headers:?} {body:?}: {}", r.text());
        let message = match error {
            "invalid_request" => "Request is invalid.".to_owned(),
            "invalid_target" => "Invalid resource indicator.".to_owned(),
            "access_denied" => "Access denied.".to_owned(),
            other => format!("An OIDC error occurred: oidc.{other}."),
        };
        assert_eq!(
            r.json(),
            json!({ "code": format!("oidc.{error}"), "message": message, "error": error,
                    "error_description": description }),
            "{headers:?} {body:?}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        r
    };
    let grant_only = form(&[("grant_type", "client_credentials"), ("resource", RESOURCE)]);
    let ok = form(&[
        ("grant_type", "client_credentials"),
        ("resource", RESOURCE),
        ("scope", "all"),
    ]);

    check(
        &[("authorization", &good), FORM],
        Some(&form(&[("resource", RESOURCE)])),
        400,
        "invalid_request",
        "missing required parameter 'grant_type'",
    );
    check(
        &[FORM],
        Some(&ok),
        400,
        "invalid_request",
        "no client authentication mechanism provided",
    );
    check(
        &[],
        None,
        400,
        "invalid_request",
        "no client authentication mechanism provided",
    );
    check(
        &[("authorization", "Bearer dev-token"), FORM],
        Some(&ok),
        400,
        "invalid_request",
        "invalid authorization header value format",
    );
    check(
        &[
            ("authorization", &format!("Basic {}", base64(b"no-colon"))),
            FORM,
        ],
        Some(&ok),
        400,
        "invalid_request",
        "invalid authorization header value format",
    );
    check(
        &[("authorization", &basic("m2m-app", "%zz")), FORM],
        Some(&ok),
        400,
        "invalid_request",
        "client_id and client_secret in the authorization header are not properly encoded",
    );
    check(
        &[("authorization", &basic("m2m-app", "")), FORM],
        Some(&ok),
        400,
        "invalid_request",
        "client_secret must be provided in the Authorization header",
    );
    check(
        &[("authorization", &good), FORM],
        Some(&format!("{ok}&client_id=other")),
        400,
        "invalid_request",
        "mismatch in body and authorization client ids",
    );
    check(
        &[("authorization", &good), FORM],
        Some(&format!("{ok}&client_secret=m2m-secret")),
        400,
        "invalid_request",
        "client authentication must only be provided using one mechanism",
    );
    check(
        &[FORM],
        Some(&format!(
            "{ok}&client_id=m2m-app&client_id=m2m-app&client_secret=m2m-secret"
        )),
        400,
        "invalid_request",
        "'client_id' parameter must not be provided twice",
    );
    check(
        &[("authorization", &good), FORM],
        Some(&format!("{ok}&grant_type=client_credentials")),
        400,
        "invalid_request",
        "'grant_type' parameter must not be provided twice",
    );
    check(
        &[("authorization", &good), FORM],
        Some(&format!("{ok}&scope=all")),
        400,
        "invalid_request",
        "'scope' parameter must not be provided twice",
    );
    check(
        &[("authorization", &good), ("content-type", "text/plain")],
        Some(&ok),
        400,
        "invalid_request",
        "only application/x-www-form-urlencoded content-type bodies are supported on POST /token",
    );
    check(
        &[("authorization", &good), JSON_CT],
        Some("{not json"),
        400,
        "invalid_request",
        "failed to parse the request body",
    );
    check(
        &[("authorization", &good), JSON_CT],
        Some("[]"),
        400,
        "invalid_request",
        "failed to parse the request body",
    );
    check(
        &[("authorization", &good), JSON_CT],
        Some(
            r#"{"grant_type":"client_credentials","scope":["all"],"resource":"https://default.logto.app/api"}"#,
        ),
        400,
        "invalid_request",
        "'scope' parameter must not be provided twice",
    );
    let big = format!("{ok}&x={}", "a".repeat(60 * 1024));
    check(
        &[("authorization", &good), FORM],
        Some(&big),
        400,
        "invalid_request",
        "failed to parse the request body",
    );
    for grant in [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:token-exchange",
    ] {
        let body = form(&[("grant_type", grant), ("resource", RESOURCE)]);
        check(
            &[("authorization", &good), FORM],
            Some(&body),
            400,
            "invalid_request",
            "requested grant type is not allowed for this client",
        );
    }
    check(
        &[("authorization", &good), FORM],
        Some(&format!("{grant_only}&organization_id=org1")),
        403,
        "access_denied",
        "app has not associated with the organization",
    );
    for (resource, description) in [
        (
            "default.logto.app/api",
            "resource indicator must be an absolute URI",
        ),
        ("", "resource indicator must be an absolute URI"),
        (
            "https://default.logto.app/api#x",
            "resource indicator must not contain a fragment component",
        ),
        (
            "https://default.logto.app/api/",
            "resource indicator is missing, or unknown",
        ),
        (
            "HTTPS://DEFAULT.LOGTO.APP/api",
            "resource indicator is missing, or unknown",
        ),
    ] {
        let body = form(&[("grant_type", "client_credentials"), ("resource", resource)]);
        check(
            &[("authorization", &good), FORM],
            Some(&body),
            400,
            "invalid_target",
            description,
        );
    }
    let body = format!("{grant_only}&resource=https%3A%2F%2Fnope.example%2Fapi");
    check(
        &[("authorization", &good), FORM],
        Some(&body),
        400,
        "invalid_target",
        "resource indicator is missing, or unknown",
    );

    // Accepted: the same resource twice, unknown parameters, a client id in the body that matches
    // the Basic one, lower-case `basic`, url-encoded credentials in Basic.
    for (auth, body) in [
        (good.clone(), format!("{ok}&resource={}", enc(RESOURCE))),
        (good.clone(), format!("{ok}&foo=1&foo=2&audience=x")),
        (good.clone(), format!("{ok}&client_id=m2m-app")),
        (good.replace("Basic", "basic"), ok.clone()),
        (basic("m2m%2Dapp", "m2m%2dsecret"), ok.clone()),
    ] {
        let r = s.send(
            "POST",
            TOKEN,
            &[("authorization", &auth), FORM],
            Some(&body),
        );
        assert_eq!(r.status, 200, "{auth} {body}: {}", r.text());
    }
}

#[test]
fn other_oidc_routes_and_methods_are_oidc_provider_404s() {
    let s = start_default();
    for (method, path, inner) in [
        ("GET", TOKEN, "/token"),
        ("PUT", TOKEN, "/token"),
        ("OPTIONS", TOKEN, "/token"),
        ("GET", "/oidc/%74oken", "/%74oken"),
        ("POST", "/oidc/token/x", "/token/x"),
        // The discovery document and the JWKS are served for GET (tests/organization_tokens.rs).
        (
            "POST",
            "/oidc/.well-known/openid-configuration",
            "/.well-known/openid-configuration",
        ),
        ("PUT", "/oidc/jwks", "/jwks"),
        ("GET", "/oidc/jwks/x", "/jwks/x"),
        ("GET", "/oidc", "/"),
    ] {
        let r = s.send(method, path, &[], None);
        assert_eq!(r.status, 404, "{method} {path}");
        assert_eq!(
            r.json(),
            json!({ "code": "oidc.invalid_request", "message": "Request is invalid.",
                    "error": "invalid_request",
                    "error_description": format!("unrecognized route or not allowed method ({method} on {inner})") }),
            "{method} {path}"
        );
        assert_eq!(r.header("access-control-allow-origin"), None);
    }
    // An encoded path is not the token endpoint.
    let auth = basic("m2m-app", "m2m-secret");
    let r = s.send(
        "POST",
        "/oidc/%74oken",
        &[("authorization", &auth), FORM],
        Some(&full_form()),
    );
    assert_eq!(r.status, 404);
    assert_eq!(s.mock("GET", "/__mock/tokens", None).json()["requests"], 0);
}

#[test]
fn faults_apply_to_the_token_endpoint() {
    let s = start_default();
    let auth = basic("m2m-app", "m2m-secret");
    let r = s.send(
        "POST",
        TOKEN,
        &[
            ("authorization", &auth),
            FORM,
            ("origin", "http://page.example"),
            ("x-mock-fault", "status=503;retry-after=1;id=tok;times=1"),
        ],
        Some(&full_form()),
    );
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://page.example"),
        "a page can read the injected failure"
    );
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let r = s.send(
        "POST",
        TOKEN,
        &[
            ("authorization", &auth),
            FORM,
            ("x-mock-fault", "status=503;retry-after=1;id=tok;times=1"),
        ],
        Some(&full_form()),
    );
    assert_eq!(r.status, 200);
    let r = s.send(
        "POST",
        TOKEN,
        &[("authorization", &auth), FORM, ("x-mock-fault", "drop=1")],
        Some(&full_form()),
    );
    assert_eq!(r.status, 0, "closed without a response");
    let r = s.send(
        "POST",
        TOKEN,
        &[("authorization", &auth), FORM, ("x-mock-fault", "bogus=1")],
        Some(&full_form()),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "mock.invalid_fault");
    assert_eq!(
        s.mock("GET", "/__mock/faults/tok", None).json(),
        json!({ "count": 2, "aborted": 0 })
    );
    assert_eq!(
        s.mock("GET", "/__mock/tokens", None).json(),
        json!({ "issued": 1, "requests": 4, "active": 1 })
    );
}

#[test]
fn token_requests_are_in_the_request_log_with_raw_paths() {
    let s = start_default();
    let before = s.mock("GET", "/__mock/requests", None).json()["lastSeq"]
        .as_u64()
        .unwrap();
    issue(&s);
    token_request(&s, "m2m-app", "wrong", &full_form());
    s.send(
        "OPTIONS",
        TOKEN,
        &[
            ("origin", "http://x"),
            ("access-control-request-method", "POST"),
        ],
        None,
    );
    let paths = [
        // (path as sent, expected status with a token, expected body)
        ("/api/organization-invitations/%2e%2e/x", 404, "Not Found"),
        (
            "/api/organization-invitations/../organization-invitations",
            404,
            "Not Found",
        ),
        ("/api/./organization-invitations", 404, "Not Found"),
        (
            "/api/organization-invitations/%2e%2e",
            404,
            "{\"code\":\"entity.not_found\",\"message\":\"The resource does not exist.\"}",
        ),
        ("//api/organization-invitations", 404, "Not Found"),
        ("/api%2Forganization-invitations", 404, "Not Found"),
        (
            "/logto/api/organization-invitations/%2E%2E/status",
            405,
            "Method Not Allowed",
        ),
    ];
    for (path, status, body) in paths {
        let r = s.send("GET", path, &[AUTH], None);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert_eq!(r.text(), body, "{path}");
    }
    // `//api/...` is not the API: no auth asked, nothing routed there.
    let r = s.send("DELETE", "//api/organization-invitations/x", &[], None);
    assert_eq!(r.status, 404);
    let r = s.send("GET", "/api/organization-invitations/%2e%2e/x", &[], None);
    assert_eq!(r.status, 401, "the API still asks for a token first");

    let log = s
        .mock("GET", &format!("/__mock/requests?since={before}"), None)
        .json();
    let reqs = log["requests"].as_array().unwrap();
    let logged: Vec<(String, String, u64)> = reqs
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, u64)> = vec![
        ("POST".into(), TOKEN.into(), 200),
        ("POST".into(), TOKEN.into(), 401),
        ("OPTIONS".into(), TOKEN.into(), 204),
    ];
    for (path, status, _) in paths {
        expected.push(("GET".into(), path.into(), status.into()));
    }
    expected.push((
        "DELETE".into(),
        "//api/organization-invitations/x".into(),
        404,
    ));
    expected.push((
        "GET".into(),
        "/api/organization-invitations/%2e%2e/x".into(),
        401,
    ));
    assert_eq!(
        logged, expected,
        "every request that reached the server, raw path as sent"
    );
    // Counting token requests from the log agrees with the counter.
    let posts = reqs
        .iter()
        .filter(|e| e["method"] == "POST" && e["path"] == TOKEN)
        .count();
    assert_eq!(
        posts as u64,
        s.mock("GET", "/__mock/tokens", None).json()["requests"]
            .as_u64()
            .unwrap()
    );
    // The log shows the token request as sent (it is a test control; see the README).
    let first = &reqs[0];
    assert_eq!(
        first["headers"]["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(first["body"], full_form());
}

#[test]
fn production_cors_blocks_cross_origin_pages_on_the_api() {
    let s = start(Config {
        cors: CorsMode::Production,
        ..Config::default()
    });
    let t1 = "real-server-transcript-1.txt";
    let rec = transcript_case(
        t1,
        "### OPTIONS /api/organization-invitations  Origin: https://app.example.com (preflight)",
    );
    let r = s.send(
        "OPTIONS",
        INV,
        &[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ],
        None,
    );
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    for (name, value) in &rec.headers {
        if PER_RESPONSE.contains(&name.to_ascii_lowercase().as_str()) && name != "Content-Length" {
            continue;
        }
        assert_eq!(r.header(name), Some(value.as_str()), "{name}");
    }
    assert!(
        !r.headers
            .iter()
            .any(|(k, _)| k.to_ascii_lowercase().starts_with("access-control-")),
        "{r:?}"
    );
    // Per path, Koa's allowed methods.
    let r = s.send(
        "OPTIONS",
        &format!("{INV}/abc/status"),
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "PUT"),
        ],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("allow"), Some("PUT"));
    // Actual responses (success, 401, proxy path) carry no CORS header either.
    for r in [
        s.send(
            "GET",
            INV,
            &[AUTH, ("origin", "https://app.example.com")],
            None,
        ),
        s.send("GET", INV, &[("origin", "https://app.example.com")], None),
        s.send(
            "GET",
            "/logto/api/organization-invitations",
            &[("origin", "https://app.example.com")],
            None,
        ),
    ] {
        assert!(
            !r.headers
                .iter()
                .any(|(k, _)| k.to_ascii_lowercase().starts_with("access-control-")),
            "{r:?}"
        );
        assert_eq!(r.header("x-frame-options"), Some("SAMEORIGIN"));
        assert_eq!(r.header("vary"), Some("Origin"));
    }
    // Issued tokens work the same in production mode.
    let token = issue(&s);
    assert_eq!(
        s.send("GET", INV, &[("authorization", &bearer(&token))], None)
            .status,
        200
    );
    // The test controls keep development CORS so browser suites can drive them.
    let r = s.send(
        "OPTIONS",
        "/__mock/reset",
        &[
            ("origin", "http://localhost:5181"),
            ("access-control-request-method", "POST"),
        ],
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5181")
    );
    let r = s.send(
        "GET",
        "/__mock/tokens",
        &[("origin", "http://localhost:5181")],
        None,
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5181")
    );

    // Development mode (the default) still echoes every origin on /api.
    let s = start_default();
    let r = s.send(
        "OPTIONS",
        INV,
        &[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "POST"),
        ],
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(r.header("x-frame-options"), None, "dev mode unchanged");
}
