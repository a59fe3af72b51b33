//! Logto's signing keys: the JWKS (RFC 7517) at its discovery document's `jwks_uri`, and when to
//! read it again. Keys are cached for `maxAgeMs`; a token whose `kid` is not among them makes
//! the verifier read the JWKS again (Logto rotated its key), but at most once per `cooldownMs`,
//! so tokens with forged `kid`s cannot make every request fetch. A failed read obeys the same
//! cooldown. Plain Rust: the shell keeps the state and fetches.

use super::jws::{Algorithm, Header};
use crate::wire::{Value, ValueType};

/// Default: keys older than this (ms) are read again before use (10 minutes).
pub const DEFAULT_MAX_AGE_MS: u32 = 600_000;
/// Default: at most one read of the JWKS per this many ms (30 seconds).
pub const DEFAULT_COOLDOWN_MS: u32 = 30_000;
/// Default time limit of reading the discovery document and the JWKS (ms).
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// The most keys kept from one JWKS.
const MAX_KEYS: usize = 16;

/// A public key's parameters, base64url as in the JWK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Material {
    /// `kty: "EC"`: `crv`, `x`, `y`.
    Ec {
        crv: &'static str,
        x: String,
        y: String,
    },
    /// `kty: "RSA"`: `n`, `e`.
    Rsa { n: String, e: String },
}

/// A usable signing key of the JWKS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`.
    pub kid: String,
    /// The one algorithm it verifies (from its type and curve; its `alg`, when given, agrees).
    pub alg: Algorithm,
    /// Its parameters.
    pub material: Material,
}

/// Reads a JWKS's signing keys: each key of `keys` with a `kid`, a `use` of `sig` and
/// `key_ops` including `verify` when given, an EC key on P-256/P-384/P-521 or an RSA key, and an `alg`, when given, that agrees with its
/// type. Other keys (encryption keys, other types) are left out. `None`: not a JWKS.
pub fn read_jwks<V: Value>(jwks: &V) -> Option<Vec<Jwk>> {
    let keys = jwks.member("keys").ok()?;
    if !keys.is(ValueType::Array) {
        return None;
    }
    let keys = keys.elements().ok()?;
    Some(keys.iter().filter_map(read_jwk).take(MAX_KEYS).collect())
}

fn read_jwk<V: Value>(key: &V) -> Option<Jwk> {
    let string = |name| key.member(name).ok().and_then(|v| v.string());
    let kid = string("kid").filter(|kid| !kid.is_empty())?;
    let member = |name| key.member(name).ok();
    if !member("use")?.is_absent() && string("use").as_deref() != Some("sig") {
        return None;
    }
    // RFC 7517 section 4.3: a key whose `key_ops` do not include "verify" is not for this.
    let ops = member("key_ops")?;
    let verifies = |ops: &V| {
        ops.is(ValueType::Array)
            && ops
                .elements()
                .is_ok_and(|ops| ops.iter().any(|op| op.is_str("verify")))
    };
    if !ops.is_absent() && !verifies(&ops) {
        return None;
    }
    let (alg, material) = match string("kty")?.as_str() {
        "EC" => {
            let (alg, crv) = match string("crv")?.as_str() {
                "P-256" => (Algorithm::Es256, "P-256"),
                "P-384" => (Algorithm::Es384, "P-384"),
                "P-521" => (Algorithm::Es512, "P-521"),
                _ => return None,
            };
            let material = Material::Ec {
                crv,
                x: string("x")?,
                y: string("y")?,
            };
            (alg, material)
        }
        "RSA" => (
            Algorithm::Rs256,
            Material::Rsa {
                n: string("n")?,
                e: string("e")?,
            },
        ),
        _ => return None,
    };
    let declared = key.member("alg").ok()?;
    if !declared.is_absent() && declared.string().as_deref() != Some(alg.name()) {
        return None;
    }
    Some(Jwk { kid, alg, material })
}

/// Whether the discovery document's `jwks_uri` may be read: an `https` URL, or an `http` one
/// only when Logto's `endpoint` is `http` too (local development). A document read over TLS
/// that names its keys over cleartext is refused: whoever is on that path could swap the keys.
pub fn jwks_uri_allowed(endpoint: &str, jwks_uri: &str) -> bool {
    let scheme = |url: &str| {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        if lower.starts_with("https://") {
            Some(true)
        } else if lower.starts_with("http://") {
            Some(false)
        } else {
            None
        }
    };
    matches!(
        (scheme(endpoint), scheme(jwks_uri)),
        (_, Some(true)) | (Some(false), Some(false))
    )
}

/// Which of `keys` signed a token with `header` (its index): the one with its `kid` and `alg`.
pub fn find<'k>(keys: impl IntoIterator<Item = &'k Jwk>, header: &Header) -> Option<usize> {
    keys.into_iter()
        .position(|key| key.kid == header.kid && key.alg == header.alg)
}

/// When the JWKS was read, and tried.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Reads {
    /// The last successful read (epoch ms).
    pub succeeded_at: Option<f64>,
    /// The last attempt, successful or not (epoch ms).
    pub attempted_at: Option<f64>,
}

/// The cache's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Keys older than this are read again.
    pub max_age_ms: u32,
    /// At most one read per this many ms.
    pub cooldown_ms: u32,
}

/// What to do for a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Verify with the cached keys (its `kid` may still be unknown: then it is refused).
    UseCached,
    /// Read the JWKS (or join the read under way), then verify with what it gives.
    Read,
}

impl Reads {
    /// For a token whose `kid` is `known` among the cached keys, now (epoch ms), while a read is
    /// `under_way` or not (a token with an unknown `kid` joins it: it may bring that key).
    pub fn next(&self, known: bool, under_way: bool, now_ms: f64, policy: Policy) -> Next {
        if under_way && !known {
            return Next::Read;
        }
        let cooled = self
            .attempted_at
            .is_none_or(|at| now_ms - at >= f64::from(policy.cooldown_ms) || now_ms < at);
        let stale = self
            .succeeded_at
            .is_none_or(|at| now_ms - at >= f64::from(policy.max_age_ms) || now_ms < at);
        match (known, stale, cooled) {
            (true, false, _) => Next::UseCached,
            (_, _, true) => Next::Read,
            // Stale but within the cooldown: the cached key still verifies. Unknown kid within
            // the cooldown: refused without a read.
            (_, _, false) => Next::UseCached,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const POLICY: Policy = Policy {
        max_age_ms: 600_000,
        cooldown_ms: 30_000,
    };

    #[test]
    fn reads_logto_jwks() {
        // The shape of Logto's `/oidc/jwks` (an EC P-384 key, its kid the JWK thumbprint-like
        // SHA-256 of its members), with an RSA key and keys that are left out.
        let keys = read_jwks(&Some(json!({ "keys": [
            { "kty": "EC", "crv": "P-384", "x": "AAA", "y": "BBB", "kid": "ec1", "use": "sig", "alg": "ES384" },
            { "kty": "RSA", "n": "NNN", "e": "AQAB", "kid": "rsa1" },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "enc", "use": "enc" },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "lies", "alg": "ES256" },
            { "kty": "EC", "crv": "secp256k1", "x": "A", "y": "B", "kid": "k" },
            { "kty": "OKP", "crv": "Ed25519", "x": "A", "kid": "ed" },
            { "kty": "oct", "k": "secret", "kid": "hmac" },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B" },
            "not a key"
        ] }))).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].alg, Algorithm::Es384);
        assert_eq!(
            keys[0].material,
            Material::Ec {
                crv: "P-384",
                x: "AAA".into(),
                y: "BBB".into()
            }
        );
        assert_eq!(keys[1].alg, Algorithm::Rs256);
        let header = |alg, kid: &str| Header {
            alg,
            kid: kid.to_owned(),
        };
        assert_eq!(find(&keys, &header(Algorithm::Es384, "ec1")), Some(0));
        // The right kid with another algorithm: no key (an RSA key never verifies ES384).
        assert!(find(&keys, &header(Algorithm::Rs256, "ec1")).is_none());
        assert!(find(&keys, &header(Algorithm::Es384, "forged")).is_none());
        assert!(read_jwks(&Some(json!({ "keys": {} }))).is_none());
        // RFC 7517 section 4.3: `key_ops`, when given, must allow "verify"; `use`, when given,
        // must be the string "sig".
        let kept = read_jwks(&Some(json!({ "keys": [
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "ops", "key_ops": ["verify"] },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "enc-ops", "key_ops": ["encrypt"] },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "no-ops", "key_ops": [] },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "bad-ops", "key_ops": "verify" },
            { "kty": "EC", "crv": "P-384", "x": "A", "y": "B", "kid": "bad-use", "use": 1 }
        ] }))).unwrap();
        let kids: Vec<&str> = kept.iter().map(|key| key.kid.as_str()).collect();
        assert_eq!(kids, ["ops"]);
        assert!(read_jwks(&Some(json!([]))).is_none());
    }

    #[test]
    fn keys_over_tls_when_logto_is_over_tls() {
        let tls = "https://auth.example.com";
        assert!(jwks_uri_allowed(tls, "https://auth.example.com/oidc/jwks"));
        assert!(jwks_uri_allowed(tls, "HTTPS://keys.example.com/jwks"));
        assert!(!jwks_uri_allowed(tls, "http://auth.example.com/oidc/jwks"));
        assert!(!jwks_uri_allowed(
            "HTTPS://auth.example.com",
            "http://a/jwks"
        ));
        assert!(!jwks_uri_allowed(tls, "file:///etc/passwd"));
        assert!(!jwks_uri_allowed(tls, "/oidc/jwks"));
        let local = "http://127.0.0.1:3001";
        assert!(jwks_uri_allowed(local, "http://127.0.0.1:3001/oidc/jwks"));
        assert!(jwks_uri_allowed(
            local,
            "https://auth.example.com/oidc/jwks"
        ));
        assert!(!jwks_uri_allowed(local, "ftp://x/jwks"));
    }

    #[test]
    fn reads_again_at_most_once_per_cooldown() {
        let never = Reads::default();
        assert_eq!(never.next(false, false, 0.0, POLICY), Next::Read);
        let read = Reads {
            succeeded_at: Some(1_000.0),
            attempted_at: Some(1_000.0),
        };
        assert_eq!(read.next(true, false, 2_000.0, POLICY), Next::UseCached);
        // A kid not in the keys: one read, then none for the cooldown, however many forged kids.
        assert_eq!(read.next(false, false, 31_000.0, POLICY), Next::Read);
        for now in [1_001.0, 10_000.0, 30_999.0] {
            assert_eq!(
                read.next(false, false, now, POLICY),
                Next::UseCached,
                "{now}"
            );
        }
        // Stale keys are read again; within the cooldown they are still used.
        assert_eq!(read.next(true, false, 601_000.0, POLICY), Next::Read);
        let failed = Reads {
            succeeded_at: Some(1_000.0),
            attempted_at: Some(601_000.0),
        };
        assert_eq!(failed.next(true, false, 602_000.0, POLICY), Next::UseCached);
        assert_eq!(failed.next(true, false, 631_000.0, POLICY), Next::Read);
        // A failed first read also waits for the cooldown.
        let down = Reads {
            succeeded_at: None,
            attempted_at: Some(1_000.0),
        };
        assert_eq!(down.next(false, false, 2_000.0, POLICY), Next::UseCached);
        assert_eq!(down.next(false, false, 31_000.0, POLICY), Next::Read);
        // A read under way is joined by a token whose kid is unknown, however recent the attempt.
        let reading = Reads {
            succeeded_at: None,
            attempted_at: Some(1_000.0),
        };
        assert_eq!(reading.next(false, true, 1_001.0, POLICY), Next::Read);
        assert_eq!(read.next(true, true, 2_000.0, POLICY), Next::UseCached);
        // A clock that went back does not stop reads for good.
        assert_eq!(read.next(false, false, 500.0, POLICY), Next::Read);
    }
}
