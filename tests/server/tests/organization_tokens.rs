//! Organization tokens as Logto issues them: discovery, the JWKS, the `/__mock/oidc/*` issuing
//! endpoints (claims, the seeded roles' permissions, membership), signatures that verify with the
//! JWKS key, and key rotation.

mod common;

use base64ct::{Base64UrlUnpadded, Encoding};
use common::*;
use p384::ecdsa::signature::Verifier;
use p384::ecdsa::{Signature, VerifyingKey};
use p384::EncodedPoint;
use serde_json::{json, Value};

fn part(token: &str, i: usize) -> Value {
    let bytes = Base64UrlUnpadded::decode_vec(token.split('.').nth(i).unwrap()).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn demo() -> Server {
    start(logto_local_server::Config {
        seeds: vec![serde_json::from_str(logto_local_server::state::DEMO_SEED).unwrap()],
        ..Default::default()
    })
}

fn verifies(s: &Server, token: &str) -> bool {
    let kid = part(token, 0)["kid"].as_str().unwrap().to_owned();
    let jwks = s.get("/oidc/jwks").json();
    let Some(key) = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
    else {
        return false;
    };
    let coordinate =
        |name: &str| Base64UrlUnpadded::decode_vec(key[name].as_str().unwrap()).unwrap();
    let point = EncodedPoint::from_affine_coordinates(
        coordinate("x").as_slice().into(),
        coordinate("y").as_slice().into(),
        false,
    );
    let key = VerifyingKey::from_encoded_point(&point).unwrap();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature =
        Signature::from_slice(&Base64UrlUnpadded::decode_vec(signature).unwrap()).unwrap();
    key.verify(input.as_bytes(), &signature).is_ok()
}

#[test]
fn discovery_and_jwks() {
    let s = demo();
    let discovery = s.get("/oidc/.well-known/openid-configuration").json();
    let issuer = discovery["issuer"].as_str().unwrap().to_owned();
    assert!(
        issuer.starts_with("http://127.0.0.1:") && issuer.ends_with("/oidc"),
        "{issuer}"
    );
    assert_eq!(discovery["jwks_uri"], json!(format!("{issuer}/jwks")));
    let jwks = s.get("/oidc/jwks");
    assert_eq!(jwks.status, 200);
    assert_eq!(
        jwks.header("cache-control"),
        Some("no-cache, max-age=0, must-revalidate")
    );
    let key = &jwks.json()["keys"][0];
    assert_eq!(
        (
            key["kty"].as_str(),
            key["crv"].as_str(),
            key["alg"].as_str()
        ),
        (Some("EC"), Some("P-384"), Some("ES384"))
    );
}

#[test]
fn organization_tokens_carry_logtos_claims_and_the_roles_permissions() {
    let s = demo();
    let r = s.mock("POST", "/__mock/oidc/organization-token", Some(&json!({ "userId": "usrbob000002", "organizationId": "acme7k2m9q4x", "clientId": "spa" })));
    assert_eq!(r.status, 200, "{}", r.text());
    let answer = r.json();
    let token = answer["access_token"].as_str().unwrap();
    let header = part(token, 0);
    assert_eq!(header["alg"], "ES384");
    assert_eq!(header["typ"], "at+jwt");
    let claims = part(token, 1);
    let keys: Vec<&String> = claims.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "jti",
            "sub",
            "iat",
            "exp",
            "scope",
            "client_id",
            "iss",
            "aud"
        ]
    );
    assert_eq!(claims["sub"], "usrbob000002");
    assert_eq!(claims["aud"], "urn:logto:organization:acme7k2m9q4x");
    assert_eq!(claims["scope"], "read:member read:invitation");
    assert_eq!(claims["client_id"], "spa");
    assert_eq!(answer["expires_in"], 3600);
    assert!(verifies(&s, token));

    // Asked-for permissions the roles do not grant are left out.
    let narrow = s.mock("POST", "/__mock/oidc/organization-token", Some(&json!({ "userId": "usrbob000002", "organizationId": "acme7k2m9q4x", "scope": "invite:member read:invitation" }))).json();
    assert_eq!(narrow["scope"], "read:invitation");
    // Not a member; unknown organization; overrides.
    let outsider = s.mock(
        "POST",
        "/__mock/oidc/organization-token",
        Some(&json!({ "userId": "usrcarol0003", "organizationId": "acme7k2m9q4x" })),
    );
    assert_eq!(outsider.status, 400);
    let unknown = s.mock(
        "POST",
        "/__mock/oidc/organization-token",
        Some(&json!({ "userId": "usrbob000002", "organizationId": "nope" })),
    );
    assert_eq!(unknown.status, 400);
    let two = s.mock("POST", "/__mock/oidc/organization-token", Some(&json!({ "userId": "usrbob000002", "organizationId": "acme7k2m9q4x", "expiresIn": -60, "claims": { "aud": ["a", "b"], "jti": null } }))).json();
    let claims = part(two["access_token"].as_str().unwrap(), 1);
    assert_eq!(claims["aud"], json!(["a", "b"]));
    assert!(claims.get("jti").is_none());
    assert!(claims["exp"].as_i64().unwrap() < claims["iat"].as_i64().unwrap());
    // A machine-to-machine app's token: sub is its ID.
    let m2m = s.mock("POST", "/__mock/oidc/organization-token", Some(&json!({ "machine": true, "organizationId": "acme7k2m9q4x", "clientId": "m2m", "scope": "read:invitation" }))).json();
    assert_eq!(part(m2m["access_token"].as_str().unwrap(), 1)["sub"], "m2m");
    // An ordinary access token for an API resource.
    let access = s
        .mock(
            "POST",
            "/__mock/oidc/access-token",
            Some(&json!({ "userId": "usrerin00005", "resource": "https://api.test" })),
        )
        .json();
    assert_eq!(
        part(access["access_token"].as_str().unwrap(), 1)["aud"],
        "https://api.test"
    );
}

#[test]
fn rotation_signs_with_a_new_key_and_keeps_the_previous_one_listed() {
    let s = demo();
    let body = json!({ "userId": "usralice0001", "organizationId": "acme7k2m9q4x" });
    let before = s
        .mock("POST", "/__mock/oidc/organization-token", Some(&body))
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let rotated = s.mock("POST", "/__mock/oidc/rotate-key", None).json();
    assert_eq!(rotated["previousKid"], part(&before, 0)["kid"]);
    let after = s
        .mock("POST", "/__mock/oidc/organization-token", Some(&body))
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(part(&after, 0)["kid"], rotated["kid"]);
    assert!(verifies(&s, &before) && verifies(&s, &after));
    s.mock("POST", "/__mock/oidc/rotate-key", None);
    assert!(!verifies(&s, &before), "two rotations drop the first key");
    assert_eq!(
        s.get("/oidc/jwks").json()["keys"].as_array().unwrap().len(),
        2
    );
}
