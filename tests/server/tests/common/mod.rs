//! Test harness: an in-process server on a real socket and a tiny raw HTTP/1.1 client, so tests
//! see exactly what goes over the wire (percent-encoding, truncation, dropped connections).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use logto_local_server::server::spawn;
use logto_local_server::Config;
use serde_json::{json, Value};

pub const TOKEN: &str = "dev-token";
pub const AUTH: (&str, &str) = ("authorization", "Bearer dev-token");
pub const JSON_CT: (&str, &str) = ("content-type", "application/json");

pub struct Server {
    pub addr: SocketAddr,
}

pub fn start(cfg: Config) -> Server {
    let addr = spawn(cfg).expect("server starts");
    Server { addr }
}

pub fn start_default() -> Server {
    start(Config::default())
}

pub fn with_connector() -> Server {
    start(Config {
        email_connector: true,
        ..Config::default()
    })
}

#[derive(Debug)]
pub struct Resp {
    /// 0 when the server closed the connection without any response.
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the body has as many bytes as `Content-Length` announced.
    pub complete: bool,
    /// Bytes read from the socket in total.
    pub raw_len: usize,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {:?} (status {})", self.text(), self.status)
        })
    }
}

fn parse_response(raw: &[u8]) -> Resp {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Resp {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
            complete: false,
            raw_len: raw.len(),
        };
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let mut complete = true;
    if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        complete = body.len() >= len;
        body.truncate(len);
    } else if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        complete = false;
        while let Some(pos) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..pos]).trim(), 16)
                .unwrap_or(0);
            rest = &rest[pos + 2..];
            if size == 0 {
                complete = true;
                break;
            }
            let take = size.min(rest.len());
            out.extend_from_slice(&rest[..take]);
            rest = &rest[(take + 2).min(rest.len())..];
        }
        body = out;
    }
    Resp {
        status,
        headers,
        body,
        complete,
        raw_len: raw.len(),
    }
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends one request on a fresh connection (`Connection: close`) and reads until EOF.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        req.push_str("\r\n");
        if let Some(b) = body {
            req.push_str(b);
        }
        stream.write_all(req.as_bytes()).expect("write");
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        parse_response(&raw)
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, &[AUTH], None)
    }

    pub fn delete(&self, path: &str) -> Resp {
        self.send("DELETE", path, &[AUTH], None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.send("POST", path, &[AUTH, JSON_CT], Some(&body.to_string()))
    }

    pub fn post_raw(&self, path: &str, body: &str) -> Resp {
        self.send("POST", path, &[AUTH, JSON_CT], Some(body))
    }

    pub fn put(&self, path: &str, body: &Value) -> Resp {
        self.send("PUT", path, &[AUTH, JSON_CT], Some(&body.to_string()))
    }

    // ----- fixtures -----

    pub fn user(&self, username: &str, email: &str) -> String {
        let r = self.post(
            "/api/users",
            &json!({ "username": username, "primaryEmail": email }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["id"].as_str().unwrap().to_owned()
    }

    pub fn org(&self, name: &str) -> String {
        let r = self.post("/api/organizations", &json!({ "name": name }));
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["id"].as_str().unwrap().to_owned()
    }

    pub fn role(&self, name: &str) -> String {
        let r = self.post("/api/organization-roles", &json!({ "name": name }));
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["id"].as_str().unwrap().to_owned()
    }

    pub fn invite(&self, org: &str, invitee: &str) -> Value {
        let r = self.post(
            "/api/organization-invitations",
            &json!({ "organizationId": org, "invitee": invitee, "expiresAt": future() }),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    }

    pub fn mock(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let body = body.map(Value::to_string);
        self.send(method, path, &[JSON_CT], body.as_deref())
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A day from now, in epoch ms.
pub fn future() -> i64 {
    now() + 86_400_000
}

/// Percent-encodes everything but unreserved characters (like `encodeURIComponent`, stricter).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The first JSON body after the transcript line starting with `### {request}` (or `--- {label}`).
pub fn transcript_body(file: &str, marker: &str) -> String {
    let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut lines = text.lines().skip_while(|l| !l.starts_with(marker));
    assert!(lines.next().is_some(), "marker {marker:?} not in {file}");
    lines
        .find(|l| l.starts_with('{') || l.starts_with('['))
        .unwrap_or_else(|| panic!("no body after {marker:?}"))
        .to_owned()
}

/// Standard base64 (for building `Authorization: Basic` headers in tests).
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `Basic base64(id:secret)`.
pub fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", base64(format!("{id}:{secret}").as_bytes()))
}

/// One recorded exchange of a transcript in the `### N. title` / `HTTP/1.1 ...` / headers /
/// blank line / body layout.
#[derive(Debug)]
pub struct Recorded {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The response recorded after the line starting with `marker` in `fixtures/{file}`.
pub fn transcript_case(file: &str, marker: &str) -> Recorded {
    let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut lines = text.lines().skip_while(|l| !l.starts_with(marker));
    assert!(lines.next().is_some(), "marker {marker:?} not in {file}");
    let status_line = lines
        .find(|l| l.starts_with("HTTP/1.1 "))
        .unwrap_or_else(|| panic!("no status line after {marker:?}"));
    let status = status_line[9..12].parse().expect("status");
    let mut headers = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':').expect("header line");
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let body = lines
        .take_while(|l| !l.starts_with("### "))
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_owned();
    Recorded {
        status,
        headers,
        body,
    }
}
