//! Fault injection selected per request by the `x-mock-fault` header.
//!
//! Grammar: `;`-separated `key=value` items (a bare `key` means `key=1`), keys case-insensitive,
//! whitespace around items ignored:
//!
//! | key | value | effect |
//! |---|---|---|
//! | `delay` | ms | wait first (client disconnects during the wait are counted as `aborted`) |
//! | `status` | 200..=599 | answer with that status instead of running the handler |
//! | `retry-after` | text | `Retry-After` header on a `status` fault |
//! | `body` | `json` / `text` / `empty` | body of a `status` fault (default `json`) |
//! | `drop` | `1` / `after` | close the connection with no response (`after`: run the handler first) |
//! | `truncate` | `1` | run the handler; send its status, headers, full `Content-Length`, half the body, close |
//! | `apply` | `1` | with `status`: run the handler first (its side effects happen), then answer the status |
//! | `stall` | `1` | run the handler; send its status, headers, full `Content-Length`, half the body, then nothing more until the client gives up |
//! | `nonjson` | `1` | run the handler; same status, body `<html>not json</html>` as `text/html` |
//! | `wrongshape` | `1` | run the handler; 200 with `{"unexpected":true}` (`[{"id":1}]` if it returned an array) |
//! | `redirect` | URL | answer 307 with `Location: URL` instead of running the handler |
//! | `id` | name | counts requests (`GET /__mock/faults/<name>`) |
//! | `times` | n | apply only to the first n requests with this `id` (or this exact header without `id`) |

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use http_body::Frame;
use serde_json::json;
use tokio::sync::Notify;

use crate::state::AppState;
use crate::util::{json_response, lock, text_response, JSON_CONTENT_TYPE};

/// Per-connection handle that makes the accept loop drop the connection (no response written).
#[derive(Clone)]
pub struct ConnKill(pub Arc<Notify>);

impl ConnKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultBody {
    Json,
    Text,
    Empty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropWhen {
    Before,
    After,
}

#[derive(Clone, Debug, Default)]
pub struct Fault {
    pub delay_ms: Option<u64>,
    pub status: Option<StatusCode>,
    pub retry_after: Option<String>,
    pub body: Option<FaultBody>,
    pub drop: Option<DropWhen>,
    pub truncate: bool,
    pub stall: bool,
    /// With `status`: run the handler first (its side effects happen), then answer the status.
    pub apply: bool,
    pub nonjson: bool,
    pub wrongshape: bool,
    pub redirect: Option<String>,
    pub id: Option<String>,
    pub times: Option<u64>,
}

/// Longest accepted `delay` (10 minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

fn flag(key: &str, value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("x-mock-fault: {key} expects 1 or 0, got {value:?}")),
    }
}

fn number(key: &str, value: &str) -> Result<u64, String> {
    value
        .parse::<u64>()
        .map_err(|_| format!("x-mock-fault: {key} expects a non-negative integer, got {value:?}"))
}

impl Fault {
    pub fn parse(header: &str) -> Result<Fault, String> {
        let mut f = Fault::default();
        for item in header.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim()),
                None => (item.to_ascii_lowercase(), "1"),
            };
            match key.as_str() {
                "delay" => {
                    let ms = number(&key, value)?;
                    if ms > MAX_DELAY_MS {
                        return Err(format!("x-mock-fault: delay is at most {MAX_DELAY_MS} ms"));
                    }
                    f.delay_ms = Some(ms);
                }
                "status" => {
                    let code = number(&key, value)?;
                    let status = u16::try_from(code)
                        .ok()
                        .filter(|c| (200..=599).contains(c))
                        .and_then(|c| StatusCode::from_u16(c).ok())
                        .ok_or_else(|| {
                            format!("x-mock-fault: status must be 200..=599, got {value:?}")
                        })?;
                    f.status = Some(status);
                }
                "retry-after" => {
                    HeaderValue::from_str(value)
                        .map_err(|_| format!("x-mock-fault: bad retry-after {value:?}"))?;
                    f.retry_after = Some(value.to_owned());
                }
                "body" => {
                    f.body = Some(match value.to_ascii_lowercase().as_str() {
                        "json" => FaultBody::Json,
                        "text" => FaultBody::Text,
                        "empty" => FaultBody::Empty,
                        _ => {
                            return Err(format!(
                                "x-mock-fault: body must be json, text or empty, got {value:?}"
                            ))
                        }
                    });
                }
                "drop" => {
                    f.drop = if value.eq_ignore_ascii_case("after") {
                        Some(DropWhen::After)
                    } else if flag(&key, value)? {
                        Some(DropWhen::Before)
                    } else {
                        None
                    };
                }
                "truncate" => f.truncate = flag(&key, value)?,
                "stall" => f.stall = flag(&key, value)?,
                "apply" => f.apply = flag(&key, value)?,
                "nonjson" => f.nonjson = flag(&key, value)?,
                "wrongshape" => f.wrongshape = flag(&key, value)?,
                "redirect" => {
                    HeaderValue::from_str(value)
                        .ok()
                        .filter(|_| !value.is_empty())
                        .ok_or_else(|| format!("x-mock-fault: bad redirect URL {value:?}"))?;
                    f.redirect = Some(value.to_owned());
                }
                "id" => {
                    if value.is_empty() {
                        return Err("x-mock-fault: id must not be empty".into());
                    }
                    f.id = Some(value.to_owned());
                }
                "times" => f.times = Some(number(&key, value)?),
                other => return Err(format!("x-mock-fault: unknown key {other:?}")),
            }
        }
        Ok(f)
    }
}

/// The response of a `redirect=` fault: 307 (the method and body are kept) to `location`.
pub fn redirect_response(location: &str) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    if let Ok(value) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, value);
    }
    resp
}

/// The response of a `status=` fault.
pub fn status_response(f: &Fault, status: StatusCode) -> Response {
    let code = status.as_u16();
    let mut resp = match f.body.unwrap_or(FaultBody::Json) {
        FaultBody::Json => json_response(
            status,
            &json!({ "code": "mock.fault", "message": format!("Injected fault {code}") }),
        ),
        FaultBody::Text => text_response(status, &format!("Injected fault {code}")),
        FaultBody::Empty => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = status;
            r
        }
    };
    if let Some(v) = f
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// Closes the connection without an HTTP response. In the real server the accept loop drops the
/// connection; without one (in-process `oneshot`) the body errors before any byte is produced.
pub async fn drop_connection(kill: Option<ConnKill>) -> Response {
    match kill {
        Some(kill) => {
            kill.kill();
            std::future::pending::<Response>().await
        }
        None => Response::new(Body::new(TruncatedBody {
            data: None,
            kill: None,
            scheduled: false,
        })),
    }
}

/// Same status and headers, `Content-Length` of the full body, half of the bytes, then the
/// connection is closed. An empty body degrades to `drop`.
pub async fn truncate(resp: Response, kill: Option<ConnKill>) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return drop_connection(kill).await;
    };
    if bytes.is_empty() {
        return drop_connection(kill).await;
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(0..bytes.len() / 2);
    Response::from_parts(
        parts,
        Body::new(TruncatedBody {
            data: Some(half),
            kill,
            scheduled: false,
        }),
    )
}

/// Same status and headers, `Content-Length` of the full body, half of the bytes, then the body
/// stalls (the connection stays open) until the client gives up.
pub async fn stall(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(2)),
    );
    let half = bytes.slice(0..bytes.len() / 2);
    Response::from_parts(parts, Body::new(StalledBody { data: Some(half) }))
}

/// A body that yields `data` once and then never ends.
pub struct StalledBody {
    data: Option<Bytes>,
}

impl http_body::Body for StalledBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.data.take() {
            Some(data) => Poll::Ready(Some(Ok(Frame::data(data)))),
            None => Poll::Pending,
        }
    }
}

pub fn nonjson(resp: Response) -> Response {
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from("<html>not json</html>"))
}

pub async fn wrongshape(resp: Response) -> Response {
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let is_array = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'[');
    let body: &'static [u8] = if is_array {
        b"[{\"id\":1}]"
    } else {
        b"{\"unexpected\":true}"
    };
    let mut r = Response::new(Body::from(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    r
}

/// Counts a client disconnect if dropped before `done()` (the delay future was cancelled).
pub struct AbortGuard {
    state: Arc<AppState>,
    key: Option<String>,
    done: bool,
}

impl AbortGuard {
    pub fn new(state: Arc<AppState>, key: Option<String>) -> Self {
        AbortGuard {
            state,
            key,
            done: false,
        }
    }

    pub async fn sleep(mut self, ms: u64) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        self.done = true;
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if !self.done {
            lock(&self.state.faults).aborted(self.key.as_deref());
        }
    }
}

/// A body that yields `data` once and then either stalls until the connection is killed, or
/// (without a connection handle) fails, which makes hyper abort the connection.
pub struct TruncatedBody {
    data: Option<Bytes>,
    kill: Option<ConnKill>,
    scheduled: bool,
}

impl http_body::Body for TruncatedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        match self.kill.clone() {
            Some(kill) => {
                if !self.scheduled {
                    self.scheduled = true;
                    // Let hyper flush what it has, then close the connection.
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        kill.kill();
                    });
                }
                Poll::Pending
            }
            None => Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "mock fault: connection dropped",
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_grammar() {
        let f = Fault::parse(" status=503; retry-after=7 ;body=text; id=x;times=2").unwrap();
        assert_eq!(f.status, Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(f.retry_after.as_deref(), Some("7"));
        assert_eq!(f.body, Some(FaultBody::Text));
        assert_eq!(f.id.as_deref(), Some("x"));
        assert_eq!(f.times, Some(2));
        let f = Fault::parse("retry-after=Wed, 21 Oct 2015 07:28:00 GMT;status=429").unwrap();
        assert_eq!(
            f.retry_after.as_deref(),
            Some("Wed, 21 Oct 2015 07:28:00 GMT")
        );
        let f = Fault::parse("redirect=http://localhost:1/api/x?y=1;times=1").unwrap();
        assert_eq!(f.redirect.as_deref(), Some("http://localhost:1/api/x?y=1"));
        assert!(Fault::parse("redirect=").is_err());
        let f = Fault::parse("drop").unwrap();
        assert_eq!(f.drop, Some(DropWhen::Before));
        let f = Fault::parse("status=504;apply;stall=1").unwrap();
        assert!(f.apply && f.stall);
        let f = Fault::parse("DROP=after;Truncate=1;nonjson=0").unwrap();
        assert_eq!(f.drop, Some(DropWhen::After));
        assert!(f.truncate);
        assert!(!f.nonjson);
        assert!(Fault::parse("status=99").is_err());
        assert!(Fault::parse("status=abc").is_err());
        assert!(Fault::parse("bogus=1").is_err());
        assert!(Fault::parse("delay=-1").is_err());
        assert!(Fault::parse("delay=999999999").is_err());
        assert!(Fault::parse("body=xml").is_err());
        assert!(Fault::parse("").is_ok());
    }
}
