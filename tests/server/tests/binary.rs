//! The real binary: startup line, speed, signals, argument errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_logto-local-server");

#[test]
fn starts_fast_prints_one_line_and_exits_on_sigterm() {
    let t = Instant::now();
    let mut child = Command::new(BIN)
        .args(["--demo", "--email-connector"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let elapsed = t.elapsed();
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    let addr = line
        .trim_end()
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /api/organization-invitations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-token\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200 OK"), "{resp}");
    assert!(resp.contains("Logto-Core-Request-Id: "), "{resp}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not exit on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing else on stdout");
}

#[test]
fn bad_arguments_exit_2() {
    let out = Command::new(BIN).arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument"));
    assert!(out.stdout.is_empty());
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--message-rate-limit-seconds"));
}

#[test]
fn port_in_use_fails_cleanly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(BIN).args(["--port", &port]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    resp
}

#[test]
fn the_client_secret_never_reaches_stdout_or_stderr() {
    const SECRET: &str = "S3cr3t-never-printed";
    // base64("m2m-app:S3cr3t-never-printed") and base64("m2m-app:wrong")
    const GOOD: &str = "bTJtLWFwcDpTM2NyM3QtbmV2ZXItcHJpbnRlZA==";
    const WRONG: &str = "bTJtLWFwcDp3cm9uZw==";
    let mut child = Command::new(BIN)
        .args(["--m2m-app-secret", SECRET, "--cors", "production"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let form =
        "grant_type=client_credentials&resource=https%3A%2F%2Fdefault.logto.app%2Fapi&scope=all";
    let post = |auth: &str, body: &str| {
        http(
            &addr,
            &format!(
                "POST /oidc/token HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let ok = post(&format!("Authorization: Basic {GOOD}\r\n"), form);
    assert!(ok.starts_with("HTTP/1.1 200 OK"), "{ok}");
    assert!(!ok.contains(SECRET));
    let token = ok
        .split("\"access_token\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let bad = post(&format!("Authorization: Basic {WRONG}\r\n"), form);
    assert!(bad.starts_with("HTTP/1.1 401"), "{bad}");
    let in_body = post(
        "",
        &format!("{form}&client_id=m2m-app&client_secret={SECRET}x"),
    );
    assert!(in_body.starts_with("HTTP/1.1 401"), "{in_body}");
    assert!(!in_body.contains(SECRET), "the secret is not echoed");
    let both = post(
        &format!("Authorization: Basic {GOOD}\r\n"),
        &format!("{form}&client_secret={SECRET}"),
    );
    assert!(both.starts_with("HTTP/1.1 400"), "{both}");
    assert!(!both.contains(SECRET));
    let api = http(
        &addr,
        &format!("GET /api/organization-invitations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"),
    );
    assert!(api.starts_with("HTTP/1.1 200 OK"), "{api}");

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(rest, "", "nothing after the startup line");
    assert!(
        !line.contains(SECRET) && !stderr.contains(SECRET),
        "{stderr}"
    );
    assert!(!stderr.contains(&token), "{stderr}");

    // Argument errors do not echo it either.
    for args in [
        vec!["--m2m-app-secret", "S3cr3t with space"],
        vec!["--demo", SECRET],
        vec!["--m2m-app-secret", SECRET, "--cors", "nope"],
        vec!["--m2m-app-secret", SECRET, "--token-ttl-seconds", "0"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("S3cr3t"), "{args:?}: {all}");
    }
}
