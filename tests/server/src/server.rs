//! The accept loop: hyper HTTP/1.1 connections served by [`App`], with a per-connection kill
//! switch so faults can close a connection without writing a response.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::app::App;
use crate::faults::ConnKill;
use crate::state::Config;

/// Serves connections forever.
pub async fn serve(listener: TcpListener, app: App) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // E.g. too many open files: back off a little instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let latency = Duration::from_millis(app.state.cfg.latency_ms);
        tokio::spawn(async move {
            let kill = ConnKill(Arc::new(Notify::new()));
            let handle = kill.clone();
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let app = app.clone();
                let handle = handle.clone();
                async move {
                    let arrived = tokio::time::Instant::now();
                    let mut req = req.map(Body::new);
                    req.extensions_mut().insert(handle);
                    let response = app.handle(req).await;
                    // `--latency-ms`: the answer leaves one simulated round trip after the request.
                    if !latency.is_zero() {
                        tokio::time::sleep_until(arrived + latency).await;
                    }
                    Ok::<_, Infallible>(response)
                }
            });
            // No header-read timeout: idle keep-alive connections from browsers are never cut
            // by the server (a cut reused socket can make a browser fail or replay a POST).
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(None)
                .title_case_headers(true)
                .serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            let mut killed = std::pin::pin!(kill.0.notified());
            // Whichever comes first: the connection ends, or a fault asks to drop it (dropping
            // the connection future closes the socket with nothing more written).
            std::future::poll_fn(|cx| {
                if killed.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(());
                }
                conn.as_mut().poll(cx).map(|_| ())
            })
            .await;
        });
    }
}

/// Binds `cfg.host:cfg.port` (port 0 picks a free one).
pub fn bind(cfg: &Config) -> Result<std::net::TcpListener, String> {
    let listener = std::net::TcpListener::bind((cfg.host.as_str(), cfg.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot configure the socket: {e}"))?;
    Ok(listener)
}

/// Starts a server on its own runtime thread (for tests); returns its address.
pub fn spawn(cfg: Config) -> Result<SocketAddr, String> {
    let app = App::new(cfg.clone())?;
    let listener = bind(&cfg)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            match TcpListener::from_std(listener) {
                Ok(listener) => serve(listener, app).await,
                Err(e) => eprintln!("logto-local-server: {e}"),
            }
        });
    });
    Ok(addr)
}
