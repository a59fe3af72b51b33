//! A Logto access token's claims and the checks on them. Logto (node-oidc-provider's JWT access
//! token format, RFC 9068) signs `jti`, `sub`, `iat`, `exp`, `scope`, `client_id`, `iss` and
//! `aud`; an organization token's `aud` is `urn:logto:organization:{organizationId}` and its
//! `scope` the organization permissions the user holds there and the app asked for. Plain Rust.

use super::problem::TokenProblem;
use crate::wire::{Value, ValueType};

/// What an organization token's `aud` starts with (Logto's `organizationUrnPrefix`).
pub const ORGANIZATION_URN_PREFIX: &str = "urn:logto:organization:";

/// The default clock tolerance for `exp`, `nbf` and `iat`, in seconds.
pub const DEFAULT_CLOCK_TOLERANCE_S: u32 = 30;

/// The claims that decide anything, as read from the payload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claims {
    /// `iss`.
    pub iss: Option<String>,
    /// `sub`: the user's ID, or for a client-credentials token the app's.
    pub sub: Option<String>,
    /// `aud`, a string or an array of strings, as a list.
    pub aud: Vec<String>,
    /// `exp`, `nbf`, `iat`: seconds since the epoch.
    pub exp: Option<f64>,
    /// Not before.
    pub nbf: Option<f64>,
    /// Issued at.
    pub iat: Option<f64>,
    /// `scope`: space-separated.
    pub scope: Option<String>,
    /// `client_id`: the app the token was issued to.
    pub client_id: Option<String>,
}

impl Claims {
    /// Reads a parsed payload: an object whose registered claims, when present, have their
    /// types (a string, a number, `aud` a string or an array of strings).
    pub fn read<V: Value>(payload: &V) -> Result<Claims, TokenProblem> {
        if !payload.is(ValueType::Object) {
            return Err(TokenProblem::Malformed);
        }
        let member = |key| payload.member(key).map_err(|_| TokenProblem::Malformed);
        let string = |key| -> Result<Option<String>, TokenProblem> {
            let value = member(key)?;
            if value.is(ValueType::Undefined) {
                return Ok(None);
            }
            value.string().map(Some).ok_or(TokenProblem::Malformed)
        };
        let number = |key| -> Result<Option<f64>, TokenProblem> {
            let value = member(key)?;
            if value.is(ValueType::Undefined) {
                return Ok(None);
            }
            value
                .number()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or(TokenProblem::Malformed)
        };
        let aud = member("aud")?;
        let aud = match aud.value_type() {
            ValueType::Undefined => Vec::new(),
            ValueType::String => aud.string().into_iter().collect(),
            ValueType::Array => aud
                .elements()
                .map_err(|_| TokenProblem::Malformed)?
                .iter()
                .map(|v| v.string().ok_or(TokenProblem::Malformed))
                .collect::<Result<_, _>>()?,
            _ => return Err(TokenProblem::Malformed),
        };
        Ok(Claims {
            iss: string("iss")?,
            sub: string("sub")?,
            aud,
            exp: number("exp")?,
            nbf: number("nbf")?,
            iat: number("iat")?,
            scope: string("scope")?,
            client_id: string("client_id")?,
        })
    }
}

/// The audience a token must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience<'a> {
    /// Exactly one organization: an organization token.
    Organization,
    /// Exactly this resource indicator (the app's own API resource): an ordinary access token.
    Resource(&'a str),
}

/// What the checks expect.
#[derive(Clone, Debug)]
pub struct Expected<'a> {
    /// The issuer of Logto's discovery document.
    pub issuer: &'a str,
    /// The audience.
    pub audience: Audience<'a>,
    /// The app IDs whose tokens are accepted (`client_id`); `None`: any app's.
    pub app_ids: Option<&'a [String]>,
    /// Whether a machine-to-machine app's token (`sub` = `client_id`) is accepted.
    pub machine_to_machine: bool,
    /// Now, in seconds since the epoch.
    pub now_s: f64,
    /// The clock tolerance, in seconds.
    pub tolerance_s: f64,
}

/// A token that passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// `sub`: the user's ID (or the machine-to-machine app's).
    pub subject: String,
    /// The organization of an organization token's audience.
    pub organization_id: Option<String>,
    /// `scope`: space-separated.
    pub scope: String,
    /// Whether it is a machine-to-machine app's token (`sub` = `client_id`).
    pub machine: bool,
}

impl Verified {
    /// Whether `scope` holds `permission`.
    pub fn has(&self, permission: &str) -> bool {
        self.scope.split(' ').any(|scope| scope == permission)
    }
}

/// Checks the claims, in this order: `iss`, `exp`, `nbf` and `iat` (with the tolerance), `aud`,
/// `client_id`, `sub`.
pub fn check(claims: &Claims, expected: &Expected<'_>) -> Result<Verified, TokenProblem> {
    if claims.iss.as_deref() != Some(expected.issuer) {
        return Err(TokenProblem::Issuer);
    }
    let now = expected.now_s;
    let tolerance = expected.tolerance_s;
    match claims.exp {
        Some(exp) if now <= exp + tolerance => {}
        _ => return Err(TokenProblem::Expired),
    }
    if [claims.nbf, claims.iat]
        .iter()
        .flatten()
        .any(|&at| at > now + tolerance)
    {
        return Err(TokenProblem::NotYetValid);
    }
    let organization_id = match (expected.audience, claims.aud.as_slice()) {
        (Audience::Organization, [one]) => Some(
            one.strip_prefix(ORGANIZATION_URN_PREFIX)
                .filter(|id| is_organization_id(id))
                .ok_or(TokenProblem::Audience)?
                .to_owned(),
        ),
        (Audience::Resource(resource), [one]) if one == resource => None,
        _ => return Err(TokenProblem::Audience),
    };
    let client_id = claims.client_id.as_deref().ok_or(TokenProblem::Client)?;
    if let Some(app_ids) = expected.app_ids {
        if !app_ids.iter().any(|id| id == client_id) {
            return Err(TokenProblem::Client);
        }
    }
    let subject = claims
        .sub
        .as_deref()
        .filter(|sub| !sub.is_empty())
        .ok_or(TokenProblem::Subject)?;
    let machine = subject == client_id;
    if machine && !expected.machine_to_machine {
        return Err(TokenProblem::Subject);
    }
    Ok(Verified {
        subject: subject.to_owned(),
        organization_id,
        scope: claims.scope.clone().unwrap_or_default(),
        machine,
    })
}

/// An organization ID as Logto makes them (letters, digits, `-`, `_`): nothing that could
/// change a path or a filter.
fn is_organization_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: f64 = 1_800_000_000.0;

    /// The fixture: an organization token's claims in Logto's format (see its SOURCE.md).
    const FIXTURE: &str =
        include_str!("../../tests/fixtures/organization-token/logto-organization-token.json");

    fn logto_claims() -> Claims {
        let fixture: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
        let mut claims = fixture["claims"].clone();
        assert_eq!(
            claims["iat"],
            json!(1_800_000_000),
            "NOW is the fixture's iat"
        );
        claims["iat"] = json!(NOW - 10.0);
        claims["exp"] = json!(NOW + 3590.0);
        Claims::read(&Some(claims)).unwrap()
    }

    #[test]
    fn the_fixtures_header_is_a_logto_header() {
        let fixture: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
        let header = crate::access_token::jws::Header::read(&Some(fixture["header"].clone()));
        assert_eq!(
            header.unwrap().alg,
            crate::access_token::jws::Algorithm::Es384
        );
    }

    fn apps() -> Vec<String> {
        vec!["dashboardspa000000001".to_owned()]
    }

    fn expected(app_ids: &[String]) -> Expected<'_> {
        Expected {
            issuer: "https://auth.example.com/oidc",
            audience: Audience::Organization,
            app_ids: Some(app_ids),
            machine_to_machine: false,
            now_s: NOW,
            tolerance_s: 30.0,
        }
    }

    #[test]
    fn a_logto_organization_token_passes() {
        let apps = apps();
        let verified = check(&logto_claims(), &expected(&apps)).unwrap();
        assert_eq!(verified.organization_id.as_deref(), Some("acme7k2m9q4x"));
        assert_eq!(verified.subject, "usralice0001");
        assert!(verified.has("invite:member") && !verified.has("invite"));
        assert!(!verified.machine);
    }

    #[test]
    fn each_claim_is_checked() {
        let apps = apps();
        let e = expected(&apps);
        let with = |change: &dyn Fn(&mut Claims)| {
            let mut claims = logto_claims();
            change(&mut claims);
            check(&claims, &e)
        };
        assert_eq!(
            with(&|c| c.iss = Some("https://auth.example.com/oidc/".into())),
            Err(TokenProblem::Issuer)
        );
        assert_eq!(with(&|c| c.iss = None), Err(TokenProblem::Issuer));
        assert_eq!(
            with(&|c| c.exp = Some(NOW - 31.0)),
            Err(TokenProblem::Expired)
        );
        assert!(
            with(&|c| c.exp = Some(NOW - 29.0)).is_ok(),
            "within the tolerance"
        );
        assert_eq!(with(&|c| c.exp = None), Err(TokenProblem::Expired));
        assert_eq!(
            with(&|c| c.nbf = Some(NOW + 31.0)),
            Err(TokenProblem::NotYetValid)
        );
        assert_eq!(
            with(&|c| c.iat = Some(NOW + 31.0)),
            Err(TokenProblem::NotYetValid)
        );
        assert!(with(&|c| c.nbf = Some(NOW + 29.0)).is_ok());
        let two = vec![
            "urn:logto:organization:acme7k2m9q4x".to_owned(),
            "urn:logto:organization:globex3p8r1v".to_owned(),
        ];
        assert_eq!(with(&|c| c.aud = two.clone()), Err(TokenProblem::Audience));
        assert_eq!(with(&|c| c.aud = vec![]), Err(TokenProblem::Audience));
        for aud in [
            "https://api.example.com",
            "urn:logto:organization:",
            "urn:logto:organization:a/b",
            "urn:logto:organization:..",
            "urn:logto:organization:a b",
        ] {
            assert_eq!(
                with(&|c| c.aud = vec![aud.to_owned()]),
                Err(TokenProblem::Audience),
                "{aud}"
            );
        }
        assert_eq!(
            with(&|c| c.aud = two[..1].to_vec())
                .unwrap()
                .organization_id
                .as_deref(),
            Some("acme7k2m9q4x")
        );
        assert_eq!(
            with(&|c| c.client_id = Some("other".into())),
            Err(TokenProblem::Client)
        );
        assert_eq!(with(&|c| c.client_id = None), Err(TokenProblem::Client));
        assert_eq!(with(&|c| c.sub = None), Err(TokenProblem::Subject));
        assert_eq!(
            with(&|c| c.sub = Some(String::new())),
            Err(TokenProblem::Subject)
        );
        // A machine-to-machine app's client-credentials organization token: `sub` is its ID.
        assert_eq!(
            with(&|c| c.sub = c.client_id.clone()),
            Err(TokenProblem::Subject)
        );
        let m2m = Expected {
            machine_to_machine: true,
            ..e.clone()
        };
        let mut claims = logto_claims();
        claims.sub = claims.client_id.clone();
        assert!(check(&claims, &m2m).unwrap().machine);
        assert_eq!(with(&|c| c.scope = None).unwrap().scope, "");
    }

    #[test]
    fn an_ordinary_access_token_for_the_apps_resource() {
        let mut claims = logto_claims();
        claims.aud = vec!["https://api.example.com".into()];
        let resource = Expected {
            audience: Audience::Resource("https://api.example.com"),
            app_ids: None,
            ..expected(&[])
        };
        let verified = check(&claims, &resource).unwrap();
        assert_eq!(
            (verified.subject.as_str(), verified.organization_id),
            ("usralice0001", None)
        );
        claims.aud = vec!["urn:logto:organization:acme7k2m9q4x".into()];
        assert_eq!(check(&claims, &resource), Err(TokenProblem::Audience));
        claims.aud = vec![
            "https://api.example.com".into(),
            "https://other.example.com".into(),
        ];
        assert_eq!(check(&claims, &resource), Err(TokenProblem::Audience));
    }

    #[test]
    fn claims_of_the_wrong_type_are_malformed() {
        for payload in [
            json!({ "exp": "1800000000" }),
            json!({ "aud": 1 }),
            json!({ "aud": ["a", 1] }),
            json!({ "sub": 1 }),
            json!({ "scope": ["a"] }),
            json!([]),
            json!(null),
        ] {
            assert_eq!(
                Claims::read(&Some(payload.clone())),
                Err(TokenProblem::Malformed),
                "{payload}"
            );
        }
        let claims = Claims::read(&Some(json!({ "aud": ["a", "b"], "extra": {} }))).unwrap();
        assert_eq!(claims.aud, vec!["a", "b"]);
    }
}
