//! Hand-rolled command-line parsing (keeps the dependency tree small).

use std::path::PathBuf;

use crate::state::{Config, DEMO_SEED};

pub const USAGE: &str = "\
Usage: logto-local-server [options]

  --port N                          port to listen on (default 0: pick a free one)
  --host ADDR                       address to bind (default 127.0.0.1)
  --token T                         bearer token with full access (default dev-token)
  --forbidden-token T               bearer token without the `all` scope: 403 (default dev-token-no-scope)
  --email-connector                 start with the fake email connector configured (default: none, 501)
  --message-rate-limit-seconds N    rolling window of the per-recipient message cap (default 600, 0 disables)
  --message-rate-limit-max N        messages per recipient within the window (default 10)
  --static DIR                      serve DIR at / (index.html for directories)
  --seed FILE                       load a seed document (JSON) at start and on POST /__mock/reset
  --demo                            load the built-in demo seed
  -h, --help                        show this help
  -V, --version                     show the version

Prints `listening on http://HOST:PORT` on stdout once ready.";

pub enum Command {
    Run(Config),
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
            "--static" => cfg.static_dir = Some(PathBuf::from(value(&mut it)?)),
            "--seed" => seed_file = Some(PathBuf::from(value(&mut it)?)),
            "--demo" => demo = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    check_token("--token", &cfg.token)?;
    check_token("--forbidden-token", &cfg.forbidden_token)?;
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
    Ok(Command::Run(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(cfg) => Ok(cfg),
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
        assert!(matches!(parse(["--help".to_string()]), Ok(Command::Help)));
    }
}
