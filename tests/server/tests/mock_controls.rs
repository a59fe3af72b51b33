//! `/__mock` controls, seeds, and every fault mode of the `x-mock-fault` header.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::*;
use logto_local_server::Config;
use serde_json::{json, Value};

const INV: &str = "/api/organization-invitations";

fn fault(s: &Server, method: &str, path: &str, spec: &str, body: Option<&str>) -> Resp {
    s.send(method, path, &[AUTH, JSON_CT, ("x-mock-fault", spec)], body)
}

fn stats(s: &Server, id: &str) -> Value {
    s.mock("GET", &format!("/__mock/faults/{id}"), None).json()
}

#[test]
fn request_log_records_the_wire_request() {
    let s = start_default();
    let before = s.mock("GET", "/__mock/requests", None).json()["lastSeq"]
        .as_u64()
        .unwrap();
    s.send(
        "GET",
        "/api/organization-invitations/a%2Fb%20c?invitee=a%2Bb%40x.com&x=1",
        &[AUTH, ("accept", "application/json"), ("X-Custom", "v1")],
        None,
    );
    s.send("POST", INV, &[AUTH, JSON_CT], Some("{\"invitee\":\"é\"}"));
    s.send("GET", "/logto/api/users", &[], None);
    let log = s
        .mock("GET", &format!("/__mock/requests?since={before}"), None)
        .json();
    let reqs = log["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 3, "{log}");
    assert_eq!(log["lastSeq"], reqs[2]["seq"]);
    let get = &reqs[0];
    assert_eq!(get["method"], "GET");
    assert_eq!(
        get["path"],
        "/api/organization-invitations/a%2Fb%20c?invitee=a%2Bb%40x.com&x=1"
    );
    assert_eq!(get["headers"]["authorization"], "Bearer dev-token");
    assert_eq!(get["headers"]["accept"], "application/json");
    assert_eq!(get["headers"]["x-custom"], "v1");
    assert_eq!(get["headers"].get("content-type"), None);
    assert_eq!(get["body"], Value::Null);
    assert_eq!(get["status"], 404);
    let post = &reqs[1];
    assert_eq!(post["headers"]["content-type"], "application/json");
    assert_eq!(post["body"], "{\"invitee\":\"é\"}");
    assert_eq!(post["status"], 400);
    assert_eq!(reqs[2]["headers"].get("authorization"), None);
    assert_eq!(reqs[2]["status"], 200);
    // `since` filters; /__mock requests are not logged.
    let last = log["lastSeq"].as_u64().unwrap();
    let log = s
        .mock("GET", &format!("/__mock/requests?since={last}"), None)
        .json();
    assert_eq!(log["requests"], json!([]));
    assert_eq!(s.mock("GET", "/__mock/requests?since=x", None).status, 400);
    // Clearing keeps the sequence going.
    assert_eq!(s.mock("DELETE", "/__mock/requests", None).status, 204);
    s.get(INV);
    let log = s.mock("GET", "/__mock/requests", None).json();
    assert_eq!(log["requests"].as_array().unwrap().len(), 1);
    assert_eq!(log["requests"][0]["seq"].as_u64().unwrap(), last + 1);
}

#[test]
fn request_log_keeps_the_last_thousand() {
    let s = start_default();
    for _ in 0..1010 {
        s.send("GET", "/x", &[], None);
    }
    let log = s.mock("GET", "/__mock/requests", None).json();
    let reqs = log["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 1000);
    assert_eq!(reqs[999]["seq"], 1010);
    assert_eq!(reqs[0]["seq"], 11);
}

#[test]
fn reset_and_connector_toggle() {
    let s = start(Config {
        email_connector: true,
        seeds: vec![json!({ "organizations": [{ "id": "seed-org", "name": "Seeded" }] })],
        ..Config::default()
    });
    assert_eq!(
        s.mock("GET", "/__mock/email-connector", None).json(),
        json!({ "enabled": true })
    );
    s.mock(
        "PUT",
        "/__mock/email-connector",
        Some(&json!({ "enabled": false })),
    );
    s.invite("seed-org", "a@example.com");
    s.org("Extra");
    assert_eq!(
        s.mock(
            "PUT",
            "/__mock/email-connector",
            Some(&json!({ "enabled": "yes" }))
        )
        .status,
        400
    );
    let r = s.mock("POST", "/__mock/reset", None);
    assert_eq!(r.status, 204);
    assert_eq!(s.get(INV).json(), json!([]));
    let orgs = s.get("/api/organizations").json();
    assert_eq!(orgs.as_array().unwrap().len(), 1);
    assert_eq!(orgs[0]["id"], "seed-org");
    assert_eq!(
        s.mock("GET", "/__mock/email-connector", None).json(),
        json!({ "enabled": true }),
        "back to the flag value"
    );
    assert_eq!(s.mock("GET", "/__mock/nope", None).status, 404);
}

#[test]
fn bulk_invitations_for_benchmarks() {
    let s = start_default();
    let org = s.org("Bench");
    let role = s.role("member");
    let t = Instant::now();
    let r = s.mock(
        "POST",
        "/__mock/bulk-invitations",
        Some(&json!({ "organizationId": org, "count": 10000, "organizationRoleIds": [role] })),
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json(), json!({ "count": 10000 }));
    let r = s.get(&format!("{INV}?organizationId={org}"));
    let list = r.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10000);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(list[0]["status"], "Pending");
    assert_eq!(list[0]["organizationRoles"][0]["name"], "member");
    // Newest first even when createdAt ties.
    let first_invitee = list[0]["invitee"].as_str().unwrap();
    assert!(
        first_invitee.ends_with("-9999@example.com"),
        "{first_invitee}"
    );
    let r = s.mock(
        "POST",
        "/__mock/bulk-invitations",
        Some(&json!({ "organizationId": "nope", "count": 1 })),
    );
    assert_eq!(r.status, 422);
    let r = s.mock(
        "POST",
        "/__mock/bulk-invitations",
        Some(&json!({ "organizationId": org, "count": -1 })),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn seeds_with_fixed_ids_and_relative_times() {
    let dir = std::env::temp_dir().join(format!("logto-local-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("seed.json");
    std::fs::write(
        &file,
        json!({
            "users": [{ "id": "u1", "username": "ann", "primaryEmail": "ann@example.com" }],
            "organizations": [{ "id": "o1", "name": "One" }],
            "organizationRoles": [{ "id": "r1", "name": "admin" }],
            "memberships": [{ "organizationId": "o1", "userId": "u1", "organizationRoleIds": ["r1"] }],
            "invitations": [
                { "id": "i1", "organizationId": "o1", "invitee": "x@example.com", "inviterId": "u1", "expiresAt": "+1d", "createdAt": "-1h", "organizationRoleIds": ["r1"] },
                { "id": "i2", "organizationId": "o1", "invitee": "y@example.com", "expiresAt": "-1d", "createdAt": "-2d" },
                { "id": "i3", "organizationId": "o1", "invitee": "z@example.com", "status": "Revoked", "expiresAt": 4102444800000_i64, "createdAt": 1700000000000_i64 }
            ]
        })
        .to_string(),
    )
    .unwrap();
    let cfg =
        match logto_local_server::cli::parse(["--seed".to_owned(), file.display().to_string()]) {
            Ok(logto_local_server::cli::Command::Run(cfg)) => *cfg,
            _ => panic!("parse"),
        };
    let s = start(cfg);
    let list = s.get(INV).json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["i1", "i2", "i3"]);
    assert_eq!(list[0]["status"], "Pending");
    assert_eq!(
        list[0]["organizationRoles"],
        json!([{ "id": "r1", "name": "admin" }])
    );
    assert!((list[0]["createdAt"].as_i64().unwrap() - (now() - 3_600_000)).abs() < 60_000);
    assert_eq!(list[1]["status"], "Expired");
    assert_eq!(list[2]["status"], "Revoked");
    assert_eq!(list[2]["createdAt"], 1700000000000_i64);
    let members = s.get("/api/organizations/o1/users").json();
    assert_eq!(members[0]["organizationRoles"][0]["name"], "admin");

    // Broken seeds are refused with a message.
    std::fs::write(
        &file,
        r#"{"invitations":[{"organizationId":"missing","invitee":"a@b.co","expiresAt":"+1d"}]}"#,
    )
    .unwrap();
    let cfg =
        match logto_local_server::cli::parse(["--seed".to_owned(), file.display().to_string()]) {
            Ok(logto_local_server::cli::Command::Run(cfg)) => *cfg,
            _ => panic!("parse"),
        };
    let err = logto_local_server::App::new(cfg).err().expect("refused");
    assert!(err.contains("unknown organization"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_seed() {
    let cfg = match logto_local_server::cli::parse(["--demo".to_owned()]) {
        Ok(logto_local_server::cli::Command::Run(cfg)) => *cfg,
        _ => panic!("parse"),
    };
    let s = start(cfg);
    assert_eq!(
        s.get("/api/organizations").json().as_array().unwrap().len(),
        3
    );
    let roles: Vec<Value> = s
        .get("/api/organization-roles")
        .json()
        .as_array()
        .unwrap()
        .clone();
    let names: Vec<&str> = roles.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["admin", "member", "viewer"]);
    let users = s.get("/api/users").json();
    assert_eq!(users.as_array().unwrap().len(), 6);
    assert!(users
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["primaryEmail"].is_string()));
    let invs = s.get(INV).json();
    let invs = invs.as_array().unwrap();
    assert_eq!(invs.len(), 8);
    for status in ["Pending", "Accepted", "Revoked", "Expired"] {
        assert!(invs.iter().any(|i| i["status"] == status), "{status}");
    }
    assert!(invs
        .iter()
        .all(|i| i["createdAt"].as_i64().unwrap() < now()));
    assert!(invs
        .iter()
        .any(|i| !i["organizationRoles"].as_array().unwrap().is_empty()));
    // Accepted invitations have members behind them.
    for inv in invs.iter().filter(|i| i["status"] == "Accepted") {
        let members = s
            .get(&format!(
                "/api/organizations/{}/users",
                inv["organizationId"].as_str().unwrap()
            ))
            .json();
        assert!(members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == inv["acceptedUserId"]));
    }
    // A pending demo invitation can be accepted by creating the invitee.
    let pending = invs
        .iter()
        .find(|i| i["invitee"] == "grace@example.com")
        .unwrap();
    let grace = s.user("grace", "grace@example.com");
    let r = s.put(
        &format!("{INV}/{}/status", pending["id"].as_str().unwrap()),
        &json!({ "status": "Accepted", "acceptedUserId": grace }),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn fault_status_with_retry_after_and_body_modes() {
    let s = start_default();
    let r = fault(&s, "GET", INV, "status=503;retry-after=7", None);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        r.json(),
        json!({ "code": "mock.fault", "message": "Injected fault 503" })
    );
    let r = fault(
        &s,
        "GET",
        INV,
        "status=429; retry-after=Wed, 21 Oct 2015 07:28:00 GMT; body=text",
        None,
    );
    assert_eq!(r.status, 429);
    assert_eq!(
        r.header("retry-after"),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.text(), "Injected fault 429");
    let r = fault(&s, "GET", INV, "status=500;body=empty", None);
    assert_eq!(r.status, 500);
    assert!(r.body.is_empty());
    // With an Origin the fault response carries CORS headers (Retry-After readable).
    let r = s.send(
        "GET",
        INV,
        &[
            AUTH,
            ("origin", "http://a.test"),
            ("x-mock-fault", "status=503;retry-after=1"),
        ],
        None,
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://a.test")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .contains("Retry-After"));
    // The handler does not run.
    let org = s.org("Org");
    let body = json!({ "organizationId": org, "invitee": "f@example.com", "expiresAt": future() })
        .to_string();
    assert_eq!(
        fault(&s, "POST", INV, "status=502", Some(&body)).status,
        502
    );
    assert_eq!(s.get(INV).json(), json!([]));
    // Bad headers are reported, not ignored.
    let r = fault(&s, "GET", INV, "stauts=503", None);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "mock.invalid_fault");
}

#[test]
fn faults_apply_after_auth_and_only_to_api_routes() {
    let s = start_default();
    let r = s.send("GET", INV, &[("x-mock-fault", "status=503;id=a")], None);
    assert_eq!(r.status, 401);
    assert_eq!(stats(&s, "a"), json!({ "count": 0, "aborted": 0 }));
    let r = s.send(
        "GET",
        "/logto/api/organization-invitations",
        &[("x-mock-fault", "status=503;id=a")],
        None,
    );
    assert_eq!(r.status, 503, "proxy prefix gets faults too");
    assert_eq!(stats(&s, "a")["count"], 1);
    let r = s.send(
        "GET",
        "/__mock/requests",
        &[("x-mock-fault", "status=503")],
        None,
    );
    assert_eq!(r.status, 200);
    let r = s.send("GET", "/", &[("x-mock-fault", "status=503")], None);
    assert_eq!(r.status, 404);
}

#[test]
fn fault_id_and_times() {
    let s = start_default();
    let spec = "status=503;id=flaky;times=2";
    assert_eq!(fault(&s, "GET", INV, spec, None).status, 503);
    assert_eq!(fault(&s, "GET", INV, spec, None).status, 503);
    assert_eq!(fault(&s, "GET", INV, spec, None).status, 200);
    assert_eq!(fault(&s, "GET", INV, spec, None).status, 200);
    assert_eq!(stats(&s, "flaky"), json!({ "count": 4, "aborted": 0 }));
    assert_eq!(stats(&s, "unknown"), json!({ "count": 0, "aborted": 0 }));
    // Without an id, `times` counts this exact header value.
    assert_eq!(
        fault(&s, "GET", INV, "status=500;times=1", None).status,
        500
    );
    assert_eq!(
        fault(&s, "GET", INV, "status=500;times=1", None).status,
        200
    );
    let all = s.mock("GET", "/__mock/faults", None).json();
    assert_eq!(all["ids"]["flaky"]["count"], 4);
    assert_eq!(all["applied"], 3);
    // Reset clears the counters.
    s.mock("POST", "/__mock/reset", None);
    assert_eq!(stats(&s, "flaky")["count"], 0);
    assert_eq!(fault(&s, "GET", INV, spec, None).status, 503);
}

#[test]
fn fault_delay_then_normal_processing() {
    let s = start_default();
    let t = Instant::now();
    let r = fault(&s, "GET", INV, "delay=300", None);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status, 200);
    let t = Instant::now();
    let r = fault(&s, "GET", INV, "delay=200;status=504", None);
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.status, 504);
}

#[test]
fn fault_delay_counts_client_aborts() {
    let s = start_default();
    let mut stream = TcpStream::connect(s.addr).unwrap();
    write!(
        stream,
        "GET {INV} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nx-mock-fault: delay=5000;id=slow\r\n\r\n"
    )
    .unwrap();
    sleep(Duration::from_millis(200));
    drop(stream);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let st = stats(&s, "slow");
        if st["aborted"] == 1 {
            assert_eq!(st["count"], 1);
            break;
        }
        assert!(Instant::now() < deadline, "abort not seen: {st}");
        sleep(Duration::from_millis(50));
    }
    assert_eq!(s.mock("GET", "/__mock/faults", None).json()["aborted"], 1);
}

#[test]
fn fault_drop_closes_without_a_response() {
    let s = start_default();
    let r = fault(&s, "GET", INV, "drop=1", None);
    assert_eq!(r.status, 0);
    assert_eq!(r.raw_len, 0, "not a single byte");
    // drop=1 does not run the handler; drop=after does.
    let org = s.org("Org");
    let body =
        |e: &str| json!({ "organizationId": org, "invitee": e, "expiresAt": future() }).to_string();
    assert_eq!(
        fault(&s, "POST", INV, "drop=1", Some(&body("a@example.com"))).raw_len,
        0
    );
    assert_eq!(s.get(INV).json(), json!([]));
    assert_eq!(
        fault(&s, "POST", INV, "drop=after", Some(&body("b@example.com"))).raw_len,
        0
    );
    assert_eq!(s.get(INV).json()[0]["invitee"], "b@example.com");
    // The server keeps serving.
    assert_eq!(s.get(INV).status, 200);
}

#[test]
fn fault_truncate_sends_half_the_body_and_closes() {
    let s = start_default();
    let org = s.org("Org");
    for i in 0..5 {
        s.invite(&org, &format!("t{i}@example.com"));
    }
    let full = s.get(INV);
    let r = fault(&s, "GET", INV, "truncate=1", None);
    assert_eq!(r.status, 200);
    assert!(!r.complete);
    let announced: usize = r.header("content-length").unwrap().parse().unwrap();
    assert_eq!(announced, full.body.len());
    assert_eq!(r.body.len(), announced / 2);
    assert_eq!(r.body[..], full.body[..announced / 2]);
    // An empty body (204) cannot be cut: the connection is dropped.
    let inv = s.invite(&org, "cut@example.com");
    let r = fault(
        &s,
        "DELETE",
        &format!("{INV}/{}", inv["id"].as_str().unwrap()),
        "truncate=1",
        None,
    );
    assert_eq!(r.raw_len, 0);
}

#[test]
fn fault_nonjson_and_wrongshape() {
    let s = start_default();
    let r = fault(&s, "GET", INV, "nonjson=1", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.text(), "<html>not json</html>");
    let r = fault(&s, "GET", &format!("{INV}/nope"), "nonjson=1", None);
    assert_eq!(r.status, 404, "keeps the handler's status");
    assert_eq!(r.text(), "<html>not json</html>");

    let r = fault(&s, "GET", INV, "wrongshape=1", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!([{ "id": 1 }]));
    let org = s.org("Org");
    let body = json!({ "organizationId": org, "invitee": "w@example.com", "expiresAt": future() })
        .to_string();
    let r = fault(&s, "POST", INV, "wrongshape=1", Some(&body));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(r.json(), json!({ "unexpected": true }));
    let r = fault(&s, "GET", &format!("{INV}/nope"), "wrongshape=1", None);
    assert_eq!(r.json(), json!({ "unexpected": true }));
}

/// `App::handle` can also be driven in process (no socket): connection-level faults then surface
/// as a body error instead of a closed connection.
#[test]
fn in_process_handle_without_a_connection() {
    use axum::body::Body;
    use axum::http::Request;

    let app = logto_local_server::App::new(Config::default()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let req = |fault: Option<&str>| {
            let mut b = Request::builder()
                .uri("/api/organization-invitations/a%2Fb")
                .header("authorization", "Bearer dev-token");
            if let Some(f) = fault {
                b = b.header("x-mock-fault", f);
            }
            b.body(Body::empty()).unwrap()
        };
        let resp = app.handle(req(None)).await;
        assert_eq!(resp.status(), 404);
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(
            &body[..],
            br#"{"code":"entity.not_found","message":"The resource does not exist."}"#
        );

        let resp = app.handle(req(Some("drop=1"))).await;
        assert!(axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .is_err());

        let resp = app.handle(req(Some("truncate=1"))).await;
        assert_eq!(resp.status(), 404);
        assert_eq!(resp.headers()["content-length"], "68");
        assert!(axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .is_err());
    });
}

#[test]
fn concurrent_clients() {
    let s = std::sync::Arc::new(start_default());
    let org = s.org("Org");
    let handles: Vec<_> = (0..16)
        .map(|t| {
            let s = s.clone();
            let org = org.clone();
            std::thread::spawn(move || {
                for i in 0..20 {
                    s.invite(&org, &format!("c{t}-{i}@example.com"));
                    assert_eq!(s.get(INV).status, 200);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(s.get(INV).json().as_array().unwrap().len(), 320);
}

#[test]
fn armed_faults_apply_to_matching_requests_without_the_header() {
    let s = start_default();
    let armed = s.mock(
        "POST",
        "/__mock/faults",
        Some(
            &json!({"fault": "status=429;retry-after=7", "method": "GET", "path": INV, "times": 2}),
        ),
    );
    assert_eq!(armed.status, 201);
    // Another method or path is not matched.
    assert_eq!(s.post(INV, &json!({})).status, 400);
    assert_eq!(s.get("/api/users").status, 200);
    for _ in 0..2 {
        let busy = s.get(&format!("{INV}?organizationId=x"));
        assert_eq!((busy.status, busy.header("retry-after")), (429, Some("7")));
    }
    assert_eq!(s.get(INV).status, 200, "used up after `times`");
    let bad = s.mock(
        "POST",
        "/__mock/faults",
        Some(&json!({"fault": "status=9"})),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["code"], "mock.invalid_fault");
}
