//! Transport-level behaviour: auth, CORS, the `/logto` proxy prefix, request ids, content types,
//! static files, and the users / organizations / roles fixtures.

mod common;

use common::*;
use logto_local_server::Config;
use serde_json::{json, Value};

const INV: &str = "/api/organization-invitations";
const ORIGIN: (&str, &str) = ("origin", "https://app.example.com");

fn is_request_id(v: Option<&str>) -> bool {
    v.is_some_and(|v| {
        v.len() == 16
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[test]
fn auth_errors() {
    let s = start_default();
    let r = s.send("POST", INV, &[JSON_CT], Some("{}"));
    assert_eq!(r.status, 401);
    assert_eq!(
        r.text(),
        transcript_body(
            "real-server-transcript-1.txt",
            "### POST /api/organization-invitations (no auth)"
        )
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );

    let r = s.send("GET", INV, &[("authorization", "Bearer garbage")], None);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.text(),
        transcript_body(
            "real-server-transcript-2.txt",
            "### GET /api/organization-invitations (Bearer garbage)"
        )
    );

    let r = s.send(
        "GET",
        INV,
        &[("authorization", "Bearer dev-token-no-scope")],
        None,
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json(),
        json!({ "code": "auth.forbidden", "message": "Forbidden. Please check your user roles and permissions." })
    );

    let r = s.send("GET", INV, &[("authorization", "Basic dXNlcjpwYXNz")], None);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["code"],
        "auth.authorization_token_type_not_supported"
    );

    // Every /api route needs it, including fixtures and unknown paths.
    for path in [
        "/api/users",
        "/api/organizations",
        "/api/organization-roles",
        "/api/nope",
        "/api",
    ] {
        assert_eq!(s.send("GET", path, &[], None).status, 401, "{path}");
    }
    let r = s.get("/api/nope");
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "Not Found");

    // Custom tokens.
    let s = start(Config {
        token: "secret".into(),
        forbidden_token: "weak".into(),
        ..Config::default()
    });
    assert_eq!(
        s.send("GET", INV, &[("authorization", "Bearer secret")], None)
            .status,
        200
    );
    assert_eq!(
        s.send("GET", INV, &[("authorization", "Bearer weak")], None)
            .status,
        403
    );
    assert_eq!(s.send("GET", INV, &[AUTH], None).status, 401);
}

#[test]
fn every_response_has_a_request_id_and_vary() {
    let s = start_default();
    let responses = [
        s.get(INV),
        s.send("GET", INV, &[], None),
        s.get(&format!("{INV}/nope")),
        s.send(
            "OPTIONS",
            INV,
            &[ORIGIN, ("access-control-request-method", "GET")],
            None,
        ),
        s.mock("GET", "/__mock/requests", None),
        s.send("GET", "/nothing-here", &[], None),
        s.send("GET", "/logto/api/organization-invitations", &[], None),
    ];
    let mut ids = Vec::new();
    for r in &responses {
        assert!(is_request_id(r.header("logto-core-request-id")), "{r:?}");
        assert_eq!(r.header("vary"), Some("Origin"));
        ids.push(r.header("logto-core-request-id").unwrap().to_owned());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), responses.len(), "ids are random");
}

#[test]
fn cors_on_actual_requests() {
    let s = start_default();
    let r = s.send("GET", INV, &[AUTH, ORIGIN], None);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("*, Logto-Core-Request-Id, Retry-After")
    );
    // Errors too (a browser must be able to read the 401 body).
    let r = s.send("GET", INV, &[ORIGIN], None);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    // Any origin is echoed, `null` included.
    let r = s.send(
        "DELETE",
        &format!("{INV}/x"),
        &[AUTH, ("origin", "null")],
        None,
    );
    assert_eq!(r.header("access-control-allow-origin"), Some("null"));
    // No Origin: no CORS headers.
    let r = s.get(INV);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert_eq!(r.header("access-control-expose-headers"), None);
}

#[test]
fn cors_preflight() {
    let s = start_default();
    for path in [
        INV,
        "/api/organization-invitations/z5qrc1hz7rmnvb2mv9274/status",
        "/logto/api/organization-invitations",
        "/__mock/reset",
    ] {
        let r = s.send(
            "OPTIONS",
            path,
            &[
                ("origin", "http://localhost:3002"),
                ("access-control-request-method", "PUT"),
                (
                    "access-control-request-headers",
                    "authorization,content-type,x-csrf-token,x-mock-fault",
                ),
                ("x-mock-fault", "status=500"),
            ],
            None,
        );
        assert_eq!(
            r.status, 204,
            "{path}: preflights need no auth and get no faults"
        );
        assert!(r.body.is_empty());
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("http://localhost:3002")
        );
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("GET,HEAD,PUT,POST,DELETE,PATCH")
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("authorization,content-type,x-csrf-token,x-mock-fault")
        );
        assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
        assert_eq!(r.header("access-control-max-age"), Some("600"));
        assert_eq!(r.header("vary"), Some("Origin"));
        assert_eq!(r.header("access-control-expose-headers"), None);
    }
    let r = s.send(
        "OPTIONS",
        INV,
        &[ORIGIN, ("access-control-request-method", "POST")],
        None,
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization,content-type")
    );

    // OPTIONS that is not a preflight: Koa's allowed-methods answer.
    let r = s.send("OPTIONS", &format!("{INV}/abc"), &[], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("allow"), Some("HEAD, GET, DELETE"));
    let r = s.send("OPTIONS", INV, &[ORIGIN], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("allow"), Some("HEAD, GET, POST"));
}

#[test]
fn logto_prefix_acts_as_a_token_adding_proxy() {
    let s = start_default();
    let org = s.org("Org");
    let r = s.send(
        "POST",
        "/logto/api/organization-invitations",
        &[JSON_CT, ORIGIN],
        Some(
            &json!({ "organizationId": org, "invitee": "p@example.com", "expiresAt": future() })
                .to_string(),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    let id = r.json()["id"].as_str().unwrap().to_owned();
    // The proxy replaces whatever Authorization the page sent.
    let r = s.send(
        "GET",
        &format!("/logto/api/organization-invitations/{id}"),
        &[("authorization", "Bearer wrong")],
        None,
    );
    assert_eq!(r.status, 200);
    let r = s.send(
        "GET",
        "/logto/api/organization-invitations?invitee=P%40example.com",
        &[],
        None,
    );
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    let r = s.send(
        "GET",
        "/logto/api/organization-invitations/a%2Fb",
        &[],
        None,
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "entity.not_found");
    let r = s.send(
        "PATCH",
        &format!("/logto/api/organization-invitations/{id}"),
        &[],
        None,
    );
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("HEAD, GET, DELETE"));
    assert_eq!(s.send("GET", "/logto/api/users", &[], None).status, 200);
    // The request log shows what the page actually sent.
    let log = s.mock("GET", "/__mock/requests", None).json();
    let first = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "/logto/api/organization-invitations")
        .unwrap()
        .clone();
    assert_eq!(first["headers"].get("authorization"), None);
    // Not a prefix match on arbitrary paths.
    assert_eq!(s.send("GET", "/logto/apix", &[], None).status, 404);
}

#[test]
fn users_organizations_and_roles_look_like_logto() {
    let s = start_default();
    let r = s.post("/api/users", &json!({ "username": "inviter_444119", "primaryEmail": "inviter_444119@example.com", "name": "Inviter 444119" }));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let user = r.json();
    let real: Value = serde_json::from_str(&transcript_body(
        "real-server-transcript-1.txt",
        "### POST /api/users  body={\"username\":\"inviter_444119\"",
    ))
    .unwrap();
    let key_list = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(key_list(&user), key_list(&real));
    for k in [
        "username",
        "primaryEmail",
        "primaryPhone",
        "name",
        "avatar",
        "customData",
        "identities",
        "lastSignInAt",
        "profile",
        "applicationId",
        "cimdClientId",
        "isSuspended",
        "hasPassword",
    ] {
        assert_eq!(user[k], real[k], "{k}");
    }
    assert_eq!(user["id"].as_str().unwrap().len(), 12);
    let r = s.post("/api/users", &json!({ "username": "INVITER_444119" }));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["code"], "user.username_already_in_use");
    let r = s.post(
        "/api/users",
        &json!({ "primaryEmail": "Inviter_444119@example.com" }),
    );
    assert_eq!(r.json()["code"], "user.email_already_in_use");
    let r = s.post("/api/users", &json!({ "primaryEmail": "nope" }));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "guard.invalid_input");
    let r = s.post("/api/users", &json!({ "username": "9lives" }));
    assert_eq!(r.status, 400);
    s.user("second", "second@example.com");
    let r = s.get("/api/users");
    assert_eq!(r.header("total-number"), Some("2"));
    assert_eq!(r.json()[0]["username"], "second", "newest first");
    let id = user["id"].as_str().unwrap();
    assert_eq!(s.get(&format!("/api/users/{id}")).json()["id"], id);
    assert_eq!(s.get("/api/users/nope").status, 404);

    let r = s.post(
        "/api/organizations",
        &json!({ "name": "Org 444119", "description": "rig" }),
    );
    assert_eq!(r.status, 201);
    let org = r.json();
    let real: Value = serde_json::from_str(&transcript_body(
        "real-server-transcript-1.txt",
        "### POST /api/organizations",
    ))
    .unwrap();
    assert_eq!(key_list(&org), key_list(&real));
    for k in [
        "tenantId",
        "name",
        "description",
        "customData",
        "isMfaRequired",
        "color",
        "branding",
        "customCss",
    ] {
        assert_eq!(org[k], real[k], "{k}");
    }
    let r = s.post("/api/organizations", &json!({ "name": "OrgX" }));
    assert_eq!(r.json()["description"], Value::Null);
    assert_eq!(s.post("/api/organizations", &json!({})).status, 400);
    assert_eq!(
        s.post("/api/organizations", &json!({ "name": "" })).status,
        400
    );
    let r = s.get("/api/organizations");
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    let org_id = org["id"].as_str().unwrap();
    assert_eq!(
        s.get(&format!("/api/organizations/{org_id}")).json()["name"],
        "Org 444119"
    );

    let r = s.post(
        "/api/organization-roles",
        &json!({ "name": "member_444119", "description": "rig role" }),
    );
    assert_eq!(r.status, 201);
    let role = r.json();
    let real: Value = serde_json::from_str(&transcript_body(
        "real-server-transcript-1.txt",
        "### POST /api/organization-roles",
    ))
    .unwrap();
    assert_eq!(key_list(&role), key_list(&real));
    assert_eq!(role["id"].as_str().unwrap().len(), 21);
    assert_eq!(role["type"], "User");
    assert_eq!(
        s.post(
            "/api/organization-roles",
            &json!({ "name": "member_444119" })
        )
        .status,
        422
    );
    assert_eq!(
        s.get("/api/organization-roles").json()[0]["name"],
        "member_444119"
    );

    // Membership endpoint validation.
    let path = format!("/api/organizations/{org_id}/users");
    assert_eq!(s.post(&path, &json!({ "userIds": [] })).status, 400);
    assert_eq!(s.post(&path, &json!({ "userIds": ["nope"] })).status, 422);
    assert_eq!(
        s.post("/api/organizations/nope/users", &json!({ "userIds": [id] }))
            .status,
        422
    );
    assert_eq!(s.post(&path, &json!({ "userIds": [id] })).status, 201);
    assert_eq!(
        s.post(&path, &json!({ "userIds": [id] })).status,
        201,
        "idempotent"
    );
    let members = s.get(&path).json();
    assert_eq!(members.as_array().unwrap().len(), 1);
    assert_eq!(members[0]["organizationRoles"], json!([]));
    assert_eq!(members[0].get("hasPassword"), None);
    assert_eq!(s.get("/api/organizations/nope/users").status, 404);
}

#[test]
fn head_requests_work() {
    let s = start_default();
    let r = s.send("HEAD", INV, &[AUTH], None);
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
}

#[test]
fn static_files() {
    let dir = std::env::temp_dir().join(format!("logto-local-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export const x = 1;").unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("pkg/index.html"), "pkg index").unwrap();
    std::fs::write(dir.join("data.json"), "{}").unwrap();
    let s = start(Config {
        static_dir: Some(dir.clone()),
        ..Config::default()
    });
    let r = s.send("GET", "/", &[], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("demo"));
    assert!(is_request_id(r.header("logto-core-request-id")));
    let r = s.send("GET", "/pkg/app.js", &[], None);
    assert_eq!(r.header("content-type"), Some("text/javascript"));
    let r = s.send("GET", "/pkg/app_bg.wasm", &[], None);
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(r.body, b"\0asm\x01\0\0\0");
    assert_eq!(s.send("GET", "/pkg/", &[], None).text(), "pkg index");
    assert_eq!(s.send("GET", "/pkg", &[], None).text(), "pkg index");
    assert_eq!(
        s.send("GET", "/data.json", &[], None)
            .header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(s.send("GET", "/missing.js", &[], None).status, 404);
    assert_eq!(s.send("GET", "/../Cargo.toml", &[], None).status, 404);
    assert_eq!(
        s.send("GET", "/pkg/..%2F..%2Findex.html", &[], None).status,
        404
    );
    assert_eq!(s.send("POST", "/index.html", &[], Some("x")).status, 405);
    let r = s.send("HEAD", "/pkg/app.js", &[], None);
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    // API and mock routes still win over static files.
    assert_eq!(s.get(INV).status, 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn latency_holds_every_answer_one_simulated_round_trip() {
    let s = start(Config {
        latency_ms: 150,
        ..Config::default()
    });
    for path in [INV, "/api/nope"] {
        let started = std::time::Instant::now();
        let r = s.send("GET", path, &[AUTH], None);
        let took = started.elapsed();
        assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
        assert!(
            took >= std::time::Duration::from_millis(150),
            "{path}: answered after {took:?}"
        );
    }
    let fast = start_default();
    let started = std::time::Instant::now();
    assert_eq!(fast.send("GET", INV, &[AUTH], None).status, 200);
    assert!(started.elapsed() < std::time::Duration::from_millis(150));
    for bad in ["-1", "10001", "x"] {
        let args = ["--latency-ms".to_owned(), bad.to_owned()];
        match logto_local_server::cli::parse(args) {
            Err(e) => assert!(e.contains("--latency-ms"), "{e}"),
            Ok(_) => panic!("--latency-ms {bad} was accepted"),
        }
    }
}
