//! Hand-rolled command-line parsing (keeps the dependency tree small).

use std::path::PathBuf;

use crate::oidc::is_absolute_url;
use crate::state::{Config, CorsMode, Secret, DEMO_SEED};

/// Longest `--token-ttl-seconds` accepted (ten years).
pub const MAX_TOKEN_TTL_SECONDS: u64 = 315_360_000;

pub const USAGE: &str = "\
Usage: logto-local-server [options]

  --port N                          port to listen on (default 0: pick a free one)
  --host ADDR                       address to bind (default 127.0.0.1)
  --token T                         bearer token with full access (default dev-token)
  --forbidden-token T               bearer token without the `all` scope: 403 (default dev-token-no-scope)
  --m2m-app-id ID                   client id accepted by POST /oidc/token (default m2m-app)
  --m2m-app-secret S                its client secret (default m2m-secret; never printed)
  --token-ttl-seconds N             lifetime of issued tokens, `expires_in` (default 3600)
  --resource URI                    resource indicator POST /oidc/token accepts
                                    (default https://default.logto.app/api)
  --cors dev|production             /api CORS: dev echoes every origin (default); production
                                    answers like a production Logto (no Access-Control-* headers)
  --email-connector                 start with the fake email connector configured (default: none, 501)
  --message-rate-limit-seconds N    rolling window of the per-recipient message cap (default 600, 0 disables)
  --message-rate-limit-max N        messages per recipient within the window (default 10)
  --static DIR                      serve DIR at / (index.html for directories)
  --latency-ms N                    hold every response until N ms after its request arrived:
                                    a simulated round trip (default 0, at most 10000)
  --seed FILE                       load a seed document (JSON) at start and on POST /__mock/reset
  --demo                            load the built-in demo seed
  -h, --help                        show this help
  -V, --version                     show the version

Prints `listening on http://HOST:PORT` on stdout once ready.";

pub enum Command {
    Run(Box<Config>),
    Help,
    Version,
}

fn check_token(flag: &str, t: &str) -> Result<(), String> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "{flag} must be non-empty printable ASCII without spaces"
        ));
    }
    Ok(())
}

pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut cfg = Config::default();
    let mut demo = false;
    let mut seed_file: Option<PathBuf> = None;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let value = |it: &mut I::IntoIter| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--port" => {
                let v = value(&mut it)?;
                cfg.port = v.parse().map_err(|_| format!("--port: bad port {v:?}"))?;
            }
            "--host" => cfg.host = value(&mut it)?,
            "--token" => cfg.token = value(&mut it)?,
            "--forbidden-token" => cfg.forbidden_token = value(&mut it)?,
            "--m2m-app-id" => cfg.m2m_app_id = value(&mut it)?,
            "--m2m-app-secret" => cfg.m2m_app_secret = Secret(value(&mut it)?),
            "--token-ttl-seconds" => {
                let v = value(&mut it)?;
                cfg.token_ttl_seconds = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_TOKEN_TTL_SECONDS).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--token-ttl-seconds: expected 1..={MAX_TOKEN_TTL_SECONDS}, got {v:?}"
                        )
                    })?;
            }
            "--resource" => cfg.resource = value(&mut it)?,
            "--cors" => {
                cfg.cors = match value(&mut it)?.as_str() {
                    "dev" => CorsMode::Dev,
                    "production" => CorsMode::Production,
                    v => return Err(format!("--cors: expected dev or production, got {v:?}")),
                }
            }
            "--email-connector" => {
                cfg.email_connector = match inline.as_deref() {
                    None | Some("true") | Some("1") => true,
                    Some("false") | Some("0") => false,
                    Some(v) => return Err(format!("--email-connector: bad value {v:?}")),
                }
            }
            "--message-rate-limit-seconds" => {
                let v = value(&mut it)?;
                cfg.message_rate_limit_seconds = v
                    .parse()
                    .map_err(|_| format!("--message-rate-limit-seconds: bad number {v:?}"))?;
            }
            "--message-rate-limit-max" => {
                let v = value(&mut it)?;
                cfg.message_rate_limit_max = v
                    .parse()
                    .map_err(|_| format!("--message-rate-limit-max: bad number {v:?}"))?;
            }
            "--latency-ms" => {
                let v = value(&mut it)?;
                cfg.latency_ms = v
                    .parse()
                    .ok()
                    .filter(|n| *n <= 10_000)
                    .ok_or_else(|| format!("--latency-ms: expected 0..=10000, got {v:?}"))?;
            }
            "--static" => cfg.static_dir = Some(PathBuf::from(value(&mut it)?)),
            "--seed" => seed_file = Some(PathBuf::from(value(&mut it)?)),
            "--demo" => demo = true,
            // A stray value is not echoed: it could be a secret that lost its flag.
            other if !other.starts_with('-') => {
                return Err("unexpected value without a flag (not shown)".into())
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    check_token("--token", &cfg.token)?;
    check_token("--forbidden-token", &cfg.forbidden_token)?;
    check_token("--m2m-app-id", &cfg.m2m_app_id)?;
    check_token("--m2m-app-secret", cfg.m2m_app_secret.expose())?;
    if !is_absolute_url(&cfg.resource)
        || cfg.resource.contains('#')
        || !cfg.resource.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(format!(
            "--resource: {:?} is not an absolute URI without a fragment",
            cfg.resource
        ));
    }
    if cfg.token == cfg.forbidden_token {
        return Err("--token and --forbidden-token must differ".into());
    }
    if let Some(dir) = &cfg.static_dir {
        if !dir.is_dir() {
            return Err(format!("--static: {} is not a directory", dir.display()));
        }
    }
    if demo {
        cfg.seeds
            .push(serde_json::from_str(DEMO_SEED).map_err(|e| format!("built-in demo seed: {e}"))?);
    }
    if let Some(file) = seed_file {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("--seed: cannot read {}: {e}", file.display()))?;
        cfg.seeds.push(
            serde_json::from_str(&text)
                .map_err(|e| format!("--seed: {} is not JSON: {e}", file.display()))?,
        );
    }
    Ok(Command::Run(Box::new(cfg)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(cfg) => Ok(*cfg),
            _ => Err("not run".into()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let cfg = run(&[]).unwrap();
        assert_eq!(cfg.host, "127.0.0.1");
        assert_eq!(cfg.port, 0);
        assert_eq!(cfg.token, "dev-token");
        assert_eq!(cfg.forbidden_token, "dev-token-no-scope");
        assert!(!cfg.email_connector);
        assert_eq!(cfg.message_rate_limit_seconds, 600);
        assert_eq!(cfg.message_rate_limit_max, 10);
        assert_eq!(cfg.m2m_app_id, "m2m-app");
        assert_eq!(cfg.m2m_app_secret.expose(), "m2m-secret");
        assert_eq!(cfg.token_ttl_seconds, 3600);
        assert_eq!(cfg.resource, "https://default.logto.app/api");
        assert_eq!(cfg.cors, CorsMode::Dev);

        let cfg = run(&[
            "--m2m-app-id",
            "app1",
            "--m2m-app-secret=s3cr3t",
            "--token-ttl-seconds",
            "2",
            "--resource=https://tenant.logto.app/api",
            "--cors",
            "production",
        ])
        .unwrap();
        assert_eq!(cfg.m2m_app_id, "app1");
        assert_eq!(cfg.m2m_app_secret.expose(), "s3cr3t");
        assert!(
            !format!("{cfg:?}").contains("s3cr3t"),
            "Debug hides the secret"
        );
        assert_eq!(cfg.token_ttl_seconds, 2);
        assert_eq!(cfg.resource, "https://tenant.logto.app/api");
        assert_eq!(cfg.cors, CorsMode::Production);

        let cfg = run(&[
            "--port=8080",
            "--token",
            "t1",
            "--forbidden-token=t2",
            "--email-connector",
            "--message-rate-limit-seconds",
            "0",
            "--message-rate-limit-max=3",
            "--demo",
        ])
        .unwrap();
        assert_eq!(cfg.port, 8080);
        assert_eq!(cfg.token, "t1");
        assert_eq!(cfg.forbidden_token, "t2");
        assert!(cfg.email_connector);
        assert_eq!(cfg.message_rate_limit_seconds, 0);
        assert_eq!(cfg.message_rate_limit_max, 3);
        assert_eq!(cfg.seeds.len(), 1);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(run(&["--port"]).is_err());
        assert!(run(&["--port", "x"]).is_err());
        assert!(run(&["--nope"]).is_err());
        assert!(run(&["--token", "a b"]).is_err());
        assert!(run(&["--token", "same", "--forbidden-token", "same"]).is_err());
        assert!(run(&["--static", "/definitely/not/here"]).is_err());
        assert!(run(&["--seed", "/definitely/not/here.json"]).is_err());
        assert!(run(&["--token-ttl-seconds", "0"]).is_err());
        assert!(run(&["--token-ttl-seconds", "-1"]).is_err());
        assert!(run(&["--token-ttl-seconds", "315360001"]).is_err());
        assert!(run(&["--cors", "prod"]).is_err());
        assert!(run(&["--resource", "not a uri"]).is_err());
        assert!(run(&["--resource", "https://x/api#frag"]).is_err());
        assert!(run(&["--m2m-app-id", ""]).is_err());
        let err = run(&["--m2m-app-secret", "has space"]).unwrap_err();
        assert!(!err.contains("has space"), "{err}");
        let err = run(&["--demo", "stray-secret"]).unwrap_err();
        assert!(!err.contains("stray-secret"), "{err}");
        assert!(matches!(parse(["--help".to_string()]), Ok(Command::Help)));
    }
}
