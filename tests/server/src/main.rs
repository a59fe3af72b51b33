//! `logto-local-server`: see `README.md` and `--help`.

use std::future::Future;
use std::io::Write;
use std::process::ExitCode;
use std::task::Poll;

use logto_local_server::cli::{self, Command, USAGE};
use logto_local_server::server::{bind, serve};
use logto_local_server::App;

fn main() -> ExitCode {
    let cfg = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Run(cfg)) => *cfg,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("logto-local-server {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("logto-local-server: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let app = match App::new(cfg.clone()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("logto-local-server: seed: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match bind(&cfg) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("logto-local-server: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("logto-local-server: {e}");
            return ExitCode::from(1);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("logto-local-server: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("logto-local-server: {e}");
                return ExitCode::from(1);
            }
        };
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "listening on http://{addr}");
        let _ = stdout.flush();
        tokio::spawn(serve(listener, app));
        shutdown_signal().await;
        ExitCode::SUCCESS
    })
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let mut ctrl_c = std::pin::pin!(ctrl_c);
    std::future::poll_fn(|cx| {
        if ctrl_c.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        #[cfg(unix)]
        if let Some(term) = term.as_mut() {
            if term.poll_recv(cx).is_ready() {
                return Poll::Ready(());
            }
        }
        Poll::Pending
    })
    .await;
}
