//! Logto's JWT access tokens, as the local server issues them: organization tokens (`aud`
//! `urn:logto:organization:{id}`, `scope` the user's organization permissions there) and ordinary
//! access tokens for an API resource, signed ES384 with a P-384 key as Logto signs by default;
//! the discovery document (`GET /oidc/.well-known/openid-configuration`, `issuer` and
//! `jwks_uri`) and the JWKS (`GET /oidc/jwks`); key rotation.
//!
//! Format, read in Logto's and node-oidc-provider's sources (not recorded from a real server):
//! node-oidc-provider's JWT access token format (`lib/models/formats/jwt.js`) signs the header
//! `{"alg","typ":"at+jwt","kid"}` and the claims `jti, sub, iat, exp, scope, client_id, iss, aud`
//! in this order; `sub` is the app's ID for a client-credentials token. Logto's
//! `handleOrganizationToken` (`packages/core/src/oidc/grants/utils.ts`) sets `aud` to the
//! organization URN, `scope` to the requested scopes the user's organization roles grant, and a
//! TTL of 3600 s. Logto generates P-384 keys (`generateOidcPrivateKey`), signs ES384 with them
//! (`env-set/oidc.ts`), and its `kid` is the base64url SHA-256 of `{"crv","kty","x","y"}` as
//! JSON (`utils/jwks.ts`). The issuer is `{endpoint}/oidc`.
//!
//! Issuing: Logto issues organization tokens through the refresh-token grant with
//! `organization_id`, after a user's sign-in; the local server has no sign-in, so
//! `POST /__mock/oidc/organization-token` and `POST /__mock/oidc/access-token` issue them for
//! seeded users (tests/server/README.md).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use base64ct::{Base64UrlUnpadded, Encoding};
use p384::ecdsa::signature::Signer;
use p384::ecdsa::{Signature, SigningKey};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::state::AppState;
use crate::util::{error_response, json_response, lock, now_ms, standard_id};

/// The discovery document's path.
pub const DISCOVERY_PATH: &str = "/oidc/.well-known/openid-configuration";
/// The JWKS's path (Logto's `jwks_uri`).
pub const JWKS_PATH: &str = "/oidc/jwks";
/// Logto's organization token TTL (`reversedResourceAccessTokenTtl`), seconds.
const ORGANIZATION_TOKEN_TTL: i64 = 3600;
/// The app ID tokens are issued to when a request names none.
pub const DEFAULT_CLIENT_ID: &str = "localdashboardspa0001";

/// One signing key and its `kid`.
pub struct Key {
    pub kid: String,
    signing: SigningKey,
}

impl Key {
    /// A new random P-384 key.
    fn generate() -> Result<Key, String> {
        loop {
            let mut bytes = [0u8; 48];
            getrandom::getrandom(&mut bytes).map_err(|e| e.to_string())?;
            if let Ok(signing) = SigningKey::from_slice(&bytes) {
                let kid = kid_of(&public_jwk_members(&signing));
                return Ok(Key { kid, signing });
            }
        }
    }

    /// The public JWK, as Logto's JWKS lists it.
    pub fn public_jwk(&self) -> Value {
        let (x, y) = public_jwk_members(&self.signing);
        json!({ "kty": "EC", "crv": "P-384", "x": x, "y": y, "kid": self.kid, "alg": "ES384", "use": "sig" })
    }

    /// Signs a JWT with this key: `header.payload.signature`.
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            Base64UrlUnpadded::encode_string(header.to_string().as_bytes()),
            Base64UrlUnpadded::encode_string(claims.to_string().as_bytes())
        );
        let signature: Signature = self.signing.sign(input.as_bytes());
        format!(
            "{input}.{}",
            Base64UrlUnpadded::encode_string(&signature.to_bytes())
        )
    }
}

/// The public key's `x` and `y`, base64url.
fn public_jwk_members(signing: &SigningKey) -> (String, String) {
    let point = signing.verifying_key().to_encoded_point(false);
    let coordinate = |c: Option<&p384::FieldBytes>| {
        c.map(|bytes| Base64UrlUnpadded::encode_string(bytes))
            .unwrap_or_default()
    };
    (coordinate(point.x()), coordinate(point.y()))
}

/// Logto's `kid`: base64url SHA-256 of `{"crv","kty","x","y"}` serialised in that order.
fn kid_of((x, y): &(String, String)) -> String {
    let components = format!(r#"{{"crv":"P-384","kty":"EC","x":"{x}","y":"{y}"}}"#);
    Base64UrlUnpadded::encode_string(&Sha256::digest(components.as_bytes()))
}

/// The signing keys: the current one signs; the previous one stays in the JWKS after a rotation
/// (Logto keeps its previous key so tokens it signed still verify).
pub struct SigningKeys {
    pub current: Key,
    pub previous: Option<Key>,
}

impl SigningKeys {
    /// A fresh random key.
    pub fn new() -> Result<SigningKeys, String> {
        Ok(SigningKeys {
            current: Key::generate()?,
            previous: None,
        })
    }

    /// Makes a new current key; the current one becomes the previous one (the one before is
    /// dropped from the JWKS).
    pub fn rotate(&mut self) -> Result<(), String> {
        let next = Key::generate()?;
        self.previous = Some(std::mem::replace(&mut self.current, next));
        Ok(())
    }

    /// The JWKS.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = std::iter::once(&self.current)
            .chain(self.previous.as_ref())
            .map(Key::public_jwk)
            .collect();
        json!({ "keys": keys })
    }
}

/// `{origin}/oidc` for the request's `Host` (the local server's endpoint is wherever it is
/// reached; Logto's is its configured `ENDPOINT`).
pub fn issuer(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}/oidc")
}

/// `GET /oidc/.well-known/openid-configuration`: the members a resource server reads.
pub fn discovery(headers: &HeaderMap) -> Response {
    let issuer = issuer(headers);
    json_response(
        StatusCode::OK,
        &json!({
            "issuer": issuer,
            "jwks_uri": format!("{issuer}/jwks"),
            "token_endpoint": format!("{issuer}/token"),
            "id_token_signing_alg_values_supported": ["ES384"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
        }),
    )
}

/// `GET /oidc/jwks`, with Logto's `Cache-Control` for it.
pub fn jwks(state: &AppState) -> Response {
    let mut resp = json_response(StatusCode::OK, &lock(&state.signing).jwks());
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache, max-age=0, must-revalidate"),
    );
    resp
}

type St = State<Arc<AppState>>;

fn bad(message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, "mock.invalid_input", message)
}

fn body_object(bytes: &Bytes) -> Result<Map<String, Value>, Response> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(bad("expected a JSON object")),
    }
}

fn opt_string(body: &Map<String, Value>, key: &str) -> Result<Option<String>, Response> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(&format!("{key} must be a string"))),
    }
}

/// `POST /__mock/oidc/rotate-key`: a new signing key; the JWKS lists it and the previous one.
pub async fn rotate_key(State(st): St) -> Response {
    let mut keys = lock(&st.signing);
    match keys.rotate() {
        Ok(()) => json_response(
            StatusCode::OK,
            &json!({
                "kid": keys.current.kid,
                "previousKid": keys.previous.as_ref().map(|k| k.kid.clone()),
            }),
        ),
        Err(e) => error_response(StatusCode::INTERNAL_SERVER_ERROR, "mock.key_failed", &e),
    }
}

/// What both issuing endpoints share: the subject, the app, times, the claim overrides.
struct Request {
    sub: String,
    client_id: String,
    requested: Option<Vec<String>>,
    expires_in: i64,
    claims: Map<String, Value>,
}

fn read_request(body: &Map<String, Value>, machine_ok: bool) -> Result<Request, Response> {
    let client_id = opt_string(body, "clientId")?.unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
    let machine = matches!(body.get("machine"), Some(Value::Bool(true)));
    let sub = match (opt_string(body, "userId")?, machine && machine_ok) {
        (Some(user), false) => user,
        (None, true) => client_id.clone(),
        _ => {
            return Err(bad(if machine_ok {
                "give userId (a seeded user), or machine: true for a machine-to-machine app's token"
            } else {
                "userId is required"
            }))
        }
    };
    let requested = opt_string(body, "scope")?.map(|s| {
        s.split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    });
    let expires_in = match body.get("expiresIn") {
        None | Some(Value::Null) => ORGANIZATION_TOKEN_TTL,
        Some(v) => v.as_i64().ok_or_else(|| {
            bad("expiresIn must be a whole number of seconds (negative: expired)")
        })?,
    };
    let claims = match body.get("claims") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(o)) => o.clone(),
        Some(_) => return Err(bad("claims must be an object")),
    };
    Ok(Request {
        sub,
        client_id,
        requested,
        expires_in,
        claims,
    })
}

/// Signs the claims in node-oidc-provider's order, overrides applied, and answers like Logto's
/// token endpoint.
fn issue(
    st: &AppState,
    headers: &HeaderMap,
    request: Request,
    aud: &str,
    scope: Vec<String>,
) -> Response {
    let now = now_ms() / 1000;
    let scope = scope.join(" ");
    let mut claims = Map::new();
    claims.insert("jti".into(), json!(standard_id(21)));
    claims.insert("sub".into(), json!(request.sub));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + request.expires_in));
    if !scope.is_empty() {
        claims.insert("scope".into(), json!(scope));
    }
    claims.insert("client_id".into(), json!(request.client_id));
    claims.insert("iss".into(), json!(issuer(headers)));
    claims.insert("aud".into(), json!(aud));
    for (key, value) in request.claims {
        if value.is_null() {
            claims.remove(&key);
        } else {
            claims.insert(key, value);
        }
    }
    let keys = lock(&st.signing);
    let header = json!({ "alg": "ES384", "typ": "at+jwt", "kid": keys.current.kid });
    let token = keys.current.sign(&header, &Value::Object(claims));
    json_response(
        StatusCode::OK,
        &json!({
            "access_token": token,
            "expires_in": request.expires_in,
            "token_type": "Bearer",
            "scope": scope,
        }),
    )
}

/// `POST /__mock/oidc/organization-token`: an organization token for a seeded user (a member of
/// the organization) or, with `machine: true`, for a machine-to-machine app. `scope`: the
/// permissions asked for (default: all the user's roles grant there); the token holds those the
/// user's organization roles grant, as Logto issues them.
pub async fn organization_token(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let body = match body_object(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let request = match read_request(&body, true) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let organization_id = match opt_string(&body, "organizationId") {
        Ok(Some(id)) => id,
        Ok(None) => return bad("organizationId is required"),
        Err(r) => return r,
    };
    let granted: Vec<String> = {
        let store = lock(&st.store);
        if store.organization(&organization_id).is_none() {
            return bad("organizationId is not a seeded organization");
        }
        if request.sub == request.client_id {
            // A machine-to-machine app's organization roles are not modelled: it gets what it asks.
            request.requested.clone().unwrap_or_default()
        } else {
            let Some(membership) = store
                .memberships
                .iter()
                .find(|m| m.organization_id == organization_id && m.user_id == request.sub)
            else {
                return bad("the user is not a member of the organization");
            };
            let mut granted: Vec<String> = Vec::new();
            for scope in membership
                .role_ids
                .iter()
                .filter_map(|id| store.role(id))
                .flat_map(|role| role.scopes.iter())
            {
                if !granted.contains(scope) {
                    granted.push(scope.clone());
                }
            }
            granted
        }
    };
    let scope = match &request.requested {
        Some(requested) => granted
            .into_iter()
            .filter(|s| requested.contains(s))
            .collect(),
        None => granted,
    };
    let aud = format!("urn:logto:organization:{organization_id}");
    issue(&st, &headers, request, &aud, scope)
}

/// `POST /__mock/oidc/access-token`: an ordinary access token for a seeded user and an API
/// resource (`resource`, required), with the `scope` given.
pub async fn access_token(State(st): St, headers: HeaderMap, bytes: Bytes) -> Response {
    let body = match body_object(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let request = match read_request(&body, false) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let resource = match opt_string(&body, "resource") {
        Ok(Some(r)) => r,
        Ok(None) => return bad("resource is required (the API resource indicator)"),
        Err(r) => return r,
    };
    if lock(&st.store).user(&request.sub).is_none() {
        return bad("userId is not a seeded user");
    }
    let scope = request.requested.clone().unwrap_or_default();
    issue(&st, &headers, request, &resource, scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p384::ecdsa::signature::Verifier;
    use p384::ecdsa::VerifyingKey;

    #[test]
    fn tokens_verify_with_the_jwks_key_and_rotation_keeps_one_previous() {
        let mut keys = SigningKeys::new().unwrap();
        let header = json!({ "alg": "ES384", "typ": "at+jwt", "kid": keys.current.kid });
        let token = keys.current.sign(&header, &json!({ "sub": "u" }));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let signature = Base64UrlUnpadded::decode_vec(parts[2]).unwrap();
        assert_eq!(signature.len(), 96);
        let verifying = VerifyingKey::from(&keys.current.signing);
        let signature = Signature::from_slice(&signature).unwrap();
        assert!(verifying
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
            .is_ok());
        let first = keys.current.kid.clone();
        assert_eq!(first.len(), 43);
        keys.rotate().unwrap();
        keys.rotate().unwrap();
        let jwks = keys.jwks();
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap())
            .collect();
        assert_eq!(kids.len(), 2);
        assert!(!kids.contains(&first.as_str()));
    }
}
